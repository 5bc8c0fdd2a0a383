"""Run the fuzz targets of ``fuzz/targets.py``: atheris where it is installed, else hypothesis.

    python fuzz/run.py                      # every target, 10 s each (``nox -s fuzz``)
    python fuzz/run.py --seconds 60 segment # one target, a minute
    python fuzz/run.py --engine hypothesis  # force the fallback engine

Each target starts from seeds taken from ``spec/`` (written to a corpus directory that
libFuzzer grows). A finding is an input that breaks the invariant (a non-``SmsError``
exception, a call over the CPU bound, a secret in an output); atheris writes it to
``--artifacts`` (``crash-*`` files), hypothesis prints the shrunk input. The closing lines
give executions and findings per target; the exit status is 1 when anything was found.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent


def _load_targets() -> ModuleType:
    spec = importlib.util.spec_from_file_location("smscore_fuzz_targets", HERE / "targets.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _has_atheris() -> bool:
    return importlib.util.find_spec("atheris") is not None


# --- atheris: one subprocess per target (libFuzzer exits the process when done) ---------------


def _atheris_child(target: str, corpus: str, seconds: int, artifacts: str) -> None:
    import atheris  # type: ignore[import-untyped,import-not-found,unused-ignore]

    with atheris.instrument_imports(include=["smscore"]):
        targets = _load_targets()
    fn: Callable[[bytes], None] = targets.TARGETS[target]
    atheris.Setup(
        [
            sys.argv[0],
            corpus,
            f"-max_total_time={seconds}",
            f"-artifact_prefix={artifacts}/{target}-",
            "-max_len=65536",
            "-timeout=20",
            "-rss_limit_mb=3072",
            "-print_final_stats=1",
        ],
        fn,
    )
    atheris.Fuzz()


def _atheris(
    targets: ModuleType, target: str, seconds: int, workdir: Path, artifacts: Path
) -> tuple[int, int]:
    corpus = workdir / target
    corpus.mkdir(parents=True, exist_ok=True)
    for i, seed in enumerate(targets.seeds(target)):
        (corpus / f"seed-{i:05d}").write_bytes(seed)
    before = set(artifacts.glob(f"{target}-*"))
    proc = subprocess.run(
        [sys.executable, __file__, "--child", target, str(corpus), str(seconds), str(artifacts)],
        capture_output=True,
        text=True,
        check=False,
    )
    runs = re.findall(r"stat::number_of_executed_units:\s*(\d+)", proc.stderr)
    found = sorted(set(artifacts.glob(f"{target}-*")) - before)
    if proc.returncode != 0:
        tail = [line for line in proc.stderr.splitlines() if line.strip()][-12:]
        print(f"--- {target}: exit {proc.returncode}\n" + "\n".join(tail), file=sys.stderr)
        for path in found:
            print(f"    reproducer: {path}", file=sys.stderr)
    return (int(runs[-1]) if runs else 0), (len(found) or int(proc.returncode != 0))


# --- hypothesis: seeds, mutated ---------------------------------------------------------------


def _mutate(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        choice = rng.random()
        at = rng.randint(0, len(out))
        if choice < 0.3 and out:
            del out[at : at + rng.randint(1, 16)]
        elif choice < 0.6:
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        elif choice < 0.8 and out:
            start = rng.randrange(len(out))
            piece = out[start : start + rng.randint(1, 64)]
            out[at:at] = piece * rng.randint(1, 50)  # repeats: the shapes of slow parsers
        else:
            out[at:at] = rng.choice(
                [b"$S", b"[", b"{", b'"', b"\\ud800", b"<!DOCTYPE", b"\xff", b"9" * 40, b" " * 64]
            )
    return bytes(out)


def _hypothesis(targets: ModuleType, target: str, seconds: int) -> tuple[int, int]:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    fn: Callable[[bytes], None] = targets.TARGETS[target]
    seeds = targets.seeds(target) or [b""]
    calls = 0
    found: list[str] = []

    strategy = st.one_of(
        st.builds(
            lambda seed, r: _mutate(random.Random(r), seed),
            st.sampled_from(seeds),
            st.integers(0, 2**32),
        ),
        st.binary(max_size=512),
    )

    @settings(
        max_examples=200,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        derandomize=False,
    )
    @given(strategy)
    def run(data: bytes) -> None:
        nonlocal calls
        calls += 1
        fn(data)

    end = time.monotonic() + seconds
    while time.monotonic() < end and not found:
        try:
            run()
        except Exception as exc:  # a finding: hypothesis shrank it and printed the input
            found.append(f"{type(exc).__name__}: {exc}")
            print(f"--- {target}: {found[-1]}", file=sys.stderr)
    return calls, len(found)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["--child"]:
        _atheris_child(args[1], args[2], int(args[3]), args[4])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="*", help="target names (default: all)")
    parser.add_argument("--seconds", type=int, default=10, help="per target")
    parser.add_argument("--engine", choices=("auto", "atheris", "hypothesis"), default="auto")
    parser.add_argument("--workdir", type=Path, default=None, help="corpus directory")
    parser.add_argument("--artifacts", type=Path, default=None, help="reproducers (crash-*)")
    ns = parser.parse_args(args)
    targets = _load_targets()
    known = targets.TARGETS
    chosen = ns.targets or sorted(known)
    unknown = sorted(set(chosen) - set(known))
    if unknown:
        parser.error(f"unknown targets {unknown}; known: {sorted(known)}")
    engine = ns.engine
    if engine == "auto":
        engine = "atheris" if _has_atheris() else "hypothesis"
    workdir = ns.workdir or Path(tempfile.mkdtemp(prefix="smscore-fuzz-"))
    artifacts: Path = ns.artifacts or workdir / "artifacts"
    artifacts.mkdir(parents=True, exist_ok=True)
    print(f"engine {engine}, {ns.seconds} s per target, corpus {workdir}", flush=True)
    total_runs = total_found = 0
    for target in chosen:
        if engine == "atheris":
            runs, found = _atheris(
                targets, target, ns.seconds, workdir / "corpus", artifacts.resolve()
            )
        else:
            runs, found = _hypothesis(targets, target, ns.seconds)
        total_runs += runs
        total_found += found
        print(f"{target:36s} {runs:9d} executions  {found} findings", flush=True)
    print(f"total: {total_runs} executions, {total_found} findings ({engine})")
    for message, hits in sorted(targets.KNOWN_HITS.items()):  # atheris: in its children
        print(f"known bug (tolerated, see targets.KNOWN_BUGS): {message!r} x{hits}")
    if total_found:
        print(f"reproducers: {artifacts}")
    return 1 if total_found else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
