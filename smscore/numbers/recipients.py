"""Recipient lists: normalize, drop duplicates, reject with reasons, split into batches.

Every raw input lands in exactly one place (DESIGN.md "Public names"): ``accepted`` (the
first occurrence of each number, in first-seen order), ``duplicates`` (with the number it
repeats: ``"+1 213 555 0123"`` and ``"12135550123"`` are one number) or ``rejected``
(with the reason, one of the ``smscore.numbers.REASON_*`` phrases). Numbers are read as
:func:`smscore.check_number` reads them.

:func:`prepare_recipients` holds the whole answer; :func:`stream_recipients` yields it in
chunks as batches fill, keeping only the set of numbers seen so far (as integers, about
70 bytes each) and the current chunk, for lists of tens of millions.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import InvalidRequest
from . import NumberStyle, _check, _check_style, _fast_digits, _region_key

__all__ = ["RecipientChunk", "Recipients", "prepare_recipients", "stream_recipients"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Recipients:
    """What :func:`prepare_recipients` made of a raw list.

    ``accepted``: normalized, unique, first-seen order. ``duplicates``: ``(raw, the
    normalized number it repeats)``. ``rejected``: ``(raw, reason)`` (``raw`` is kept as
    given, even when it is not a string). ``batches``: ``accepted`` split in order into
    batches of at most ``batch_size``.
    """

    accepted: tuple[str, ...]
    duplicates: tuple[tuple[Any, str], ...]
    rejected: tuple[tuple[Any, str], ...]
    batches: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class RecipientChunk:
    """One step of :func:`stream_recipients`.

    ``batch`` is a full batch of ``batch_size`` new numbers, or ``()`` when the chunk only
    flushes duplicates and rejections, or (in the last chunk only) the remainder.
    ``duplicates`` and ``rejected`` are those met since the previous chunk.
    """

    batch: tuple[str, ...]
    duplicates: tuple[tuple[Any, str], ...]
    rejected: tuple[tuple[Any, str], ...]


def _check_batch_size(batch_size: object, *, allow_none: bool) -> None:
    if batch_size is None and allow_none:
        return
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise InvalidRequest(
            f"batch_size {batch_size!r} is not a whole number of at least 1",
            field="batch_size",
            value=batch_size,
            rule="batch_size is an int >= 1" + (" or None" if allow_none else ""),
        )


def _reject_text_input(raws: object) -> None:
    # A str or bytes is iterable but is one number, not a list of them.
    if isinstance(raws, str | bytes):
        raise TypeError("raws must be an iterable of numbers, not a single str or bytes")
    if not isinstance(raws, Iterable):
        raise TypeError(f"raws must be an iterable of numbers, got {type(raws).__name__}")


def prepare_recipients(
    raws: Iterable[Any],
    region: str | None = None,
    style: NumberStyle = "e164",
    batch_size: int | None = None,
) -> Recipients:
    """Normalize, deduplicate and batch a recipient list; nothing is dropped silently.

    ``batch_size=None`` puts every accepted number in one batch (none when nothing is
    accepted). An unknown ``region``, a bad ``style`` or ``batch_size`` raise before any
    input is read.

    >>> r = prepare_recipients(["+1 213 555 0123", "12135550123", "12"], style="digits")
    >>> r.accepted, r.duplicates, r.rejected
    (('12135550123',), (('12135550123', '12135550123'),), (('12', 'not a number'),))
    """
    _reject_text_input(raws)
    _check_style(style)
    _check_batch_size(batch_size, allow_none=True)
    key = _region_key(region)
    digits = style == "digits"
    accepted: list[str] = []
    seen: set[str] = set()
    duplicates: list[tuple[Any, str]] = []
    rejected: list[tuple[Any, str]] = []
    plus_only = key is not None
    for raw in raws:
        # "+E.164" and bare digits settle on the fast path; the rest, and every
        # rejection with its reason, come from the full reading.
        number = _fast_digits(raw, plus_only)
        if number is None:
            e164, valid, _possible, reason = _check(raw, key)
            if not valid or e164 is None:
                rejected.append((raw, reason or ""))
                continue
            number = e164[1:]
        if not digits:
            number = "+" + number
        if number in seen:
            duplicates.append((raw, number))
        else:
            seen.add(number)
            accepted.append(number)
    done = tuple(accepted)
    batches: tuple[tuple[str, ...], ...]
    if batch_size is None:
        batches = (done,) if done else ()
    else:
        batches = tuple(done[i : i + batch_size] for i in range(0, len(done), batch_size))
    return Recipients(
        accepted=done,
        duplicates=tuple(duplicates),
        rejected=tuple(rejected),
        batches=batches,
    )


def stream_recipients(
    raws: Iterable[Any],
    region: str | None = None,
    style: NumberStyle = "e164",
    batch_size: int = 1000,
) -> Iterator[RecipientChunk]:
    """Like :func:`prepare_recipients`, lazily: yield a chunk each time a batch fills.

    A chunk is also yielded (with ``batch=()``) when ``batch_size`` duplicates and
    rejections have gathered, so memory stays bounded whatever the input holds; the last
    chunk carries the remainder. Only the set of numbers seen so far grows. Arguments
    are checked when the first chunk is asked for.

    >>> [c.batch for c in stream_recipients(["12135550123", "13105550199", "+1 213 555 0123"],
    ...                                     batch_size=1)]
    [('+12135550123',), ('+13105550199',), ()]
    """
    _reject_text_input(raws)
    _check_style(style)
    _check_batch_size(batch_size, allow_none=False)
    key = _region_key(region)
    return _stream(raws, key, style == "digits", batch_size)


def _stream(
    raws: Iterable[Any], key: str | None, digits: bool, batch_size: int
) -> Iterator[RecipientChunk]:
    # Seen numbers are kept as ints: int("12135550123") == 12135550123, the E.164 digits
    # without leading zeros (a country code never starts with 0, so this is one-to-one).
    seen: set[int] = set()
    batch: list[str] = []
    duplicates: list[tuple[Any, str]] = []
    rejected: list[tuple[Any, str]] = []
    plus_only = key is not None
    for raw in raws:
        number = _fast_digits(raw, plus_only)  # as in prepare_recipients
        if number is None:
            e164, valid, _possible, reason = _check(raw, key)
            if not valid or e164 is None:
                rejected.append((raw, reason or ""))
            else:
                number = e164[1:]
        if number is not None:
            n = int(number)
            if not digits:
                number = "+" + number
            if n in seen:
                duplicates.append((raw, number))
            else:
                seen.add(n)
                batch.append(number)
                if len(batch) == batch_size:
                    yield RecipientChunk(
                        batch=tuple(batch), duplicates=tuple(duplicates), rejected=tuple(rejected)
                    )
                    batch.clear()
                    duplicates.clear()
                    rejected.clear()
                    continue
        if len(duplicates) + len(rejected) >= batch_size:
            yield RecipientChunk(batch=(), duplicates=tuple(duplicates), rejected=tuple(rejected))
            duplicates.clear()
            rejected.clear()
    if batch or duplicates or rejected:
        yield RecipientChunk(
            batch=tuple(batch), duplicates=tuple(duplicates), rejected=tuple(rejected)
        )
