"""Phone numbers: E.164 and digits-only normalization with phonenumbers' exact answers.

Reading rules (DESIGN.md "Public names"; issue 3):

* With a ``region`` (case-insensitive: ``"us"`` is ``"US"``), input is read as
  ``phonenumbers.parse(text, REGION)`` reads it: national numbers, ``00``/``011``
  international prefixes, ``tel:`` URIs, vanity letters, Unicode digits.
* Without a region, input starting with ``+`` (or a ``tel:`` URI) is international, and
  anything else is country code first: ``"12135550123"`` is read as ``"+12135550123"``,
  the form mGage's gateway and Acoustic take.
* ``valid``, ``possible`` and the E.164 form equal phonenumbers' ``is_valid_number``,
  ``is_possible_number`` and ``format_number(..., E164)`` for that reading, with three
  stricter rules for SMS: an input that carries an extension (``ext. 45``, or
  ``12135550123;13105550199``, which phonenumbers reads as a number plus an extension)
  is not valid, since an SMS goes to one number; control characters and digits from
  more than one script are refused before phonenumbers sees the text.

Reasons are fixed phrases (the ``REASON_*`` constants), so rejections can be counted.
``+E.164`` and bare ASCII digits (spaces, ``-``, ``.``, ``(`` and ``)`` allowed) go through
:mod:`smscore.numbers._fast`, which gives the same answers from phonenumbers' metadata about
ten times faster; everything else goes to phonenumbers itself. Where only "valid, and
which number" is asked (:func:`normalize_number`, and the recipient lists), those shapes
first try ``_numfast.valid_digits``, one dict lookup and one match for a number written
without a national prefix; anything it does not settle takes the full reading, so every
answer and every reason is the same. ``phonenumbers`` is imported on first use, not at
``import smscore``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Final, Literal

from ..errors import InvalidNumber
from . import _fast as _numfast

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

NumberStyle = Literal["e164", "digits"]

# Reasons in words. Input refused before phonenumbers is asked:
REASON_NOT_A_STRING: Final = "not a string"
REASON_EMPTY: Final = "empty"
# phonenumberutil._MAX_INPUT_STRING_LENGTH: phonenumbers refuses longer input too.
MAX_INPUT_LENGTH: Final = 250
REASON_INPUT_TOO_LONG: Final = "input longer than 250 characters"
REASON_CONTROL_CHARACTER: Final = "contains a control character"
REASON_MIXED_SCRIPTS: Final = "mixes digits from different scripts"
REASON_UNKNOWN_REGION: Final = "unknown region"
# phonenumbers.NumberParseException error types:
REASON_INVALID_COUNTRY_CODE: Final = "invalid country code"
REASON_NOT_A_NUMBER: Final = "not a number"
REASON_TOO_SHORT_AFTER_IDD: Final = "too short after the international prefix"
REASON_TOO_SHORT: Final = "too short to be a phone number"
REASON_TOO_LONG: Final = "too long to be a phone number"
# phonenumbers.ValidationResult of a parsed number that is not valid:
REASON_TOO_SHORT_FOR_COUNTRY: Final = "too short for the country"
REASON_TOO_LONG_FOR_COUNTRY: Final = "too long for the country"
REASON_INVALID_LENGTH: Final = "a length the country does not use"
REASON_LOCAL_ONLY: Final = "a local number without its area code"
REASON_NOT_ASSIGNED: Final = "possible but not an assigned range"
# SMS rule: one message, one number (issue 3).
REASON_EXTENSION: Final = "has an extension; an SMS goes to one number"
# No silent change of country (issue 11): national format needs a region.
REASON_NATIONAL_FORMAT: Final = "national format: give a region"

# phonenumbers.PhoneNumberType names (lower snake case) of lines that usually cannot
# receive an SMS: landlines, free and premium service numbers, shared-cost and universal
# access numbers, pagers and voicemail. Mobile, fixed_line_or_mobile, voip and
# personal_number lines often can; unknown is left to the caller.
NO_SMS_LINE_TYPES: Final[frozenset[str]] = frozenset(
    {
        "fixed_line",
        "toll_free",
        "premium_rate",
        "shared_cost",
        "pager",
        "uan",
        "voicemail",
    }
)

# NumberParseException.error_type -> reason (INVALID_COUNTRY_CODE=0 ... TOO_LONG=4).
_PARSE_REASONS: Final = (
    REASON_INVALID_COUNTRY_CODE,
    REASON_NOT_A_NUMBER,
    REASON_TOO_SHORT_AFTER_IDD,
    REASON_TOO_SHORT,
    REASON_TOO_LONG,
)
# _numfast.S_* / ValidationResult -> reason for a parsed number that is not valid.
_LENGTH_REASONS: Final = {
    _numfast.S_POSSIBLE: REASON_NOT_ASSIGNED,
    _numfast.S_LOCAL_ONLY: REASON_LOCAL_ONLY,
    _numfast.S_INVALID_CC: REASON_INVALID_COUNTRY_CODE,
    _numfast.S_TOO_SHORT: REASON_TOO_SHORT_FOR_COUNTRY,
    _numfast.S_INVALID_LENGTH: REASON_INVALID_LENGTH,
    _numfast.S_TOO_LONG: REASON_TOO_LONG_FOR_COUNTRY,
}

# C0 and C1 controls (Unicode category Cc); surrounding whitespace is stripped first.
_CONTROLS: Final = frozenset(chr(c) for c in (*range(0x20), *range(0x7F, 0xA0)))
# Separators the fast path deletes: phonenumbers drops them as punctuation, and none of
# them starts an extension (phonenumberutil._EXTN_PATTERNS_FOR_PARSING needs x, #, ; ,).
_FAST_SEPARATORS: Final = b" -.()"  # deleted with bytes.translate, 3x str.translate's speed
_PLUS_SIGNS: Final = ("+", "\uff0b")  # phonenumberutil._PLUS_CHARS
_START: Final = re.compile("[+\uff0b\\d]")  # phonenumberutil._VALID_START_CHAR
_TEL_PLUS: Final = frozenset({"tel:+", "TEL:+", "Tel:+"})
_CONTEXT: Final = ";phone-context="  # phonenumberutil._RFC3966_PHONE_CONTEXT
_MAX_E164_DIGITS: Final = 20  # country code (3) + _numfast's longest national number (17)

# An internal result: (e164, valid, possible, reason).
_Result = tuple[str | None, bool, bool, str | None]


@dataclass(frozen=True, slots=True, kw_only=True)
class NumberCheck:
    """What :func:`check_number` found.

    ``e164`` is the number phonenumbers read (``None`` when it could not read one);
    ``valid`` and ``possible`` are phonenumbers' answers, except that input carrying an
    extension is never ``valid``; ``reason`` says why the number is not valid (``None``
    when it is).
    """

    e164: str | None
    valid: bool
    possible: bool
    reason: str | None
    line_type: str | None = None
    region: str | None = None
    national_format: bool = False

    @property
    def digits(self) -> str | None:
        """The E.164 form without ``+`` (country code and national number), or ``None``."""
        return None if self.e164 is None else self.e164[1:]


_REGIONS: frozenset[str] | None = None


def _region_key(region: str | None) -> str | None:
    """Upper-cased region, or ``None``; raises InvalidNumber for an unknown region."""
    if region is None:
        return None
    if not isinstance(region, str):
        raise TypeError(f"region must be a str or None, not {type(region).__name__}")
    key = region.upper()
    global _REGIONS
    if _REGIONS is None:
        from phonenumbers import SUPPORTED_REGIONS

        _REGIONS = frozenset(SUPPORTED_REGIONS)
    if key not in _REGIONS:
        raise InvalidNumber(
            f"region {region!r} is not a region phonenumbers knows "
            "(an ISO 3166-1 alpha-2 code such as 'US')",
            field="region",
            value=region,
            rule=REASON_UNKNOWN_REGION,
        )
    return key


def _screen(raw: object) -> str | _Result:
    """The stripped text, or a refusal before phonenumbers is asked."""
    if not isinstance(raw, str):
        return (None, False, False, REASON_NOT_A_STRING)
    if len(raw) > MAX_INPUT_LENGTH:  # checked first: a 10 MB string costs nothing more
        return (None, False, False, REASON_INPUT_TOO_LONG)
    s = raw.strip()  # whitespace, including NBSP and newlines, around the number
    if not s:
        return (None, False, False, REASON_EMPTY)
    if s.isascii():
        if not s.isprintable():
            return (None, False, False, REASON_CONTROL_CHARACTER)
        return s
    zeros = set()
    for ch in s:
        if ch in _CONTROLS:
            return (None, False, False, REASON_CONTROL_CHARACTER)
        value = unicodedata.decimal(ch, None)
        if value is not None:
            zeros.add(ord(ch) - value)
    if len(zeros) > 1:
        return (None, False, False, REASON_MIXED_SCRIPTS)
    return s


def _from_fast(result: _numfast.FastResult) -> _Result:
    e164, valid, possible, status = result
    if e164 is None:
        return (None, False, False, REASON_TOO_LONG)
    return (e164, valid, possible, None if valid else _LENGTH_REASONS[status])


def _slow(s: str, region: str | None) -> _Result:
    import phonenumbers
    from phonenumbers import NumberParseException

    if region is None and _CONTEXT not in s:
        # no region: bare digits are country code first, "+" before the first digit
        m = _START.search(s)
        if m is not None and m.group() not in _PLUS_SIGNS:
            s = s[: m.start()] + "+" + s[m.start() :]
    try:
        number = phonenumbers.parse(s, region)
    except NumberParseException as exc:
        return (None, False, False, _PARSE_REASONS[exc.error_type])
    e164: str = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    reason: int = phonenumbers.is_possible_number_with_reason(number)
    possible = reason in (_numfast.S_POSSIBLE, _numfast.S_LOCAL_ONLY)
    if number.extension:
        return (e164, False, possible, REASON_EXTENSION)
    if phonenumbers.is_valid_number(number):
        return (e164, True, possible, None)
    return (e164, False, possible, _LENGTH_REASONS[reason])


def _fast_digits(raw: object, plus_only: bool) -> str | None:
    """Country code + national number when the fast path settles ``raw`` as valid, else None.

    The send-loop shortcut of ``_check`` for the shapes it hands to
    :func:`_numfast.fast_check` unchanged: ``+`` (or ``tel:+``) then ASCII digits and
    separators, or, with no region (``plus_only`` false), ASCII digits and separators.
    Surrounding spaces are separators here, as ``_check`` strips them. ``None`` means
    "ask ``_check``": another shape, or a number ``_numfast.valid_digits`` does not settle.
    """
    if type(raw) is not str or len(raw) > MAX_INPUT_LENGTH:
        return None  # _screen's refusals (a str subclass also goes the long way)
    if raw[:1] == "+":
        body = raw[1:]
    elif raw[:5] in _TEL_PLUS:
        body = raw[5:]  # RFC 3966 "tel:+..." with no parameters, as _check reads it
    elif plus_only:
        return None  # national input is read by phonenumbers for the region
    else:
        body = raw
    if not body.isascii():
        return None  # _check reads non-ASCII input with phonenumbers itself
    if not body.isdigit():
        if body is raw and raw.lstrip()[:1] == "(":
            return None  # "(area code)": national format, _check says so
        body = body.encode().translate(None, _FAST_SEPARATORS).decode()
    if len(body) >= 3 and body.isdigit():
        return _numfast.valid_digits(body)
    return None


def _national_format(s: str) -> bool:
    """No region, and ``s`` is written nationally: a trunk prefix 0 or "(area code)"."""
    for i, ch in enumerate(s):
        if ch in _PLUS_SIGNS:
            return False
        value = unicodedata.decimal(ch, None)
        if value is not None:
            return value == 0 or s[:i].rstrip().endswith(("(", "\uff08"))
    return False


def _check(raw: object, region: str | None) -> _Result:
    """The core: region already validated and upper-cased."""
    s = _screen(raw)
    if not isinstance(s, str):
        return s
    if region is None and _national_format(s) and _CONTEXT not in s:
        return (None, False, False, REASON_NATIONAL_FORMAT)
    if s.isascii():
        # RFC 3966 "tel:+..." with no parameters reads as the "+..." after it
        t = s[4:] if s[:5] in _TEL_PLUS else s
        body = t[1:] if t[0] == "+" else t if region is None else ""
        if body:
            if not body.isdigit():
                body = body.encode().translate(None, _FAST_SEPARATORS).decode()
            if len(body) >= 3 and body.isdigit():
                fast = _numfast.fast_check(body)
                if fast is not None:
                    return _from_fast(fast)
    return _slow(s, region)


def _line_type(e164: str) -> str | None:
    import phonenumbers

    kind = phonenumbers.number_type(phonenumbers.parse(e164))
    name: str = phonenumbers.PhoneNumberType.to_string(kind)
    return name.lower()


def check_number(raw: Any, region: str | None = None) -> NumberCheck:
    """Read ``raw`` as a phone number and say whether it is valid, and why not.

    Never raises for bad input (``None``, non-strings, junk, 10 MB strings): the answer
    says why. An unknown ``region`` is a caller error and raises ``InvalidNumber``.

    >>> check_number("2135550123", "us")  # doctest: +NORMALIZE_WHITESPACE
    NumberCheck(e164='+12135550123', valid=True, possible=True, reason=None,
                line_type='fixed_line_or_mobile', region='US', national_format=False)
    """
    e164, valid, possible, reason = _check(raw, _region_key(region))
    if e164 is None:
        return NumberCheck(
            e164=e164,
            valid=valid,
            possible=possible,
            reason=reason,
            national_format=reason == REASON_NATIONAL_FORMAT,
        )
    return NumberCheck(
        e164=e164,
        valid=valid,
        possible=possible,
        reason=reason,
        line_type=_line_type(e164),
        region=_numfast.region_of(e164[1:]),
    )


def region_of(e164: str) -> str | None:
    """The region phonenumbers assigns to an E.164 number (``region_code_for_number``).

    ``"001"`` for non-geographic codes (+800, +882, ...), ``None`` when no country code
    starts the number or (for a code several regions share) no region claims it, or when
    ``e164`` is not ``+`` and ASCII digits.

    >>> region_of("+12135550123"), region_of("+16135550123"), region_of("+442079460958")
    ('US', 'CA', 'GB')
    """
    if type(e164) is not str or e164[:1] != "+":
        return None
    digits = e164[1:]
    if not (digits.isascii() and digits.isdigit()) or len(digits) > _MAX_E164_DIGITS:
        return None
    return _numfast.region_of(digits)


def national_reading(raw: str, region: str) -> str | None:
    """The E.164 number ``raw`` is when read for ``region`` (as ``phonenumbers.parse``), if valid.

    For bare digits this is their reading as a national number of ``region``, to compare
    with the country-code-first reading :func:`check_number` gives without a region.
    ``None`` when that reading is not a valid number. An unknown ``region`` raises
    ``InvalidNumber``.

    >>> national_reading("6466836219", "US"), check_number("6466836219").e164
    ('+16466836219', '+6466836219')
    """
    e164, valid, _possible, _reason = _check(raw, _region_key(region))
    return e164 if valid else None


def _describe(raw: object) -> str:
    if isinstance(raw, str) and len(raw) > 40:
        return f"{raw[:40]!r}... ({len(raw)} characters)"
    return repr(raw)


def _check_style(style: str) -> None:
    if style not in ("e164", "digits"):
        raise InvalidNumber(
            f"style {style!r} is not one of 'e164' ('+12135550123') or 'digits' ('12135550123')",
            field="style",
            value=style,
            rule="style is 'e164' or 'digits'",
        )


def invalid_number_error(raw: object, region: str | None, reason: str) -> InvalidNumber:
    """The ``InvalidNumber`` for ``raw``: names the input, the region and the reason.

    >>> str(invalid_number_error("12", None, REASON_TOO_SHORT))
    "number '12' is not a valid phone number (region None): too short to be a phone number"
    """
    return InvalidNumber(
        f"number {_describe(raw)} is not a valid phone number (region {region}): {reason}",
        field="number",
        value=raw,
        rule=reason,
    )


def normalize_number(raw: Any, region: str | None = None, *, style: NumberStyle = "e164") -> str:
    """The number in E.164 (``style="e164"``) or digits-only (``style="digits"``) form.

    Raises ``InvalidNumber`` (a ``ValueError``) naming the input, the region and the
    reason for anything that is not a valid number.

    >>> normalize_number("+1 (213) 555-0123")
    '+12135550123'
    >>> normalize_number("(213) 555-0123", "us", style="digits")
    '12135550123'
    """
    if style == "e164" or style == "digits":
        # Fast path: "+E.164" or bare digits that _numfast settles as valid as written.
        digits = _fast_digits(raw, region is not None)
        if digits is not None:
            if region is not None:
                _region_key(region)  # an unknown region is refused however the number reads
            return digits if style == "digits" else "+" + digits
    _check_style(style)
    key = _region_key(region)
    e164, valid, _possible, reason = _check(raw, key)
    if not valid or e164 is None:
        raise invalid_number_error(raw, key, reason or REASON_NOT_A_NUMBER)
    return e164[1:] if style == "digits" else e164
