"""The engine-free bulk layer: one definition of a recipient list's answer, per partition.

:func:`smscore.prepare_recipients`, :func:`smscore.stream_recipients`, :mod:`smscore.dask`
and the Spark recipe (docs/spark.md) all answer with these functions, so a list gives the
same accepted numbers, duplicates, rejections and batches whichever engine reads it:

* :func:`read_keys` turns a column of raw values into **number keys**: the E.164 digits as
  an ``int`` (``"+1 213 555 0123"`` -> ``12135550123``; a country code never starts with
  0, so the digits and the key are one-to-one and fit an int64), or :data:`REJECTED` with
  the reason (one of the ``smscore.numbers.REASON_*`` phrases);
* :func:`first_flags` decides, within one group of rows that holds every row of its keys
  (a hash bucket), which row is the first occurrence of its key, given order keys;
* :func:`batch_ids` gives batch numbers from a global rank of the accepted numbers.

Nothing here needs a dataframe library: the functions take and return plain sequences, and
an engine wraps them (``pandas.Series.to_list()`` in, ``numpy.asarray`` out).
:class:`KeySet` is the compact "seen" set of :func:`stream_recipients`: about 9 bytes a
number instead of the ~80 of a ``set`` of ints.

The facts of issue 11 (a number's region and line type, the national reading of bare digits)
come from :mod:`smscore.numbers` through the small functions at the bottom.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any, Final

from ._core import (
    NO_SMS_LINE_TYPES,
    REASON_NATIONAL_FORMAT,
    REASON_NOT_A_NUMBER,
    _check,
    _fast_digits,
    _region_key,
    check_number,
    national_reading,
    region_of,
)
from ._fast import fast_check
from ._sms import quick_facts

__all__ = [
    "REJECTED",
    "KeySet",
    "batch_ids",
    "check_region",
    "counts",
    "dominant_region",
    "first_flags",
    "is_bare",
    "key_facts",
    "key_region",
    "national_key",
    "no_sms_line_types",
    "number_text",
    "ranked",
    "read_key",
    "read_keys",
    "reason_national_format",
]

#: The key of a rejected row (a real key is a positive int: E.164 digits, no leading 0).
REJECTED: Final = -1


def check_region(region: str | None) -> str | None:
    """The upper-cased region or ``None``; ``InvalidNumber`` for one phonenumbers lacks."""
    return _region_key(region)


def read_key(raw: object, region: str | None) -> int | str:
    """The number key of ``raw``, or the reason it is rejected.

    ``region`` is already checked (:func:`check_region`). The reading is
    :func:`smscore.check_number`'s: "+E.164" and bare digits settle on the fast path, the
    rest (and every rejection, with its reason) come from the full reading.

    >>> read_key("+1 213 555 0123", None), read_key("12", None)
    (12135550123, 'not a number')
    """
    number = _fast_digits(raw, region is not None, region)
    if number is None:
        e164, valid, _possible, reason = _check(raw, region)
        if not valid or e164 is None:
            return reason or REASON_NOT_A_NUMBER
        number = e164[1:]
    return int(number)


def read_keys(raws: Iterable[Any], region: str | None) -> tuple[list[int], list[str | None]]:
    """Keys and reasons for a column: ``keys[i]`` is :data:`REJECTED` where ``reasons[i]``
    says why, and ``reasons[i]`` is ``None`` where the row reads as a valid number.

    >>> read_keys(["12135550123", None], None)
    ([12135550123, -1], [None, 'not a string'])
    """
    keys: list[int] = []
    reasons: list[str | None] = []
    add_key = keys.append
    add_reason = reasons.append
    fast = _fast_digits
    plus_only = region is not None
    for raw in raws:
        number = fast(raw, plus_only, region)  # read_key, inlined: this is the hot path
        if number is None:
            e164, valid, _possible, reason = _check(raw, region)
            if not valid or e164 is None:
                add_key(REJECTED)
                add_reason(reason or REASON_NOT_A_NUMBER)
                continue
            number = e164[1:]
        add_key(int(number))
        add_reason(None)
    return keys, reasons


def first_flags(keys: Sequence[int], orders: Sequence[Any] | None = None) -> list[bool]:
    """For each row, whether it is the first occurrence of its key (rejected rows: never).

    ``keys`` must hold every row of each of its keys (one hash bucket of a shuffle on the
    key, or a whole list). "First" is the smallest order key (``orders[i]``, any sortable
    values, unique per row); with ``orders=None`` it is the earliest position.

    >>> first_flags([7, -1, 7, 9], [3, 0, 1, 2])
    [False, False, True, True]
    """
    flags = [False] * len(keys)
    best: dict[int, int] = {}
    if orders is None:
        for i, key in enumerate(keys):
            if key != REJECTED and key not in best:
                best[key] = i
                flags[i] = True
        return flags
    for i, key in enumerate(keys):
        if key == REJECTED:
            continue
        j = best.get(key)
        if j is None or orders[i] < orders[j]:
            best[key] = i
    for i in best.values():
        flags[i] = True
    return flags


def batch_ids(ranks: Iterable[int], batch_size: int) -> list[int]:
    """The batch of each accepted number from its 0-based rank in the accepted order.

    >>> batch_ids([0, 1, 2, 250, 251], 250)
    [0, 0, 0, 1, 1]
    """
    return [rank // batch_size for rank in ranks]


def number_text(key: int, digits: bool) -> str:
    """The number a key stands for: ``"+12135550123"``, or ``"12135550123"`` with ``digits``.

    >>> number_text(12135550123, False)
    '+12135550123'
    """
    return str(key) if digits else f"+{key}"


_PLUS_STARTS: Final = ("+", "\uff0b", "tel:", "TEL:", "Tel:")


def is_bare(raw: object) -> bool:
    """Whether ``raw`` was read country code first (no ``+``): the shape that can be ambiguous.

    >>> is_bare("6466836219"), is_bare("+64 6 683 6219")
    (True, False)
    """
    return isinstance(raw, str) and not raw.strip().startswith(_PLUS_STARTS)


def dominant_region(
    international: Mapping[str, int], everyone: Mapping[str, int] | None = None
) -> str | None:
    """The region most of a list's unambiguous numbers belong to.

    ``international`` counts accepted numbers written with ``+`` by region; when it is
    empty, ``everyone`` (all accepted numbers by region) decides. Ties go to the region
    that sorts first, so the answer does not depend on the order of the list.

    >>> dominant_region({"US": 3, "GB": 1})
    'US'
    """
    counts = international or everyone or {}
    if not counts:
        return None
    return min(counts.items(), key=lambda item: (-item[1], item[0]))[0]


# KeySet's buckets: 18 bits of the key folded onto the 18 below them
BUCKET_MASK: Final = (1 << 18) - 1


class KeySet:
    """A compact set of number keys (ints from 1 to 2**63 - 1) for lists of any length.

    Up to ``small`` keys it is a plain ``set`` (fastest; about 70-100 bytes a key). Past
    that, each key is 8 bytes (big-endian) appended to one of 262,144 ``bytearray``
    buckets, and membership is a C-speed ``find`` in the bucket checked for 8-byte
    alignment: about 9 bytes a key plus 17 MB of buckets (a bucket holds about 30 keys at
    8,000,000; 65,536 buckets of about 120 made adding 8,000,000 keys take 1.5x as long,
    1,048,576 of about 8 took 1.1x as long and 70 MB more).

    >>> seen = KeySet(small=0)
    >>> seen.add(12135550123), seen.add(12135550123), 12135550123 in seen, len(seen)
    (True, False, True, 1)
    """

    __slots__ = ("_buckets", "_size", "_small", "_switch")

    def __init__(self, *, small: int = 500_000) -> None:
        self._small: set[int] | None = set()
        self._switch = small
        self._buckets: list[bytearray | None] = []
        self._size = 0
        if small <= 0:
            self._compact()

    def __len__(self) -> int:
        return self._size

    def _compact(self) -> None:
        self._buckets = [None] * (BUCKET_MASK + 1)
        small, self._small = self._small or set(), None
        for key in small:
            self._put(key)

    def _put(self, key: int) -> bool:
        b = (key ^ (key >> 18)) & BUCKET_MASK
        record = key.to_bytes(8, "big")
        bucket = self._buckets[b]
        if bucket is None:
            self._buckets[b] = bytearray(record)
            return True
        i = bucket.find(record)
        while i & 7 and i >= 0:  # a match across two records: look on
            i = bucket.find(record, i + 1)
        if i >= 0:
            return False
        bucket += record
        return True

    def __contains__(self, key: object) -> bool:
        if type(key) is not int or not 0 < key < 1 << 63:
            return False
        if self._small is not None:
            return key in self._small
        b = (key ^ (key >> 18)) & BUCKET_MASK
        bucket = self._buckets[b]
        if bucket is None:
            return False
        record = key.to_bytes(8, "big")
        i = bucket.find(record)
        while i & 7 and i >= 0:
            i = bucket.find(record, i + 1)
        return i >= 0

    def add(self, key: int) -> bool:
        """Add ``key``; ``True`` when it was not there yet."""
        small = self._small
        if small is not None:
            if key in small:
                return False
            small.add(key)
            self._size += 1
            if self._size >= self._switch:
                self._compact()
            return True
        if self._put(key):
            self._size += 1
            return True
        return False


# --- issue 11 facts ---------------------------------------------------------------------------


def reason_national_format() -> str:
    """The reason for national-format input read without a region."""
    return REASON_NATIONAL_FORMAT


def no_sms_line_types() -> frozenset[str]:
    """The line types that usually cannot receive SMS (``smscore.numbers.NO_SMS_LINE_TYPES``)."""
    return NO_SMS_LINE_TYPES


def key_region(key: int) -> str:
    """The region of a valid number key (``smscore.numbers.region_of``): ``"US"``.

    ``"001"`` for non-geographic numbers (+800, +882, ...) as phonenumbers names them,
    ``"ZZ"`` when none is known.
    """
    return region_of(f"+{key}") or "ZZ"


def key_facts(key: int) -> tuple[str, str | None]:
    """``(region, line type)`` of a valid number key: ``("US", "fixed_line_or_mobile")``.

    Line types are phonenumbers' ``PhoneNumberType`` names in lower case.
    """
    digits = str(key)
    quick = quick_facts(digits)  # one lookup and one match for a number valid as written
    if quick is not None:
        return quick
    fast = fast_check(digits)  # region and type from the validity match itself
    if fast is not None and fast[1]:
        return fast[4] or "ZZ", fast[5]
    found = check_number(f"+{key}")
    return found.region or "ZZ", found.line_type


def national_key(raw: object, region: str) -> int | None:
    """The key of ``raw`` read as a national number of ``region``, or ``None`` if not valid."""
    if not isinstance(raw, str):
        return None
    e164 = national_reading(raw, region)
    return None if e164 is None else int(e164[1:])


def counts(items: Iterable[Hashable]) -> dict[Any, int]:
    """Counts, most common first (ties in sorted order): the shape of ``by_country``."""
    return ranked(Counter(items))


def ranked(counted: Mapping[Any, int]) -> dict[Any, int]:
    """``counted`` most common first, ties in sorted order."""
    return dict(sorted(counted.items(), key=lambda kv: (-kv[1], str(kv[0]))))
