"""Recipient preparation for the mGage Gateway (seed 000): digits only, dedup, batches."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ...errors import InvalidRequest

__all__ = ["Recipients", "prepare", "utf16_units"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Recipients:
    """Every raw number accounted for: sent to (in batches), duplicate, or rejected."""

    raw_count: int
    accepted: tuple[str, ...]
    duplicates: tuple[tuple[Any, str], ...]
    rejected: tuple[tuple[Any, str], ...]
    batches: tuple[tuple[str, ...], ...]


def utf16_units(text: str) -> int:
    """The length the gateway counts: UTF-16 code units (an astral character counts 2)."""
    n = len(text)
    if text.isascii():
        return n
    return n + sum(1 for c in text if ord(c) > 0xFFFF)


def _raws(numbers: Iterable[str]) -> list[str]:
    if isinstance(numbers, str | bytes):
        raise InvalidRequest(
            f"numbers must be an iterable of str (one number each), got a single "
            f"{type(numbers).__name__} {numbers[:40]!r}",
            field="numbers",
            value=numbers,
            rule="seed 000: a list of destination numbers",
        )
    if not isinstance(numbers, Iterable):
        raise TypeError(
            f"numbers must be an iterable of str (one number each), got {type(numbers).__name__}"
        )
    # Items that are not text are rejected with a reason by the number reader (accounted
    # for in Recipients.rejected, never dropped).
    return list(numbers)


def prepare(
    numbers: Iterable[str], *, region: str | None, dedup: bool, batch_size: int | None
) -> Recipients:
    """Normalize to digits with country code (seed 000: "must include the country code", no
    non-numeric characters), drop repeats when ``dedup``, split into ``batch_size`` batches."""
    raws = _raws(numbers)
    if dedup:
        from ...numbers.recipients import prepare_recipients

        r = prepare_recipients(raws, region=region, style="digits", batch_size=batch_size)
        return Recipients(
            raw_count=len(raws),
            accepted=r.accepted,
            duplicates=r.duplicates,
            rejected=r.rejected,
            batches=r.batches,
        )
    # dedup off: repeats stay in place (the gateway then answers 113, seed 000)
    from ...numbers import check_number

    kept: list[str] = []
    rejected: list[tuple[Any, str]] = []
    for raw in raws:
        check = check_number(raw, region)  # the same reading and reasons as prepare_recipients
        if check.valid and check.e164 is not None:
            kept.append(check.e164[1:])
        else:
            rejected.append((raw, check.reason or "not a number"))
    size = batch_size or max(len(kept), 1)
    batches = tuple(tuple(kept[i : i + size]) for i in range(0, len(kept), size))
    return Recipients(
        raw_count=len(raws),
        accepted=tuple(kept),
        duplicates=(),
        rejected=tuple(rejected),
        batches=batches,
    )
