"""The reading behind :mod:`smscore.numbers` (its facade re-exports the public names).

Sibling modules (the recipient lists) import from here, never from the package facade.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final, Literal

from ..errors import InvalidNumber
from . import _fast as _numfast
from ._national import fast_national, valid_national
from ._text import split
from ._types import NO_SMS_LINE_TYPES as NO_SMS_LINE_TYPES

NumberStyle = Literal["e164", "digits"]

# Reasons in words. Input refused before phonenumbers is asked:
REASON_NOT_A_STRING: Final = "not a string"
REASON_EMPTY: Final = "empty"
# phonenumberutil._MAX_INPUT_STRING_LENGTH: phonenumbers refuses longer input too.
MAX_INPUT_LENGTH: Final = 250
REASON_INPUT_TOO_LONG: Final = "input longer than 250 characters"
REASON_CONTROL_CHARACTER: Final = "contains a control character"
# No longer given (issue 11: phonenumbers reads "+44 २० ७९४६ ०९५८", so smscore does too);
# kept so that code counting reasons by these constants still imports.
REASON_MIXED_SCRIPTS: Final = "mixes digits from different scripts"
REASON_UNKNOWN_REGION: Final = "unknown region"
# No silent change of country (issue 11): national format needs a region.
REASON_NATIONAL_FORMAT: Final = "national format: give a region"
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
_HOT_START: Final = frozenset("+0123456789")  # no label to cut
_TEL_PLUS: Final = frozenset({"tel:+", "TEL:+", "Tel:+"})
_CONTEXT: Final = ";phone-context="  # phonenumberutil._RFC3966_PHONE_CONTEXT
_NON_GEO: Final = "001"  # phonenumberutil.REGION_CODE_FOR_NON_GEO_ENTITY
_MAX_E164_DIGITS: Final = 20  # country code (3) + _numfast's longest national number (17)

# An internal result: (e164, valid, possible, reason), what the recipient lists use.
_Result = tuple[str | None, bool, bool, str | None]
# The full one: + (region, line_type, national_format).
_Full = tuple[str | None, bool, bool, str | None, str | None, str | None, bool]


@dataclass(frozen=True, slots=True, kw_only=True)
class NumberCheck:
    """What :func:`check_number` found.

    ``e164`` is the number phonenumbers read (``None`` when it could not read one);
    ``valid`` and ``possible`` are phonenumbers' answers, except that input carrying an
    extension is never ``valid``; ``reason`` says why the number is not valid (``None``
    when it is). When a number was read: ``region`` is ``region_code_for_number``'s answer
    (``"001"`` for non-geographic codes such as +800) and ``line_type`` is
    ``number_type``'s in lower snake case (``"mobile"``, ``"fixed_line"``,
    ``"fixed_line_or_mobile"``, ``"toll_free"``, ... ``"unknown"`` for a number that is not
    valid). ``national_format`` is true when the input was in national format and no region
    was given (``reason`` is then :data:`REASON_NATIONAL_FORMAT`).
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


_new = object.__new__


def _setter(name: str) -> Callable[[NumberCheck, Any], None]:
    # the slot's own descriptor: sets the field without the frozen __setattr__
    setter: Callable[[NumberCheck, Any], None] = getattr(NumberCheck, name).__set__
    return setter


_set_e164 = _setter("e164")
_set_valid = _setter("valid")
_set_possible = _setter("possible")
_set_reason = _setter("reason")
_set_line_type = _setter("line_type")
_set_region = _setter("region")
_set_national_format = _setter("national_format")

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


def _opens(label: str) -> bool:
    # the label's last visible character (not a space, not a format character: zero-width
    # spaces and joiners, byte-order marks, direction marks) is "(": an area code follows
    for ch in reversed(label):
        if not ch.isspace() and unicodedata.category(ch) != "Cf":
            return ch == "("  # split() folded "\uff08" to "("
    return False


def _refused(reason: str) -> _Full:
    return (None, False, False, reason, None, None, False)


_NATIONAL: Final[_Full] = (None, False, False, REASON_NATIONAL_FORMAT, None, None, True)


def _screen(raw: object) -> str | _Full:
    """The stripped text, or a refusal before phonenumbers is asked."""
    if not isinstance(raw, str):
        return _refused(REASON_NOT_A_STRING)
    if len(raw) > MAX_INPUT_LENGTH:  # checked first: a 10 MB string costs nothing more
        return _refused(REASON_INPUT_TOO_LONG)
    s = raw.strip()  # whitespace, including NBSP and newlines, around the number
    if not s:
        return _refused(REASON_EMPTY)
    if s.isascii():
        if not s.isprintable():
            return _refused(REASON_CONTROL_CHARACTER)
    elif not _CONTROLS.isdisjoint(s):
        return _refused(REASON_CONTROL_CHARACTER)
    return s


def _from_fast(result: _numfast.FastResult) -> _Full:
    e164, valid, possible, status, region, line_type = result
    if e164 is None:
        return _refused(REASON_TOO_LONG)
    reason = None if valid else _LENGTH_REASONS[status]
    return (e164, valid, possible, reason, region, line_type, False)


def _slow(s: str, region: str | None) -> _Full:
    import phonenumbers
    from phonenumbers import NumberParseException

    if region is None and _CONTEXT not in s:
        # no region: bare digits are country code first, "+" before the first digit
        label, text = split(s)
        if text[:1].isdigit():
            s = s[: len(label)] + "+" + s[len(label) :]  # split keeps lengths
    try:
        number = phonenumbers.parse(s, region)
    except NumberParseException as exc:
        return _refused(_PARSE_REASONS[exc.error_type])
    e164: str = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    reason: int = phonenumbers.is_possible_number_with_reason(number)
    possible = reason in (_numfast.S_POSSIBLE, _numfast.S_LOCAL_ONLY)
    where: str | None = phonenumbers.region_code_for_number(number)
    kind: str = phonenumbers.PhoneNumberType.to_string(phonenumbers.number_type(number))
    line_type = kind.lower()
    if number.extension:
        return (e164, False, possible, REASON_EXTENSION, where, line_type, False)
    if phonenumbers.is_valid_number(number):
        return (e164, True, possible, None, where, line_type, False)
    return (e164, False, possible, _LENGTH_REASONS[reason], where, line_type, False)


def _check_full(raw: object, region: str | None) -> _Full:
    """The core: region already validated and upper-cased."""
    s = _screen(raw)
    if not isinstance(s, str):
        return s
    if s[0] in _HOT_START and s.isascii():
        number = s  # "+..." or digits as typed: nothing to cut
        if region is None and s[0] == "0":
            return _NATIONAL  # a trunk prefix: no country to read
    elif _CONTEXT in s:
        return _slow(s, region)  # RFC 3966 phone-context: phonenumbers reads it
    else:
        label, number = split(s)
        if not number:
            return _slow(s, region)
        if region is None and number[0] != "+" and (number[0] == "0" or _opens(label)):
            return _NATIONAL  # a trunk prefix or "(area code)": no country to read
        if not number.isascii():
            return _slow(s, region)
    plus = number[0] == "+"
    body = number[1:] if plus else number
    if not body.isdigit():
        body = body.encode().translate(None, _FAST_SEPARATORS).decode()
    if len(body) >= 3 and body.isdigit():
        fast = _numfast.fast_check(body) if plus or region is None else fast_national(body, region)
        if fast is not None:
            return _from_fast(fast)
    return _slow(s, region)


def _check(raw: object, region: str | None) -> _Result:
    """``(e164, valid, possible, reason)`` of :func:`_check_full`."""
    full = _check_full(raw, region)
    return (full[0], full[1], full[2], full[3])


def _fast_digits(
    raw: object,
    plus_only: bool,
    region: str | None = None,
    check: Callable[[str], str | None] = _numfast.valid_digits,
) -> str | None:
    """Country code + national number when the fast path settles ``raw`` as valid, else None.

    The send-loop shortcut of ``_check`` for the shapes it hands to the fast path
    unchanged: ``+`` (or ``tel:+``) then ASCII digits and separators; with no region
    (``plus_only`` false), ASCII digits and separators read country code first; with a
    ``region`` (validated, upper case), ASCII digits and separators read as a national
    number of it. Surrounding spaces are separators here, as ``_check`` strips them.
    ``None`` means "ask ``_check``": another shape, or a number the shortcut does not settle.
    ``check`` settles the digits read with their country code (``_fast.valid_digits``, or
    ``_sms.sms_digits`` for a send, which also wants a line that takes SMS).
    """
    if type(raw) is not str or len(raw) > MAX_INPUT_LENGTH:
        return None  # _screen's refusals (a str subclass also goes the long way)
    national = False
    if raw[:1] == "+":
        body = raw[1:]
    elif raw[:5] in _TEL_PLUS:
        body = raw[5:]  # RFC 3966 "tel:+..." with no parameters, as _check reads it
    elif region is not None:
        body = raw
        national = True
    elif plus_only:
        return None  # national input is read by phonenumbers for the region
    else:
        body = raw
        if raw[:1] == "0":
            return None  # national format: _check says so
    if not body.isascii():
        return None  # _check folds non-ASCII input first
    if not body.isdigit():
        if not national and body is raw:
            # the label before the first digit: "(" in it may open an area code, and a
            # trunk prefix or a "+" after it changes the reading ("-(604...", " +44...")
            lead = body.lstrip(" -.()")
            if lead[:1] in ("0", "+") or "(" in body[: len(body) - len(lead)]:
                return None
        body = body.encode().translate(None, _FAST_SEPARATORS).decode()
    if len(body) >= 3 and body.isdigit():
        if national:
            return valid_national(body, region)  # type: ignore[arg-type]
        return check(body)
    return None


def check_number(raw: Any, region: str | None = None) -> NumberCheck:
    """Read ``raw`` as a phone number and say whether it is valid, and why not.

    Never raises for bad input (``None``, non-strings, junk, 10 MB strings): the answer
    says why. An unknown ``region`` is a caller error and raises ``InvalidNumber``.

    >>> check_number("2135550123", "us")  # doctest: +NORMALIZE_WHITESPACE
    NumberCheck(e164='+12135550123', valid=True, possible=True, reason=None,
                line_type='fixed_line_or_mobile', region='US', national_format=False)
    """
    e164, valid, possible, reason, where, line_type, national = _check_full(
        raw, _region_key(region)
    )
    # NumberCheck(e164=..., ...) field by field through the slots: the frozen dataclass's
    # __init__ costs three times as much (object.__setattr__ per field); same object.
    check = _new(NumberCheck)
    _set_e164(check, e164)
    _set_valid(check, valid)
    _set_possible(check, possible)
    _set_reason(check, reason)
    _set_line_type(check, line_type)
    _set_region(check, where)
    _set_national_format(check, national)
    return check


def region_of(e164: str) -> str | None:
    """The region phonenumbers assigns to an E.164 number (``region_code_for_number``).

    ``"001"`` for non-geographic codes (+800, +882, ...); ``None`` when no country code
    starts the number, when (for a code several regions share) no region claims it, or
    when ``e164`` is not ``+`` and ASCII digits.

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

    For bare digits this is their reading as a national number of ``region``, to set
    against the country-code-first reading :func:`check_number` gives without a region.
    ``None`` when that reading is not a valid number, and for ``"001"`` (what
    :func:`region_of` gives non-geographic numbers, which have no national form). Another
    unknown ``region`` raises ``InvalidNumber``.

    >>> national_reading("6466836219", "US"), check_number("6466836219").e164
    ('+16466836219', '+6466836219')
    """
    if region == _NON_GEO:
        return None
    key = _region_key(region)
    if type(raw) is str and raw.isascii() and raw.isdigit() and 3 <= len(raw) <= 250:
        digits = valid_national(raw, key)  # type: ignore[arg-type]
        if digits is not None:
            return "+" + digits
    e164, valid, _possible, _reason, _where, _kind, _national = _check_full(raw, key)
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
    key = None if region is None else _region_key(region)
    if style == "e164" or style == "digits":
        # Fast path: "+E.164", or digits the shortcut settles as valid as written.
        digits = _fast_digits(raw, key is not None, key)
        if digits is not None:
            return digits if style == "digits" else "+" + digits
    _check_style(style)
    e164, valid, _possible, reason, _where, _kind, _national = _check_full(raw, key)
    if not valid or e164 is None:
        raise invalid_number_error(raw, key, reason or REASON_NOT_A_NUMBER)
    return e164[1:] if style == "digits" else e164
