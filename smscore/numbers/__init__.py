"""Phone numbers: E.164 and digits-only normalization with phonenumbers' exact answers.

Reading rules (DESIGN.md "Public names"; issues 3 and 11):

* With a ``region`` (case-insensitive: ``"us"`` is ``"US"``), input is read as
  ``phonenumbers.parse(text, REGION)`` reads it: national numbers (trunk prefixes and
  their transform rules), ``00``/``011`` international prefixes, ``tel:`` URIs, vanity
  letters.
* Without a region, input whose number starts with ``+`` is international, and bare
  digits are country code first: ``"12135550123"`` is read as ``"+12135550123"``, the form
  mGage's gateway and Acoustic take. Input in national format is never guessed into a
  country: a first digit 0 (a trunk prefix, or an international prefix such as ``00``,
  which also depends on the region) or an area code in parentheses (``"(646) 683-6219"``)
  is rejected with :data:`REASON_NATIONAL_FORMAT` ("national format: give a region") and
  ``NumberCheck.national_format``. An RFC 3966 ``;phone-context=`` names its country and
  is read by phonenumbers as written.
* Either way, input is read as phonenumbers reads it: the number starts at the first
  ``+`` or decimal digit (a label in front, ``"Phone: +44 ..."``, and leading byte-order
  marks or zero-width characters are dropped), non-word characters at the end are dropped,
  and decimal digits of any script count (``"+٤٤ ..."``, ``"+44 २० ..."``, ``"＋１ ..."``).
* ``valid``, ``possible`` and the E.164 form equal phonenumbers' ``is_valid_number``,
  ``is_possible_number`` and ``format_number(..., E164)`` for that reading, ``region`` its
  ``region_code_for_number`` and ``line_type`` its ``number_type`` (lower snake case),
  with two stricter rules for SMS: an input that carries an extension (``ext. 45``, or
  ``12135550123;13105550199``, which phonenumbers reads as a number plus an extension) is
  not valid, since an SMS goes to one number; control characters are refused before
  phonenumbers sees the text.

Reasons are fixed phrases (the ``REASON_*`` constants), so rejections can be counted.
:data:`NO_SMS_LINE_TYPES` names the line types that usually cannot receive an SMS;
:func:`region_of` and :func:`national_reading` let a recipient list see a number that
reads as one country with its country code and as another as a national number.

``+E.164``, bare digits and national numbers with a region (ASCII digits with spaces,
``-``, ``.``, ``(`` and ``)``) go through :mod:`~smscore.numbers._fast` and
:mod:`~smscore.numbers._national`, which give the same answers from phonenumbers' metadata
about ten times faster; messy input takes one folding pass (:mod:`~smscore.numbers._text`)
first, and anything else goes to phonenumbers itself. Where only "valid, and which number"
is asked (:func:`normalize_number`, the recipient lists), those shapes first try
``valid_digits``/``valid_national``: one dict lookup and one match for a number written
without a prefix to strip. ``phonenumbers`` is imported on first use, not at
``import smscore``.
"""

from __future__ import annotations

from ._core import (
    MAX_INPUT_LENGTH as MAX_INPUT_LENGTH,
)
from ._core import (
    NO_SMS_LINE_TYPES,
    REASON_CONTROL_CHARACTER,
    REASON_EMPTY,
    REASON_EXTENSION,
    REASON_INPUT_TOO_LONG,
    REASON_INVALID_COUNTRY_CODE,
    REASON_INVALID_LENGTH,
    REASON_LOCAL_ONLY,
    REASON_MIXED_SCRIPTS,
    REASON_NATIONAL_FORMAT,
    REASON_NOT_A_NUMBER,
    REASON_NOT_A_STRING,
    REASON_NOT_ASSIGNED,
    REASON_TOO_LONG,
    REASON_TOO_LONG_FOR_COUNTRY,
    REASON_TOO_SHORT,
    REASON_TOO_SHORT_AFTER_IDD,
    REASON_TOO_SHORT_FOR_COUNTRY,
    REASON_UNKNOWN_REGION,
    NumberCheck,
    NumberStyle,
    _check,
    _check_full,
    _check_style,
    _fast_digits,
    _region_key,
    check_number,
    invalid_number_error,
    national_reading,
    normalize_number,
    region_of,
)

__all__ = [
    "NO_SMS_LINE_TYPES",
    "REASON_CONTROL_CHARACTER",
    "REASON_EMPTY",
    "REASON_EXTENSION",
    "REASON_INPUT_TOO_LONG",
    "REASON_INVALID_COUNTRY_CODE",
    "REASON_INVALID_LENGTH",
    "REASON_LOCAL_ONLY",
    "REASON_MIXED_SCRIPTS",
    "REASON_NATIONAL_FORMAT",
    "REASON_NOT_ASSIGNED",
    "REASON_NOT_A_NUMBER",
    "REASON_NOT_A_STRING",
    "REASON_TOO_LONG",
    "REASON_TOO_LONG_FOR_COUNTRY",
    "REASON_TOO_SHORT",
    "REASON_TOO_SHORT_AFTER_IDD",
    "REASON_TOO_SHORT_FOR_COUNTRY",
    "REASON_UNKNOWN_REGION",
    "NumberCheck",
    "NumberStyle",
    "check_number",
    "invalid_number_error",
    "national_reading",
    "normalize_number",
    "region_of",
]

# The recipient lists' internals (smscore.numbers.recipients imports them from here today;
# new code imports them from smscore.numbers._core).
_INTERNALS = (_check, _check_full, _check_style, _fast_digits, _region_key)
