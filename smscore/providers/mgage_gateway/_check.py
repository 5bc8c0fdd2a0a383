"""The statuses the gateway would answer, predicted from the rules (seed 000).

Each check returns :class:`~smscore.wire.Rejection` values carrying the rule's basis
(:data:`._rules.RULES`), and :class:`~smscore.wire.Advice` for smscore's own opinions (how
the 160 limit could be read otherwise). Nothing here raises for what the gateway would
refuse; that is data.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final

from ...text import LengthReadings, length_readings
from ...wire import Advice, Rejection
from ._args import Settings
from ._rules import COUNTRIES, MAX_MESSAGE_UNITS, MAX_NUMBERS, NAME, RULES, STATUS_TEXTS, YES_NO

__all__ = [
    "length_advice",
    "number_rejections",
    "readings_of",
    "reject",
    "server_reads_number",
    "setting_rejections",
    "text_rejections",
    "utf16_units",
]

_SUBJECT_CHARS: Final = 40


def reject(code: str, *args: object) -> Rejection:
    """The gateway's status ``code`` with its text filled as the server would, and its rule."""
    rule = RULES[code]
    return Rejection(
        provider=NAME,
        code=code,
        message=STATUS_TEXTS[code].format(*args),
        field=rule.field,
        basis=rule.basis,
    )


def utf16_units(text: str) -> int:
    """The length in UTF-16 code units (an astral character counts 2): smscore's assumed
    reading of the gateway's "characters" (``RULES["107"]``).

    >>> utf16_units("Hi 😀")
    5
    """
    n = len(text)
    if text.isascii():
        return n
    return len(text.encode("utf-16-le", "surrogatepass")) >> 1


def readings_of(text: str) -> LengthReadings:
    """``text``'s length as UTF-16 code units, code points and SMS segments."""
    return length_readings(text)


def setting_rejections(s: Settings) -> list[Rejection]:
    """105, 104, 106, 114, 201: what the settings alone would be refused with."""
    out: list[Rejection] = []
    if s.country not in COUNTRIES:  # assumed: see RULES["105"]
        out.append(reject("105", s.country))
    if s.message_type not in s.message_types:  # seed 000: 104
        out.append(reject("104", s.message_type))
    if s.billed not in YES_NO:  # seed 000: 106
        out.append(reject("106"))
    if s.allow_long is not None and s.allow_long not in YES_NO:  # seed 000: 114
        out.append(reject("114"))
    if s.billed == "no" and not s.sender:  # seed 000: 201, unbilled needs a spoof
        out.append(reject("201"))
    return out


def length_advice(text: str, readings: LengthReadings) -> Advice | None:
    """Advice when the other readings of the 160 limit (code points, SMS segments) reach a
    different verdict than the assumed one (UTF-16 code units), else ``None``."""
    units, points, segments = readings
    over_units = units > MAX_MESSAGE_UNITS
    if over_units == (points > MAX_MESSAGE_UNITS) == (segments > 1):
        return None
    verdict = {True: "over", False: "within"}
    subject = text if len(text) <= _SUBJECT_CHARS else text[: _SUBJECT_CHARS - 1] + "…"
    return Advice(
        kind="length-reading",
        message=(
            f"the {MAX_MESSAGE_UNITS}-character limit (status 107) is counted as UTF-16 code "
            f"units, an assumption: {units} units ({verdict[over_units]}); read as code points "
            f"it is {points} ({verdict[points > MAX_MESSAGE_UNITS]}), as SMS segments "
            f"{segments} ({'one SMS' if segments == 1 else 'more than one SMS'}); "
            "allow_long_messages='yes' avoids 107 under every reading"
        ),
        subject=subject,
        field="message",
    )


def text_rejections(
    texts: Iterable[tuple[str, LengthReadings]], allow_long: str | None
) -> tuple[list[Rejection], list[Advice]]:
    """108 and 107 for each distinct text (and the length-reading advice), in order;
    ``texts`` holds each text with its length readings."""
    out: list[Rejection] = []
    advice: list[Advice] = []
    seen: set[str] = set()
    found: set[int] = set()
    empty = False
    for text, readings in texts:
        if text in seen:
            continue
        seen.add(text)
        if not text:  # seed 000: 108
            if not empty:
                out.append(reject("108"))
                empty = True
            continue
        if allow_long == "yes":
            continue  # seed 000: allow_long_messages lifts the 160 limit
        units = readings.units
        if units > MAX_MESSAGE_UNITS and units not in found:  # assumed: RULES["107"]
            found.add(units)
            out.append(reject("107", units))
        note = length_advice(text, readings)
        if note is not None:
            advice.append(note)
    return out, advice


def number_rejections(
    read: int, valid: int, batches: Sequence[Sequence[str]], dedup: bool
) -> list[Rejection]:
    """109, 111, 112, 113 for the requests' numbers: ``read`` inputs, ``valid`` of which the
    gateway would take, split into ``batches`` (one per request)."""
    out: list[Rejection] = []
    if read == 0:  # seed 000: 109
        out.append(reject("109"))
    elif valid == 0:  # seed 000: 111
        out.append(reject("111"))
    for batch in batches:
        if len(batch) > MAX_NUMBERS:  # seed 000: 112, "max. {0}, received: {1}"
            out.append(reject("112", MAX_NUMBERS, len(batch)))
            break
    if not dedup:
        for batch in batches:
            if len(set(batch)) != len(batch):  # seed 000: 113
                out.append(reject("113"))
                break
    return out


def server_reads_number(number: str) -> bool:
    """Whether the gateway can read ``number`` as sent: ASCII digits only, starting with a
    country calling code (seed 000: "may not contain any non-numeric characters and must
    include the country code"). phonenumbers' view of the range is not asked (advice)."""
    if not (number.isascii() and number.isdigit()):
        return False
    from ...numbers import check_number

    return check_number(number).e164 is not None
