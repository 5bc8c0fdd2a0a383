"""The bulk pre-send on Dask: the single-process answer, partition by partition.

Install with ``pip install 'smscore[dask]'`` (dask[dataframe], distributed, pyarrow); ``import
smscore`` never imports this module. Every partition is read with the engine-free functions of
:mod:`smscore.numbers._bulk`, the same ones :func:`smscore.prepare_recipients` runs, so the
accepted numbers and their order, the duplicates, the rejections with their reasons and every
batch's request equal the single-process answer for the same list in the same order.

"First occurrence" is by input order: partitions in order, rows in order within each (what
``ddf.compute()`` gives; files read by ``read_parquet``/``read_csv`` keep the order of their
file list). When that order means nothing (after a shuffle, a merge, a ``set_index``), pass
``order_by=`` a column: rows are then ranked by it, ties by input order.

How it runs (and the prototype's pitfalls, each one tested):

1. Each partition is normalized into number keys by a task built with its partition number
   fixed in the graph (``to_delayed``), not ``partition_info``, which renumbers partitions
   when a later ``.partitions[...]`` is pushed below the map. Null strings that pandas turns
   into ``NaN`` or ``<NA>`` are rejected as ``"not a string"``, as the core rejects ``None``.
   A column that ``read_csv`` guessed as int64 has lost its ``+`` and leading zeros: it is
   refused with the fix (``dtype={column: "string"}``).
2. In input order, only ``(key, position)`` pairs (16 bytes a row; position is partition << 32
   | row, so no lengths are needed up front) are shuffled by key; in each hash bucket
   :func:`~smscore.numbers._bulk.first_flags` picks the first occurrence of each number, and
   the positions of first occurrences go back to their own partitions by ``set_index`` on
   divisions known in advance (no sort; empty partitions welcome). The rows never move.
   With ``order_by``, valid rows go to the buckets, and first occurrences are sorted by
   ``(order_by, position)``.
3. One round trip counts rows and first occurrences per partition; ranks follow, and the
   accepted numbers are cut into partitions that hold whole batches: ``accepted`` has the
   rank as index and divisions at multiples of ``batch_size``, so no batch crosses a
   partition.

Every output column of text has an explicit ``string[pyarrow]`` dtype, so ``to_parquet`` writes
them as strings. The normalized, marked rows and the accepted numbers are persisted: the call
does the work, and the three outputs are cheap to compute or write afterwards (``duplicates``
come in hash-bucket or partition order: sort by ``order`` for input order).

Ambiguity and line-type advice (issue 11) are not computed here; use
:func:`smscore.prepare_recipients` or :func:`smscore.stream_recipients` for them.
"""

from __future__ import annotations

import inspect
import itertools
import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import dask
import dask.bag as db
import dask.dataframe as dd
import numpy as np
import pandas as pd

from .errors import InvalidRequest
from .numbers import _bulk as bulk
from .numbers._core import NumberStyle, _check_style

__all__ = ["DaskRecipients", "billed_segments", "build_requests", "prepare_recipients"]

STRING = "string[pyarrow]"
_FIRST, _PART, _ROW = "_smscore_first", "_smscore_part", "_smscore_row"  # internal columns
_RESERVED = frozenset(
    {"rank", "batch", "number", "order", "raw", "reason", "key", _FIRST, _PART, _ROW}
)


@dataclass(frozen=True, slots=True, kw_only=True)
class DaskRecipients:
    """What :func:`prepare_recipients` made of a Dask DataFrame.

    ``accepted``: index ``rank`` (0-based, the accepted order), columns ``batch``, ``number``
    and the ``keep`` columns; its divisions fall on multiples of ``batch_size``.
    ``duplicates``: ``order`` (the input position), ``raw``, ``number`` (the number it
    repeats). ``rejected``: ``order``, ``raw``, ``reason``. ``count`` accepted numbers in
    ``batches`` batches of at most ``batch_size``.
    """

    accepted: Any
    duplicates: Any
    rejected: Any
    count: int
    batches: int
    batch_size: int
    style: NumberStyle


def _bad(field: str, value: object, message: str, rule: str) -> InvalidRequest:
    return InvalidRequest(message, field=field, value=value, rule=rule)


def _check_args(
    ddf: Any, column: str, batch_size: object, order_by: str | None, keep: Sequence[str]
) -> None:
    if not isinstance(ddf, dd.DataFrame):
        raise TypeError(f"ddf must be a dask DataFrame, got {type(ddf).__name__}")
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise _bad(
            "batch_size",
            batch_size,
            f"batch_size {batch_size!r} is not a whole number of at least 1",
            "batch_size is an int >= 1",
        )
    if column not in ddf.columns:
        raise _bad(
            "column",
            column,
            f"column {column!r} is not in the frame (columns: {', '.join(map(str, ddf.columns))})",
            "column names the column of raw numbers",
        )
    dtype = ddf.dtypes[column]
    if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        raise _bad(
            "column",
            column,
            f"column {column!r} holds {dtype}: numbers read as numbers have lost their '+' "
            f"and leading zeros; read it as text (read_csv(..., dtype={{{column!r}: 'string'}}))",
            "the numbers column is text",
        )
    for name in (*keep, *([order_by] if order_by is not None else [])):
        field = "order_by" if name == order_by and name not in keep else "keep"
        if name not in ddf.columns:
            raise _bad(
                field,
                name,
                f"{field} column {name!r} is not in the frame",
                f"{field} names columns",
            )
        if name in _RESERVED:
            raise _bad(
                field,
                name,
                f"{field} column {name!r} clashes with an output column",
                "not one of " + ", ".join(sorted(_RESERVED)),
            )


def _text(values: Sequence[Any]) -> Any:
    # explicit string dtype: None for what is not text (NaN, <NA>, numbers)
    return pd.array([v if isinstance(v, str) else None for v in values], dtype=STRING)


def _normalize_part(
    pdf: pd.DataFrame, part: int, column: str, region: str | None, extra: Sequence[str]
) -> pd.DataFrame:
    """One input partition -> part, row, key, reason, raw (+ order_by / keep columns)."""
    raws = pdf[column].tolist()
    keys, reasons = bulk.read_keys(raws, region)
    n = len(raws)
    out = pd.DataFrame(
        {
            _PART: np.full(n, part, dtype="int64"),
            _ROW: np.arange(n, dtype="int64"),
            "key": np.asarray(keys, dtype="int64"),
            "reason": pd.array(reasons, dtype=STRING),
            "raw": _text(raws),
        }
    )
    for name in extra:
        out[name] = pdf[name].to_numpy()
    return out


def _offsets(lengths: list[int]) -> Any:
    return np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype("int64")


def _with_order(pdf: pd.DataFrame, offsets: Any) -> pd.DataFrame:
    out = pdf.drop(columns=[_PART, _ROW])
    out.insert(0, "order", offsets[pdf[_PART].to_numpy()] + pdf[_ROW].to_numpy())
    return out


def _first_in_bucket(pdf: pd.DataFrame, order_by: str | None) -> pd.DataFrame:
    keys = pdf["key"].tolist()
    orders: list[Any] = pdf["order"].tolist()
    if order_by is not None:
        nulls = pdf["order"][pdf[order_by].isna()].tolist()
        if nulls:
            raise InvalidRequest(
                f"order_by column {order_by!r} is null at input position {min(nulls)}: "
                "null says nothing about which occurrence came first",
                field="order_by",
                value=order_by,
                rule="order_by values are not null",
            )
        orders = list(zip(pdf[order_by].tolist(), orders, strict=True))
    return pdf.assign(**{_FIRST: np.asarray(bulk.first_flags(keys, orders), dtype=bool)})


def _numbers(keys: Any, digits: bool) -> Any:
    return pd.array([bulk.number_text(k, digits) for k in keys.tolist()], dtype=STRING)


def _duplicates_part(pdf: pd.DataFrame, digits: bool) -> pd.DataFrame:
    dups = pdf[~pdf[_FIRST]]
    return pd.DataFrame(
        {
            "order": dups["order"].to_numpy(),
            "raw": dups["raw"].array,
            "number": _numbers(dups["key"], digits),
        }
    )


def _accepted_part(
    pieces: list[pd.DataFrame],
    starts: list[int],
    lo: int,
    hi: int,
    batch_size: int,
    digits: bool,
    keep: Sequence[str],
) -> pd.DataFrame:
    """Ranks ``lo <= rank < hi`` from the sorted first occurrences (pieces start at ``starts``)."""
    cut = []
    for piece, start in zip(pieces, starts, strict=True):
        a, b = max(lo - start, 0), min(hi - start, len(piece))
        if a < b:
            cut.append(piece.iloc[a:b])
    rows = pd.concat(cut) if cut else pieces[0].iloc[:0]
    rank: Any = np.arange(lo, lo + len(rows), dtype="int64")
    out = pd.DataFrame(
        {
            "batch": np.asarray(bulk.batch_ids(rank.tolist(), batch_size), dtype="int64"),
            "number": _numbers(rows["key"], digits),
        },
        index=pd.Index(rank, name="rank"),
    )
    for name in keep:
        out[name] = rows[name].to_numpy()
    return out


_POS_BITS = 32  # a position key is (partition << 32) | row: input order without the lengths


def _positions(pdf: pd.DataFrame) -> pd.DataFrame:
    valid = pdf[pdf["key"] != bulk.REJECTED]
    pos = (valid[_PART].to_numpy() << _POS_BITS) | valid[_ROW].to_numpy()
    return pd.DataFrame({"key": valid["key"].to_numpy(), "pos": pos})


def _first_positions(pdf: pd.DataFrame) -> pd.DataFrame:
    flags = bulk.first_flags(pdf["key"].tolist(), pdf["pos"].tolist())
    return pd.DataFrame({"pos": pdf["pos"].to_numpy()[np.asarray(flags, dtype=bool)]})


def _mark_part(pdf: pd.DataFrame, firsts: pd.DataFrame) -> pd.DataFrame:
    """A normalized input partition with first-occurrence flags (``firsts``: its positions)."""
    pos = (pdf[_PART].to_numpy() << _POS_BITS) | pdf[_ROW].to_numpy()
    return pdf.assign(**{_FIRST: np.isin(pos, firsts.index.to_numpy())})


def _by_position(norm: Any, meta: pd.DataFrame) -> Any:
    """First occurrence by input position: only (key, position) pairs travel through the
    shuffle, and the positions of first occurrences go back to their own input partitions
    (range partitioning on divisions known up front, no sort, empty partitions welcome),
    where each row learns whether it is first. The rows themselves never move."""
    n = norm.npartitions
    narrow = norm.map_partitions(_positions, meta=_positions(meta))
    buckets = narrow.shuffle(on="key", npartitions=n)
    pos_meta = pd.DataFrame({"pos": np.zeros(0, dtype="int64")})
    firsts = buckets.map_partitions(_first_positions, meta=pos_meta)
    divisions = (*(i << _POS_BITS for i in range(n)), ((n - 1) << _POS_BITS) | 0xFFFFFFFF)
    back = firsts.set_index("pos", divisions=divisions).to_delayed()
    parts = norm.to_delayed()
    tasks = [dask.delayed(_mark_part)(p, f) for p, f in zip(parts, back, strict=True)]
    marked_meta = _mark_part(meta, pos_meta.set_index("pos"))
    return dd.from_delayed(tasks, meta=marked_meta, verify_meta=False)


def _counts(pdf: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"rows": [len(pdf)], "firsts": [int(pdf[_FIRST].sum())]})


def _by_column(
    ordered: Any, order_by: str, nparts: int, digits: bool, extra: list[str]
) -> tuple[Any, Any, Any]:
    """First occurrence by ``order_by`` (ties by position): rows travel to hash buckets of
    their key, and the first occurrences are sorted by (order_by, position)."""
    rejected = ordered[ordered["key"] == bulk.REJECTED][["order", "raw", "reason"]]
    valid = ordered[ordered["key"] != bulk.REJECTED].drop(columns=["reason"])
    buckets = valid.shuffle(on="key", npartitions=nparts)
    flagged_meta = _first_in_bucket(valid._meta, order_by)
    flagged = buckets.map_partitions(_first_in_bucket, order_by, meta=flagged_meta).persist()
    duplicates = flagged.map_partitions(
        _duplicates_part, digits, meta=_duplicates_part(flagged_meta, digits)
    )
    firsts = flagged[flagged[_FIRST]][["key", "order", *extra]]
    if int(firsts.shape[0].compute()) == 0:
        return firsts, duplicates, rejected
    return firsts.sort_values([order_by, "order"]).persist(), duplicates, rejected


def prepare_recipients(
    ddf: Any,
    column: str,
    *,
    region: str | None = None,
    style: NumberStyle = "e164",
    batch_size: int = 250,
    order_by: str | None = None,
    keep: Sequence[str] = (),
) -> DaskRecipients:
    """Normalize, deduplicate and batch the numbers in ``ddf[column]`` on Dask.

    The answer equals :func:`smscore.prepare_recipients` on the same column in input order
    (``order_by`` changes which occurrence is first and the accepted order). ``keep`` columns
    of each first occurrence ride along into ``accepted``. Runs with the current Dask
    scheduler (a ``distributed.Client`` when one is active).

    >>> import dask.dataframe as dd, pandas as pd
    >>> ddf = dd.from_pandas(pd.DataFrame({"phone": ["+1 213 555 0123", "12135550123", "12"]},
    ...                                   dtype="string"), npartitions=2)
    >>> r = prepare_recipients(ddf, "phone", style="digits")
    >>> r.accepted.compute()["number"].tolist(), r.count, r.batches
    (['12135550123'], 1, 1)
    """
    _check_style(style)
    if isinstance(keep, str):
        raise _bad("keep", keep, f"keep {keep!r} is one column: pass a list", "keep is a list")
    keep = list(keep)
    _check_args(ddf, column, batch_size, order_by, keep)
    key = bulk.check_region(region)
    digits = style == "digits"
    extra = list(dict.fromkeys([*keep, *([order_by] if order_by else [])]))

    # 1. normalize, each task with its partition number fixed in the graph
    src = ddf[list(dict.fromkeys([column, *extra]))]
    parts = src.to_delayed()
    meta = _normalize_part(src._meta, 0, column, key, extra)
    tasks = [dask.delayed(_normalize_part)(p, i, column, key, extra) for i, p in enumerate(parts)]
    norm = dd.from_delayed(tasks, meta=meta, verify_meta=False)
    nparts = max(norm.npartitions, 1)
    if order_by is None:
        # 2. first occurrences marked in place; one round trip counts rows and firsts
        marked = _by_position(norm, meta).persist()
        counts = marked.map_partitions(
            _counts, meta=_counts(_mark_part(meta, meta.iloc[:0]))
        ).compute()
        lengths = counts["rows"].tolist()
        sizes = counts["firsts"].tolist()
        offsets = _offsets(lengths)
        ordered = marked.map_partitions(
            _with_order, offsets, meta=_with_order(marked._meta, offsets)
        )
        rejected = ordered[ordered["key"] == bulk.REJECTED][["order", "raw", "reason"]]
        valid = ordered[ordered["key"] != bulk.REJECTED]
        duplicates = valid.map_partitions(
            _duplicates_part, digits, meta=_duplicates_part(valid._meta, digits)
        )
        ranked = ordered[ordered[_FIRST]][["key", "order", *keep]]
    else:
        norm = norm.persist()
        offsets = _offsets(norm.map_partitions(len).compute().tolist())
        ordered = norm.map_partitions(_with_order, offsets, meta=_with_order(meta, offsets))
        ranked, duplicates, rejected = _by_column(ordered, order_by, nparts, digits, extra)
        sizes = ranked.map_partitions(len).compute().tolist()
    count = int(sum(sizes))
    accepted_meta = _accepted_part([ranked._meta], [0], 0, 0, batch_size, digits, keep)
    if count == 0:
        accepted = dd.from_pandas(accepted_meta, npartitions=1)
    else:
        starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype("int64").tolist()
        pieces = ranked.to_delayed()
        per = math.ceil(count / nparts / batch_size) * batch_size
        bounds = [*range(0, count, per), count]
        out = []
        for lo, hi in itertools.pairwise(bounds):
            use = [
                i
                for i, (s, n) in enumerate(zip(starts, sizes, strict=True))
                if s < hi and s + n > lo
            ]
            out.append(
                dask.delayed(_accepted_part)(
                    [pieces[i] for i in use],
                    [starts[i] for i in use],
                    lo,
                    hi,
                    batch_size,
                    digits,
                    keep,
                )
            )
        divisions = (*bounds[:-1], count - 1)
        accepted = dd.from_delayed(out, meta=accepted_meta, divisions=divisions, verify_meta=False)
        accepted = accepted.persist()
    return DaskRecipients(
        accepted=accepted,
        duplicates=duplicates,
        rejected=rejected,
        count=count,
        batches=math.ceil(count / batch_size),
        batch_size=batch_size,
        style=style,
    )


# build_send's text and numbers come from the batch; a setting of the same name (plan_send's
# numbers= policy) means the batch is planned.
_POSITIONAL = frozenset({"text", "numbers"})


def _requests_part(
    pdf: pd.DataFrame, provider: str, message: Any, options: Mapping[str, Any]
) -> list[Any]:
    from . import providers

    p = providers.get(provider)
    # The gateway builds a plain text's requests from the plan's numbers without reading them
    # again (issue 14, item 4): the first batch's plan checks the text and the settings, and
    # every number here is one prepare_recipients accepted (normalized and valid).
    direct = (
        provider == "mgage-gateway"
        and isinstance(message, str)
        and options.keys() <= inspect.signature(p.build_send).parameters.keys() - _POSITIONAL
    )
    checked = False
    found = []
    for batch, rows in pdf.groupby("batch", sort=True):
        numbers = rows["number"].tolist()
        if direct and checked:
            built = p.build_send(message, [n.lstrip("+") for n in numbers], **options)
        else:
            plan = p.plan_send(message, numbers, **options)
            rejections = getattr(plan, "rejections", ())
            if rejections:
                raise rejections[0].to_error()
            built = plan.requests
            checked = True
        if len(built) != 1:
            raise InvalidRequest(
                f"batch {batch} became {len(built)} requests: batch_size is larger "
                f"than {provider} takes in one request",
                field="batch_size",
                value=len(rows),
                rule=f"one {provider} request per batch",
            )
        found.append(built[0])
    return found


def build_requests(
    accepted: Any,
    provider: str,
    message: Any,
    *,
    credentials: Any,
    sender: str | None = None,
    **settings: Any,
) -> Any:
    """One request per batch of ``accepted`` (a :attr:`DaskRecipients.accepted`), in batch order.

    Each batch goes through the provider interface, ``smscore.providers.get(provider).plan_send(
    message, numbers, credentials=..., sender=..., **settings)``, so the requests equal the
    single-process plan's. Returns a ``dask.bag.Bag`` of :class:`smscore.wire.Request`, one
    partition per partition of ``accepted``. A batch the provider would refuse raises its
    :class:`~smscore.ProviderError` when computed.
    """
    from . import providers

    providers.get(provider)  # an unknown name fails here, not in a worker
    if not isinstance(accepted, dd.DataFrame) or "batch" not in accepted.columns:
        raise TypeError("accepted must be the accepted frame of smscore.dask.prepare_recipients")
    options = {"credentials": credentials, "sender": sender, **settings}
    parts = accepted[["batch", "number"]].to_delayed()
    tasks = [dask.delayed(_requests_part)(p, provider, message, options) for p in parts]
    return db.from_delayed(tasks)


def _segments_part(pdf: pd.DataFrame, template: Any, columns: Any) -> pd.DataFrame:
    from .text import segment

    if isinstance(columns, Mapping):
        names = list(columns.values())
        rows = zip(*(pdf[c].tolist() for c in names), strict=True) if names else ([()] * len(pdf))
        values: list[Any] = [dict(zip(columns.keys(), row, strict=True)) for row in rows]
    else:
        cols = list(columns)
        values = (
            [list(row) for row in zip(*(pdf[c].tolist() for c in cols), strict=True)]
            if cols
            else [[] for _ in range(len(pdf))]
        )
    segments = [segment(template.render(v)).segments for v in values]
    return pd.DataFrame(
        {
            "batch": pdf["batch"].to_numpy(),
            "number": pdf["number"].array,
            "segments": np.asarray(segments, dtype="int64"),
        },
        index=pdf.index,
    )


def billed_segments(
    accepted: Any, template: Any, columns: Mapping[str, str] | Collection[str] = ()
) -> Any:
    """SMS parts each accepted recipient is billed for: its text rendered, then segmented.

    ``template`` is a :class:`smscore.Template` or its source; ``columns`` maps placeholder
    names to ``keep`` columns (``{"FIRST NAME": "first"}``), or lists columns in the order of
    ``{0}``, ``{1}`` placeholders. Returns a frame like ``accepted`` with ``batch``,
    ``number`` and ``segments``; ``.segments.sum()`` is the whole send's bill in parts.
    """
    from .templates import Template

    tpl = template if isinstance(template, Template) else Template(template)
    if isinstance(columns, str):
        raise _bad(
            "columns",
            columns,
            f"columns {columns!r} is one column: pass a list",
            "columns is a list or mapping",
        )
    names = list(columns.values()) if isinstance(columns, Mapping) else list(columns)
    missing = [c for c in names if c not in accepted.columns]
    if missing:
        raise _bad(
            "columns",
            missing,
            f"columns {missing!r} are not in accepted (pass them in keep=)",
            "columns name kept columns",
        )
    meta = pd.DataFrame(
        {
            "batch": np.zeros(0, "int64"),
            "number": pd.array([], dtype=STRING),
            "segments": np.zeros(0, "int64"),
        },
        index=pd.Index(np.zeros(0, "int64"), name="rank"),
    )
    return accepted.map_partitions(_segments_part, tpl, columns, meta=meta)
