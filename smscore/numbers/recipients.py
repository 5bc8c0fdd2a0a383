"""Recipient lists: normalize, drop duplicates, reject with reasons, split into batches.

Every raw input lands in exactly one place (DESIGN.md "Public names"): ``accepted`` (the
first occurrence of each number, in first-seen order), ``duplicates`` (with the number it
repeats: ``"+1 213 555 0123"`` and ``"12135550123"`` are one number) or ``rejected``
(with the reason, one of the ``smscore.numbers.REASON_*`` phrases). Numbers are read as
:func:`smscore.check_number` reads them, through the engine-free functions of
:mod:`smscore.numbers._bulk` that :mod:`smscore.dask` runs per partition too.

smscore's own opinions are ``advice`` (never mixed with rejections, issue 11):

* **ambiguous country**: without a region, bare digits (no ``+``) that read as one country
  country code first and as another as a national number of the list's *dominant region*
  (the region most of the accepted numbers written with ``+`` belong to; with none written
  so, the region most accepted numbers belong to). Accepted by default, with both readings;
  ``ambiguous="reject"`` rejects them (reason :data:`REASON_AMBIGUOUS`).
* **line type**: a number of a type that usually cannot take SMS
  (``smscore.numbers.NO_SMS_LINE_TYPES``: fixed line, toll free, ...). ``line_types=`` names
  types to reject instead (reason ``"line type: fixed_line"``).

:func:`prepare_recipients` holds the whole answer; :func:`stream_recipients` yields it in
chunks as batches fill, keeping only a compact set of the numbers seen so far (about 9
bytes a number past 500,000; see :class:`~smscore.numbers._bulk.KeySet`).
"""

from __future__ import annotations

from array import array
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from ..errors import InvalidRequest
from . import _bulk as bulk
from ._core import NumberStyle, _check_style

__all__ = [
    "REASON_AMBIGUOUS",
    "RecipientAdvice",
    "RecipientChunk",
    "Recipients",
    "prepare_recipients",
    "stream_recipients",
]

#: Reason for an ambiguous number rejected with ``ambiguous="reject"``.
REASON_AMBIGUOUS: Final = "ambiguous country: give a region or write the number with +"
LINE_TYPE_REASON: Final = "line type: {}"  # one phrase per type, so they can be counted

Ambiguous = Literal["accept", "reject"]


@dataclass(frozen=True, slots=True, kw_only=True)
class RecipientAdvice:
    """smscore's opinion about one number of a list (not a rejection).

    ``kind`` is ``"ambiguous-country"`` or ``"line-type"`` (the slugs of
    :class:`smscore.wire.Advice`); ``raw`` the input as given; ``number`` the accepted
    number (in the list's style); ``readings`` for an ambiguity the E.164 reading country
    code first and the national reading in the dominant region; ``line_type`` for a line type.
    """

    kind: str
    raw: Any
    number: str
    message: str
    readings: tuple[str, ...] = ()
    line_type: str | None = None

    def to_advice(self) -> Any:
        """As a :class:`smscore.wire.Advice` (``subject`` is the raw input as text)."""
        from ..wire import Advice

        return Advice(kind=self.kind, message=self.message, subject=str(self.raw))


@dataclass(frozen=True, slots=True, kw_only=True)
class Recipients:
    """What :func:`prepare_recipients` made of a raw list.

    ``accepted``: normalized, unique, first-seen order. ``duplicates``: ``(raw, the
    normalized number it repeats)``. ``rejected``: ``(raw, reason)`` (``raw`` is kept as
    given, even when it is not a string). ``batches``: ``accepted`` split in order into
    batches of at most ``batch_size``. ``advice``: ambiguous countries and line types that
    take no SMS, in input order. ``by_country``: region -> accepted numbers, most first.
    """

    accepted: tuple[str, ...]
    duplicates: tuple[tuple[Any, str], ...]
    rejected: tuple[tuple[Any, str], ...]
    batches: tuple[tuple[str, ...], ...]
    advice: tuple[RecipientAdvice, ...] = ()
    by_country: Mapping[str, int] = field(default_factory=dict)

    @property
    def national_format(self) -> int:
        """How many inputs were rejected as national format without a region."""
        reason = bulk.reason_national_format()
        return sum(1 for _, r in self.rejected if r == reason)


@dataclass(frozen=True, slots=True, kw_only=True)
class RecipientChunk:
    """One step of :func:`stream_recipients`.

    ``batch`` is a full batch of ``batch_size`` new numbers, or ``()`` when the chunk only
    flushes duplicates and rejections, or (in the last chunk only) the remainder.
    ``duplicates`` and ``rejected`` are those met since the previous chunk. ``advice``
    holds the line-type advice for the numbers of ``batch``; the last chunk (``last``) adds
    the ambiguity advice (known only once the whole list is read; its ``raw`` is then the
    digits as read) and ``by_country`` for the whole list.
    """

    batch: tuple[str, ...]
    duplicates: tuple[tuple[Any, str], ...]
    rejected: tuple[tuple[Any, str], ...]
    advice: tuple[RecipientAdvice, ...] = ()
    by_country: Mapping[str, int] = field(default_factory=dict)
    last: bool = False


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


def _check_options(line_types: object, ambiguous: object) -> frozenset[str]:
    if ambiguous not in ("accept", "reject"):
        raise InvalidRequest(
            f"ambiguous {ambiguous!r} is not 'accept' or 'reject'",
            field="ambiguous",
            value=ambiguous,
            rule="ambiguous is 'accept' (advice) or 'reject'",
        )
    if line_types is None:
        return frozenset()
    if isinstance(line_types, str | bytes) or not isinstance(line_types, Iterable):
        raise InvalidRequest(
            f"line_types {line_types!r} is not a collection of line types",
            field="line_types",
            value=line_types,
            rule="line_types is a collection of str, e.g. smscore.numbers.NO_SMS_LINE_TYPES",
        )
    items = list(line_types)  # a list inside is not hashable: check before the frozenset
    bad = [repr(t) for t in items if not isinstance(t, str)]
    if bad:
        raise InvalidRequest(
            f"line_types holds {', '.join(bad)}, not line type names",
            field="line_types",
            value=line_types,
            rule="line_types is a collection of str, e.g. smscore.numbers.NO_SMS_LINE_TYPES",
        )
    return frozenset(items)


def _line_advice(raw: Any, number: str, line_type: str) -> RecipientAdvice:
    return RecipientAdvice(
        kind="line-type",
        raw=raw,
        number=number,
        message=f"{number} is a {line_type.replace('_', ' ')} number: usually cannot receive SMS",
        line_type=line_type,
    )


def _ambiguity(
    raw: Any, number: str, key: int, key_region: str, other: int, dominant: str
) -> RecipientAdvice:
    return RecipientAdvice(
        kind="ambiguous-country",
        raw=raw,
        number=number,
        message=f"{raw!s} reads as +{key} ({key_region}) country code first, and as +{other} "
        f"({dominant}) as a national number of the list's main region {dominant}; "
        "give a region or write it with +",
        readings=(f"+{key}", f"+{other}"),
    )


def _other_reading(raw: Any, key_region: str, dominant: str) -> tuple[int, str] | None:
    """The national reading of ``raw`` in ``dominant`` when it is another country's number."""
    other = bulk.national_key(raw, dominant)
    if other is None:
        return None
    other_region = bulk.key_region(other)
    return None if other_region == key_region else (other, other_region)


def prepare_recipients(
    raws: Iterable[Any],
    region: str | None = None,
    style: NumberStyle = "e164",
    batch_size: int | None = None,
    *,
    line_types: Collection[str] | None = None,
    ambiguous: Ambiguous = "accept",
) -> Recipients:
    """Normalize, deduplicate and batch a recipient list; nothing is dropped silently.

    ``batch_size=None`` puts every accepted number in one batch (none when nothing is
    accepted). ``line_types`` rejects numbers of those line types (other types that take
    no SMS are advice); ``ambiguous="reject"`` rejects bare digits whose country depends
    on the reading (see the module doc). An unknown ``region``, a bad ``style``,
    ``batch_size`` or option raise before any input is read.

    >>> r = prepare_recipients(["+1 213 555 0123", "12135550123", "12"], style="digits")
    >>> r.accepted, r.duplicates, r.rejected, dict(r.by_country)
    (('12135550123',), (('12135550123', '12135550123'),), (('12', 'not a number'),), {'US': 1})
    """
    _reject_text_input(raws)
    _check_style(style)
    _check_batch_size(batch_size, allow_none=True)
    refuse = _check_options(line_types, ambiguous)
    key = bulk.check_region(region)
    digits = style == "digits"
    items = list(raws)
    keys, reasons = bulk.read_keys(items, key)
    firsts = bulk.first_flags(keys)
    pairs: dict[tuple[str, str | None], tuple[str, str | None]] = {}  # a few hundred at most
    facts = {
        k: pairs.setdefault(found, found)  # one tuple per (region, type): 56 bytes a number less
        for k, first in zip(keys, firsts, strict=True)
        if first and (found := bulk.key_facts(k))
    }
    advice: list[tuple[int, RecipientAdvice]] = []
    refused = {k for k, (_, t) in facts.items() if t in refuse}
    if key is None:
        regions = {k: found[0] for k, found in facts.items()}  # every valid key has a first
        plus = bulk.counts(
            regions[k]
            for k, f, raw in zip(keys, firsts, items, strict=True)
            if f and not bulk.is_bare(raw)
        )
        dominant = bulk.dominant_region(plus, bulk.counts(regions.values()))
        readings: dict[str, tuple[int, str] | None] = {}
        for i, (k, raw) in enumerate(zip(keys, items, strict=True)):
            if k == bulk.REJECTED or dominant is None:
                continue
            k_region = regions[k]
            if k_region == dominant or k in refused or not bulk.is_bare(raw):
                continue
            if raw not in readings:
                readings[raw] = _other_reading(raw, k_region, dominant)
            other = readings[raw]
            if other is None:
                continue
            if ambiguous == "reject":
                keys[i], reasons[i] = bulk.REJECTED, REASON_AMBIGUOUS
            elif firsts[i]:
                number = bulk.number_text(k, digits)
                advice.append((i, _ambiguity(raw, number, k, k_region, other[0], dominant)))
        if ambiguous == "reject":
            firsts = bulk.first_flags(keys)
    no_sms = bulk.no_sms_line_types()
    accepted: list[str] = []
    duplicates: list[tuple[Any, str]] = []
    rejected: list[tuple[Any, str]] = []
    countries: list[str] = []
    for i, (k, raw, first) in enumerate(zip(keys, items, firsts, strict=True)):
        if k == bulk.REJECTED:
            rejected.append((raw, reasons[i] or ""))
        elif k in refused:
            rejected.append((raw, LINE_TYPE_REASON.format(facts[k][1])))
        elif first:
            number = bulk.number_text(k, digits)
            accepted.append(number)
            k_region, line_type = facts[k] if k in facts else bulk.key_facts(k)
            countries.append(k_region)
            if line_type in no_sms:
                advice.append((i, _line_advice(raw, number, line_type or "")))
        else:
            duplicates.append((raw, bulk.number_text(k, digits)))
    done = tuple(accepted)
    batches: tuple[tuple[str, ...], ...]
    if batch_size is None:
        batches = (done,) if done else ()
    else:
        batches = tuple(done[i : i + batch_size] for i in range(0, len(done), batch_size))
    advice.sort(key=lambda item: item[0])
    return Recipients(
        accepted=done,
        duplicates=tuple(duplicates),
        rejected=tuple(rejected),
        batches=batches,
        advice=tuple(a for _, a in advice),
        by_country=bulk.counts(countries),
    )


def stream_recipients(
    raws: Iterable[Any],
    region: str | None = None,
    style: NumberStyle = "e164",
    batch_size: int = 1000,
    *,
    line_types: Collection[str] | None = None,
) -> Iterator[RecipientChunk]:
    """Like :func:`prepare_recipients`, lazily: yield a chunk each time a batch fills.

    A chunk is also yielded (with ``batch=()``) when ``batch_size`` duplicates and
    rejections have gathered, so memory stays bounded whatever the input holds; the last
    chunk (``last=True``, possibly with nothing else in it) carries the remainder, the
    ambiguity advice and ``by_country``; an empty list yields no chunk.
    Only the compact set of numbers seen so far grows. Ambiguous numbers can only be
    advice here (they are known once the list is read, after their batch went out).
    Arguments are checked when the first chunk is asked for.

    >>> [c.batch for c in stream_recipients(["12135550123", "13105550199", "+1 213 555 0123"],
    ...                                     batch_size=1)]
    [('+12135550123',), ('+13105550199',), (), ()]
    """
    _reject_text_input(raws)
    _check_style(style)
    _check_batch_size(batch_size, allow_none=False)
    refuse = _check_options(line_types, "accept")
    key = bulk.check_region(region)
    return _stream(raws, key, style == "digits", batch_size, refuse)


class _Tally:
    """What the stream remembers besides the seen set: counts, and bare-digit numbers."""

    __slots__ = ("bare", "countries", "plus")

    def __init__(self) -> None:
        self.countries: dict[str, int] = {}
        self.plus: dict[str, int] = {}
        self.bare: dict[str, array[int]] = {}  # region -> keys first written without +

    def add(self, k: int, raw: Any, k_region: str, track_bare: bool) -> None:
        self.countries[k_region] = self.countries.get(k_region, 0) + 1
        if not track_bare:
            return
        if bulk.is_bare(raw):
            self.bare.setdefault(k_region, array("q")).append(k)
        else:
            self.plus[k_region] = self.plus.get(k_region, 0) + 1

    def ambiguities(self, digits: bool) -> list[RecipientAdvice]:
        dominant = bulk.dominant_region(self.plus, self.countries)
        found: list[RecipientAdvice] = []
        if dominant is None:
            return found
        for k_region in sorted(self.bare):
            if k_region == dominant:
                continue
            for k in self.bare[k_region]:
                raw = str(k)
                other = _other_reading(raw, k_region, dominant)
                if other is not None:
                    number = bulk.number_text(k, digits)
                    found.append(_ambiguity(raw, number, k, k_region, other[0], dominant))
        return found


def _stream(
    raws: Iterable[Any], key: str | None, digits: bool, batch_size: int, refuse: frozenset[str]
) -> Iterator[RecipientChunk]:
    seen = bulk.KeySet()
    refused = bulk.KeySet()
    tally = _Tally()
    no_sms = bulk.no_sms_line_types()
    batch: list[str] = []
    advice: list[RecipientAdvice] = []
    duplicates: list[tuple[Any, str]] = []
    rejected: list[tuple[Any, str]] = []
    read_key = bulk.read_key
    read = False
    for raw in raws:
        read = True
        k = read_key(raw, key)
        if isinstance(k, str):
            rejected.append((raw, k))
        else:
            number = bulk.number_text(k, digits)
            # nothing refused: one look into the seen set adds a new number (a second look
            # would scan its bucket again); else a number is added once its type passed
            new = seen.add(k) if not refuse else k not in seen
            if not new:
                duplicates.append((raw, number))
            elif refuse and k in refused:
                rejected.append((raw, LINE_TYPE_REASON.format(bulk.key_facts(k)[1])))
            else:
                k_region, line_type = bulk.key_facts(k)
                if line_type in refuse:
                    refused.add(k)
                    rejected.append((raw, LINE_TYPE_REASON.format(line_type)))
                else:
                    if refuse:
                        seen.add(k)
                    tally.add(k, raw, k_region, key is None)
                    batch.append(number)
                    if line_type in no_sms:
                        advice.append(_line_advice(raw, number, line_type or ""))
                    if len(batch) == batch_size:
                        yield RecipientChunk(
                            batch=tuple(batch),
                            duplicates=tuple(duplicates),
                            rejected=tuple(rejected),
                            advice=tuple(advice),
                        )
                        batch.clear()
                        duplicates.clear()
                        rejected.clear()
                        advice.clear()
                        continue
        if len(duplicates) + len(rejected) >= batch_size:
            yield RecipientChunk(batch=(), duplicates=tuple(duplicates), rejected=tuple(rejected))
            duplicates.clear()
            rejected.clear()
    advice.extend(tally.ambiguities(digits))
    if read:
        yield RecipientChunk(
            batch=tuple(batch),
            duplicates=tuple(duplicates),
            rejected=tuple(rejected),
            advice=tuple(advice),
            by_country=bulk.ranked(tally.countries),
            last=True,
        )
