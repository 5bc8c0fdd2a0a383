"""Why a text is UCS-2: the characters outside the GSM tables, each with a suggestion."""

from __future__ import annotations

from dataclasses import dataclass

from ._lookalikes import suggest
from ._readings import DEFAULT_GSM
from ._shift import modes

__all__ = ["Ucs2Cause", "why_ucs2"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Ucs2Cause:
    """One character that forces UCS-2, its position, and a GSM-7 replacement if any.

    ``note`` says how the replacement changes the meaning (``None`` when it does not).
    """

    position: int
    char: str
    codepoint: str
    replacement: str | None
    note: str | None


def why_ucs2(text: str, language: str | None) -> tuple[Ucs2Cause, ...]:
    """The characters of ``text`` outside the tables ``language`` allows, in order."""
    extra_note = None
    if language is None:
        gsm = DEFAULT_GSM
    else:
        all_modes = modes(language)
        gsm = frozenset[str]().union(*(m.chars for m in all_modes))
        if all(c in gsm for c in text):
            # every character is in some table, but no one combination holds them all:
            # report what the default alphabet plus the national single shift lacks.
            gsm = next(m.chars for m in all_modes if m.locking is None and m.single)
            extra_note = (
                f"only in the {language} locking shift table, which lacks other "
                "characters of this text"
            )
    causes = []
    for position, char in enumerate(text):
        if char in gsm:
            continue
        replacement, note = suggest(char, gsm)
        if extra_note is not None:
            note = extra_note if note is None else f"{extra_note}; {note}"
        causes.append(
            Ucs2Cause(
                position=position,
                char=char,
                codepoint=f"U+{ord(char):04X}",
                replacement=replacement,
                note=note,
            )
        )
    return tuple(causes)
