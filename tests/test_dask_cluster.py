"""smscore.dask on a real 2-worker LocalCluster (1 thread each): Parquet and CSV input, order_by,
and request URLs byte for byte equal to the single-process plan's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

dask = pytest.importorskip("dask")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")

import smscore  # noqa: E402
from smscore import dask as sd  # noqa: E402
from smscore.providers import get as get_provider  # noqa: E402

GATEWAY = {"program_id": "104967", "endpoint": "https://gw.example/send", "sender": "87767"}


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            host="127.0.0.1",
        ) as cluster,
        distributed.Client(cluster) as c,
    ):
        yield c


def contact_list(n: int) -> list[Any]:
    """Mixed formats, about 15% repeats written another way, some junk and nulls."""
    raws: list[Any] = []
    for i in range(n):
        local = f"{(i * 7919) % 10_000:04d}"
        if i % 13 == 0:
            raws.append(f"1-213-555-{(i * 7919 - 13 * 7919) % 10_000:04d}")  # an earlier number
        elif i % 29 == 0:
            raws.append(None if i % 2 else "12")
        elif i % 3 == 0:
            raws.append(f"+1 (310) 555-{local}")
        elif i % 3 == 1:
            raws.append(f"1213555{local}")
        else:
            raws.append(f"+44 7400 12{local}")
    return raws


def write_files(tmp: Path, raws: list[Any], files: int, kind: str) -> list[Path]:
    per = -(-len(raws) // files)
    paths = []
    for f in range(files):
        chunk = raws[f * per : (f + 1) * per]
        pdf = pd.DataFrame({"phone": pd.array(chunk, dtype="string"), "seq": range(len(chunk))})
        path = tmp / f"part-{f:02d}.{kind}"
        if kind == "parquet":
            pdf.to_parquet(path)
        else:
            pdf.to_csv(path, index=False)
        paths.append(path)
    return paths


def check_same(r: Any, raws: list[Any], batch_size: int = 250) -> None:
    ref = smscore.prepare_recipients(raws, style="digits", batch_size=batch_size)
    acc = r.accepted.compute()
    assert tuple(acc["number"]) == ref.accepted
    dups = r.duplicates.compute().sort_values("order")
    assert list(dups["number"]) == [n for _, n in ref.duplicates]
    rej = r.rejected.compute()
    assert list(rej["reason"]) == [reason for _, reason in ref.rejected]
    assert all(d % batch_size == 0 for d in r.accepted.divisions[:-1])


def test_parquet_files_requests_equal_single_process(client: Any, tmp_path: Path) -> None:
    raws = contact_list(1000)
    paths = write_files(tmp_path, raws, 4, "parquet")
    ddf = dd.read_parquet([str(p) for p in paths])
    r = sd.prepare_recipients(ddf, "phone", style="digits")
    check_same(r, raws)
    gw = get_provider("mgage-gateway")
    creds = gw.Credentials("user", "secret")
    requests = sd.build_requests(r.accepted, "mgage-gateway", "Hi", credentials=creds, **GATEWAY)
    plan = gw.plan_send("Hi", raws, credentials=creds, **GATEWAY)
    got = requests.compute()
    assert len(got) == len(plan.requests) == r.batches
    assert [q.url for q in got] == [q.url for q in plan.requests]
    assert got == list(plan.requests)


def test_csv_files_read_as_text(client: Any, tmp_path: Path) -> None:
    raws = contact_list(600)
    paths = write_files(tmp_path, raws, 3, "csv")
    ddf = dd.read_csv([str(p) for p in paths], dtype={"phone": "string"}, blocksize=None)
    r = sd.prepare_recipients(ddf, "phone", style="digits", batch_size=7)
    # CSV reads an empty cell as null: the single-process reference sees the same
    check_same(r, ["" if x == "" else x for x in raws], batch_size=7)


def test_order_by_on_the_cluster(client: Any) -> None:
    raws = contact_list(600)
    pdf = pd.DataFrame({"phone": pd.array(raws, dtype="string"), "when": range(600, 0, -1)})
    ddf = dd.from_pandas(pdf, npartitions=3)
    r = sd.prepare_recipients(ddf, "phone", style="digits", order_by="when", keep=["when"])
    # the list read backwards is the reference: "when" counts down
    ref = smscore.prepare_recipients(raws[::-1], style="digits", batch_size=250)
    acc = r.accepted.compute()
    assert tuple(acc["number"]) == ref.accepted
    assert acc["when"].is_monotonic_increasing
