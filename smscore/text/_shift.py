"""National language shift table combinations (TS 23.038 annex A), built on first use."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..errors import InvalidText
from . import _gsm


def char_class(chars: frozenset[str]) -> str:
    """A ``re`` character class body holding exactly ``chars``."""
    return "".join(re.escape(c) for c in sorted(chars))


@dataclass(frozen=True, slots=True)
class Mode:
    """One combination of a locking table and a single shift table."""

    locking: str | None
    single: str | None
    shift_ies: int
    non_gsm: Any  # compiled pattern .search: a character outside this combination
    doubles: Any  # compiled pattern of the characters sent as ESC + code, or None
    single_cap: int
    concat_cap: int
    chars: frozenset[str]


@cache
def modes(language: str) -> tuple[Mode, ...]:
    """The table combinations for ``language``, fewest shift IEs first (default first)."""
    locking_table, single_table = _gsm.national_tables(language)
    lockings: list[tuple[str | None, frozenset[str]]] = [(None, _gsm.BASIC_CHARS)]
    if locking_table is not None:
        lockings.append((language, _gsm.locking_chars(locking_table)))
    singles: list[tuple[str | None, frozenset[str]]] = [
        (None, _gsm.EXTENSION_CHARS),
        (language, frozenset(single_table.values())),
    ]
    found = []
    for lock_name, lock_chars in lockings:
        for single_name, single_chars in singles:
            ies = (lock_name is not None) + (single_name is not None)
            # TS 23.038 §6.2.1.2.4: a character of the locking table is sent as its code
            # (1 septet) even when the single shift table also has it
            doubles = single_chars - lock_chars
            chars = lock_chars | single_chars
            found.append(
                Mode(
                    locking=lock_name,
                    single=single_name,
                    shift_ies=ies,
                    non_gsm=re.compile(f"[^{char_class(chars)}]").search,
                    doubles=re.compile(f"[{char_class(doubles)}]") if doubles else None,
                    single_cap=_gsm.septet_capacity(
                        _gsm.udh_octets(concatenated=False, shift_ies=ies)
                    ),
                    concat_cap=_gsm.septet_capacity(
                        _gsm.udh_octets(concatenated=True, shift_ies=ies)
                    ),
                    chars=chars,
                )
            )
    found.sort(key=lambda m: m.shift_ies)
    return tuple(found)


def language_name(value: object) -> str:
    """The canonical language name for ``value`` or :class:`InvalidText`."""
    name = _gsm.LANGUAGE_ALIASES.get(value.lower()) if isinstance(value, str) else None
    if name is None:
        raise InvalidText(
            f"language {value!r} has no national shift tables here; known: "
            f"{sorted(_gsm.LANGUAGE_ALIASES)}",
            field="language",
            value=value,
            rule="TS 23.038 annex A national language tables",
        )
    return name
