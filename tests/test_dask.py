"""smscore.dask on the synchronous scheduler: the single-process answer, partition by partition."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import pytest

dask = pytest.importorskip("dask")
dd = pytest.importorskip("dask.dataframe")
pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import smscore  # noqa: E402
from smscore import InvalidRequest, ProviderError, Template, segment  # noqa: E402
from smscore import dask as sd  # noqa: E402
from smscore.providers import get as get_provider  # noqa: E402


@pytest.fixture(autouse=True)
def synchronous() -> Any:
    with dask.config.set(scheduler="synchronous"):
        yield


def frame(raws: Sequence[Any], sizes: Sequence[int], **extra: Sequence[Any]) -> Any:
    """A Dask frame of ``raws`` cut into partitions of ``sizes`` (zeros make empty ones)."""
    assert sum(sizes) == len(raws)
    pieces, i = [], 0
    for n in sizes:
        data = {"phone": pd.array(list(raws[i : i + n]), dtype="string")}
        for name, values in extra.items():
            data[name] = list(values[i : i + n])
        pieces.append(pd.DataFrame(data, index=pd.RangeIndex(i, i + n)))
        i += n
    return dd.from_delayed(
        [dask.delayed(p) for p in pieces], meta=pieces[0].iloc[:0], verify_meta=False
    )


def text(value: Any) -> Any:
    return None if value is pd.NA or value is None else value


def assert_same(r: Any, ref: smscore.Recipients, batch_size: int) -> None:
    """The Dask answer equals prepare_recipients' (raws None for what is not text)."""
    acc = r.accepted.compute()
    assert tuple(acc["number"]) == ref.accepted
    assert acc.index.tolist() == list(range(len(ref.accepted)))
    assert acc["batch"].tolist() == [i // batch_size for i in range(len(ref.accepted))]
    got_batches = tuple(tuple(g["number"]) for _, g in acc.groupby("batch", sort=True))
    assert got_batches == ref.batches
    dups = r.duplicates.compute().sort_values("order")
    assert [(text(a), b) for a, b in zip(dups["raw"], dups["number"], strict=True)] == [
        (text(a) if isinstance(a, str) else None, b) for a, b in ref.duplicates
    ]
    rej = r.rejected.compute()
    assert rej["order"].tolist() == sorted(rej["order"].tolist())
    assert [(text(a), b) for a, b in zip(rej["raw"], rej["reason"], strict=True)] == [
        (a if isinstance(a, str) else None, b) for a, b in ref.rejected
    ]
    assert r.count == len(ref.accepted)
    assert r.batches == len(ref.batches)
    # divisions on batch boundaries: no batch crosses a partition
    if r.count:
        assert all(d % batch_size == 0 for d in r.accepted.divisions[:-1])
        seen: set[int] = set()
        for i in range(r.accepted.npartitions):
            here = set(r.accepted.partitions[i].compute()["batch"])
            assert not here & seen
            seen |= here


RAWS = [
    "+1 213 555 0123",
    "12135550123",
    "12",
    None,
    "+44 20 7946 0958",
    "1-213-555-0123",
    "12135550123;13105550199",
    "442079460958",
    "+1 310 555 0199",
]

RAW = st.one_of(
    st.sampled_from(
        [
            "+12135550123",
            "1 213 555 0123",
            "+1 310 555 0199",
            "13105550199",
            "+442079460958",
            "44 20 7946 0958",
            "+33 6 12 34 56 78",
            "33612345678",
            "12135550123 ext 4",
            "",
            "12",
            "(646) 683-6219",
        ]
    ),
    st.none(),
    st.text(alphabet="0123456789+ -", max_size=14),
)


@st.composite
def partitioned(draw: st.DrawFn) -> tuple[list[Any], list[int]]:
    raws = draw(st.lists(RAW, max_size=40))
    cuts = sorted(draw(st.lists(st.integers(0, len(raws)), max_size=5)))
    bounds = [0, *cuts, len(raws)]
    sizes = [b - a for a, b in itertools.pairwise(bounds)]  # zeros: empty partitions
    return raws, sizes


@settings(max_examples=15)
@given(partitioned(), st.sampled_from([1, 3, 7, 250]), st.sampled_from(["e164", "digits"]))
def test_property_dask_equals_single_process(
    data: tuple[list[Any], list[int]], batch_size: int, style: Any
) -> None:
    raws, sizes = data
    ref = smscore.prepare_recipients(raws, style=style, batch_size=batch_size)
    r = sd.prepare_recipients(frame(raws, sizes), "phone", style=style, batch_size=batch_size)
    assert_same(r, ref, batch_size)


def test_exact_small_list_with_kept_columns() -> None:
    names = [f"n{i}" for i in range(len(RAWS))]
    r = sd.prepare_recipients(
        frame(RAWS, [4, 0, 5], name=names), "phone", batch_size=2, keep=["name"]
    )
    acc = r.accepted.compute()
    assert acc.to_dict("list") == {
        "batch": [0, 0, 1],
        "number": ["+12135550123", "+442079460958", "+13105550199"],
        "name": ["n0", "n4", "n8"],
    }
    assert r.accepted.divisions == (0, 2, 2)
    assert r.duplicates.compute().sort_values("order").to_dict("list") == {
        "order": [1, 5, 7],
        "raw": ["12135550123", "1-213-555-0123", "442079460958"],
        "number": ["+12135550123", "+12135550123", "+442079460958"],
    }
    rej = r.rejected.compute()
    assert rej["order"].tolist() == [2, 3, 6]
    assert rej["reason"].tolist() == [
        "not a number",
        "not a string",
        "has an extension; an SMS goes to one number",
    ]
    assert_same(r, smscore.prepare_recipients(RAWS, batch_size=2), 2)


def test_order_by_decides_first_occurrence() -> None:
    raws = ["12135550123", "+1 213 555 0123", "13105550199", "+13105550199"]
    when = [4, 1, 2, 3]  # the second row came first
    r = sd.prepare_recipients(
        frame(raws, [2, 2], when=when), "phone", order_by="when", keep=["when"]
    )
    acc = r.accepted.compute()
    assert acc["number"].tolist() == ["+12135550123", "+13105550199"]
    assert acc["when"].tolist() == [1, 2]
    dups = r.duplicates.compute().sort_values("order")
    assert dups.to_dict("list") == {
        "order": [0, 3],
        "raw": ["12135550123", "+13105550199"],
        "number": ["+12135550123", "+13105550199"],
    }
    # a null order says nothing: refused, naming the first position that has one
    holes = frame(raws, [2, 2], when=[4, None, 2, 3])
    with pytest.raises(InvalidRequest) as info:
        sd.prepare_recipients(holes, "phone", order_by="when")
    assert str(info.value) == (
        "order_by column 'when' is null at input position 1: null says nothing about which "
        "occurrence came first"
    )
    # equal to the single-process answer on the list sorted by (when, position)
    order = sorted(range(len(raws)), key=lambda i: (when[i], i))
    ref = smscore.prepare_recipients([raws[i] for i in order])
    assert tuple(acc["number"]) == ref.accepted


# --- the prototype's pitfalls ----------------------------------------------------------------


def test_pitfall_partition_numbers_survive_partition_selection() -> None:
    """partition_info renumbers a partition picked with .partitions[...] below the map."""
    raws = ["12", "x", "+1 213 555 0123", "y", "13105550199", "z"]
    r = sd.prepare_recipients(frame(raws, [2, 2, 2]), "phone")
    whole = r.rejected.compute()["order"].tolist()
    assert whole == [0, 1, 3, 5]
    assert r.rejected.partitions[2].compute()["order"].tolist() == [5]
    assert r.rejected.partitions[1:].compute()["order"].tolist() == [3, 5]
    assert r.accepted.partitions[0].compute()["number"].tolist() == [
        "+12135550123",
        "+13105550199",
    ]


def test_pitfall_string_dtypes_write_parquet(tmp_path: Path) -> None:
    r = sd.prepare_recipients(frame(RAWS, [3, 3, 3]), "phone", batch_size=2)
    for name in ("accepted", "duplicates", "rejected"):
        out = getattr(r, name)
        out.to_parquet(tmp_path / name)
        back = dd.read_parquet(tmp_path / name).compute()
        assert len(back) == len(out.compute())
    rej = dd.read_parquet(tmp_path / "rejected").compute()
    assert str(rej["reason"].dtype).startswith("string")
    assert rej["raw"].isna().tolist() == [False, True, False]


def test_pitfall_null_strings_are_not_a_string() -> None:
    """pandas turns null strings into NaN (object) or <NA> (string): 'not a string'."""
    values = ["+12135550123", None, float("nan"), "13105550199"]
    for dtype in (object, None, "string"):  # None: pandas' own guess (str in pandas 3)
        pdf = pd.DataFrame({"phone": pd.Series(values, dtype=dtype)})
        r = sd.prepare_recipients(dd.from_pandas(pdf, npartitions=2), "phone")
        rej = r.rejected.compute()
        assert rej["order"].tolist() == [1, 2]
        assert rej["reason"].tolist() == ["not a string", "not a string"]
        assert rej["raw"].isna().all()
        assert r.count == 2


def test_pitfall_read_csv_int64_is_refused_with_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("phone\n12135550123\n0044207946095\n12135550123\n")
    guessed = dd.read_csv(path)
    with pytest.raises(InvalidRequest) as info:
        sd.prepare_recipients(guessed, "phone")
    assert str(info.value) == (
        "column 'phone' holds int64: numbers read as numbers have lost their '+' and leading "
        "zeros; read it as text (read_csv(..., dtype={'phone': 'string'}))"
    )
    assert (info.value.field, info.value.value) == ("column", "phone")
    r = sd.prepare_recipients(dd.read_csv(path, dtype={"phone": "string"}), "phone")
    assert r.accepted.compute()["number"].tolist() == ["+12135550123"]
    assert r.rejected.compute()["raw"].tolist() == ["0044207946095"]


def test_pitfall_empty_partitions_and_nothing_accepted() -> None:
    r = sd.prepare_recipients(frame(["12", None, "x"], [0, 2, 0, 1, 0]), "phone", batch_size=3)
    assert r.count == 0
    assert r.batches == 0
    assert len(r.accepted.compute()) == 0
    assert r.rejected.compute()["order"].tolist() == [0, 1, 2]
    r = sd.prepare_recipients(frame([], [0, 0]), "phone")
    assert (r.count, len(r.rejected.compute()), len(r.duplicates.compute())) == (0, 0, 0)
    # all accepted rows in one partition among empty ones
    raws = [f"+1213555{n:04d}" for n in range(10)]
    r = sd.prepare_recipients(frame(raws, [0, 10, 0, 0]), "phone", batch_size=3)
    assert_same(r, smscore.prepare_recipients(raws, batch_size=3), 3)


def test_bad_arguments_are_typed_errors() -> None:
    ddf = frame(RAWS, [9], name=["a"] * 9)
    with pytest.raises(InvalidRequest, match=r"^column 'tel' is not in the frame"):
        sd.prepare_recipients(ddf, "tel")
    with pytest.raises(InvalidRequest, match=r"^batch_size 0 is not a whole number"):
        sd.prepare_recipients(ddf, "phone", batch_size=0)
    with pytest.raises(InvalidRequest, match=r"^keep column 'nope' is not in the frame$"):
        sd.prepare_recipients(ddf, "phone", keep=["nope"])
    with pytest.raises(InvalidRequest, match=r"^order_by column 'when' is not in the frame$"):
        sd.prepare_recipients(ddf, "phone", order_by="when")
    with pytest.raises(InvalidRequest, match=r"^keep 'name' is one column: pass a list$"):
        sd.prepare_recipients(ddf, "phone", keep="name")
    with pytest.raises(smscore.InvalidNumber, match=r"^region 'XX' is not a region"):
        sd.prepare_recipients(ddf, "phone", region="XX")
    with pytest.raises(TypeError, match=r"^ddf must be a dask DataFrame, got list$"):
        sd.prepare_recipients(RAWS, "phone")


# --- requests and billing -------------------------------------------------------------------

GATEWAY = {"program_id": "104967", "endpoint": "https://gw.example/send", "sender": "87767"}


def test_build_requests_equal_the_single_process_plan() -> None:
    raws = [f"1213555{n:04d}" for n in range(600)] + RAWS
    r = sd.prepare_recipients(frame(raws, [200, 0, 409]), "phone", style="digits")
    gw = get_provider("mgage-gateway")
    creds = gw.Credentials("user", "secret")
    got = sd.build_requests(r.accepted, "mgage-gateway", "Hi", credentials=creds, **GATEWAY)
    plan = gw.plan_send("Hi", raws, credentials=creds, **GATEWAY)
    requests = got.compute()
    assert [q.url for q in requests] == [q.url for q in plan.requests]
    assert requests == list(plan.requests)
    assert len(requests) == 3
    assert "secret" not in repr(requests[0])


@pytest.mark.parametrize("style", ["digits", "e164"])
def test_build_requests_from_the_plan_numbers_equal_the_plan(
    style: Literal["digits", "e164"], monkeypatch: pytest.MonkeyPatch
) -> None:
    # several batches per partition: the first is planned (text and settings checked), the
    # rest built from the accepted numbers without reading them again; "+" numbers included
    raws = [f"1213555{n:04d}" for n in range(60)] + RAWS
    r = sd.prepare_recipients(
        frame(raws, [30, 0, 39]),
        "phone",
        style=style,
        batch_size=7,
    )
    gw = get_provider("mgage-gateway")
    creds = gw.Credentials("user", "secret")
    settings: dict[str, Any] = {**GATEWAY, "batch_size": 7}
    built: list[int] = []
    build_send = gw.build_send

    @functools.wraps(build_send)  # the same signature: build_requests reads it
    def counted(*args: Any, **kwargs: Any) -> Any:
        built.append(1)
        return build_send(*args, **kwargs)

    monkeypatch.setattr(gw, "build_send", counted)
    got = sd.build_requests(r.accepted, "mgage-gateway", "Hi €", credentials=creds, **settings)
    plan = gw.plan_send("Hi €", raws, credentials=creds, **settings)
    assert got.compute() == list(plan.requests)
    assert len(plan.requests) == 9
    # the first batch of each partition is planned, every other one built from its numbers
    sizes = [len(part) for part in r.accepted.partitions]
    assert len(built) == 9 - sum(1 for size in sizes if size) > 0
    built.clear()  # plan_send's own settings (numbers=, the number policy) plan every batch
    policy = sd.build_requests(
        r.accepted, "mgage-gateway", "Hi €", credentials=creds, numbers="valid", **settings
    )
    assert policy.compute() == list(plan.requests)
    assert built == []
    long_text = sd.build_requests(
        r.accepted, "mgage-gateway", "x" * 170, credentials=creds, **settings
    )
    with pytest.raises(ProviderError) as caught:  # the first batch's plan checks the text
        long_text.compute()
    assert (caught.value.code, caught.value.message) == (
        "107",
        "Too many characters in message – should be < 160, found 170.",
    )


def test_build_requests_refuses_batches_the_provider_splits() -> None:
    raws = [f"1213555{n:04d}" for n in range(300)]
    r = sd.prepare_recipients(frame(raws, [300]), "phone", batch_size=300)
    gw = get_provider("mgage-gateway")
    bag = sd.build_requests(
        r.accepted, "mgage-gateway", "Hi", credentials=gw.Credentials("u", "p"), **GATEWAY
    )
    with pytest.raises(InvalidRequest, match=r"^batch 0 became 2 requests"):
        bag.compute()
    with pytest.raises(InvalidRequest, match=r"^unknown provider 'nope'"):
        sd.build_requests(r.accepted, "nope", "Hi", credentials=None)


def test_billed_segments_render_each_recipient() -> None:
    raws = ["+12135550123", "+13105550199", "+12135550123"]
    names = ["Ada", "Bartholomew " * 14, "Cy"]
    r = sd.prepare_recipients(frame(raws, [2, 1], first=names), "phone", keep=["first"])
    tpl = Template("Hi %%FIRST%%, your code is 1234")
    seg = sd.billed_segments(r.accepted, tpl, {"FIRST": "first"}).compute()
    assert seg["segments"].tolist() == [1, segment(f"Hi {names[1]}, your code is 1234").segments]
    assert seg["segments"].tolist() == [1, 2]
    positional = sd.billed_segments(r.accepted, "Hi {0}", ["first"]).compute()
    assert positional["segments"].tolist() == [1, 2]
    with pytest.raises(InvalidRequest, match=r"are not in accepted \(pass them in keep=\)$"):
        sd.billed_segments(r.accepted, tpl, {"FIRST": "last"})


def test_import_smscore_does_not_import_dask() -> None:
    import subprocess
    import sys

    code = (
        "import smscore, sys; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'dask', 'pandas', 'distributed'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
