"""Developer sessions: ``nox`` runs tests and lint; ``nox -s bench`` times the hot paths."""

from __future__ import annotations

import nox

nox.options.sessions = ["tests", "lint", "dask"]
nox.options.default_venv_backend = "venv"
nox.options.error_on_missing_interpreters = False

LINT_PATHS = ["smscore", "tests", "benchmarks", "examples", "fuzz", "noxfile.py"]


@nox.session
def tests(session: nox.Session) -> None:
    """The test suite: examples, spec vectors, bounded property tests, loopback integration."""
    session.install("-e", ".[test]")
    session.run(
        "pytest",
        *session.posargs,
        env={"HYPOTHESIS_PROFILE": "ci"},
    )


@nox.session
def props(session: nox.Session) -> None:
    """The property tests with a long hypothesis profile."""
    session.install("-e", ".[test]")
    session.run("pytest", "-k", "property", *session.posargs, env={"HYPOTHESIS_PROFILE": "long"})


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks against the libraries a user would otherwise pick (installed only here)."""
    session.install("-e", ".[bench]")
    session.run(
        "pytest",
        "benchmarks",
        "--benchmark-only",
        "--benchmark-columns=min,median,mean,ops",
        "--benchmark-sort=name",
        *session.posargs,
    )


@nox.session
def dask(session: nox.Session) -> None:
    """smscore.dask against the single-process answer: synchronous scheduler and a 2-worker
    LocalCluster (installs smscore[dask]; about a minute on 2 cores)."""
    session.install("-e", ".[test,dask]")
    session.run(
        "pytest",
        "tests/test_dask.py",
        "tests/test_dask_cluster.py",
        "-p",
        "no:cacheprovider",
        *session.posargs,
        env={"HYPOTHESIS_PROFILE": "ci"},
    )


@nox.session(name="bench-dask")
def bench_dask(session: nox.Session) -> None:
    """The bulk pre-send at scale: 1 vs 2 Dask workers, single process, stream memory.
    SMSCORE_BENCH_ROWS sets the size (default 10,000,000; takes several minutes)."""
    session.install("-e", ".[bench,dask]")
    session.run(
        "pytest",
        "benchmarks/test_dask_bench.py",
        "benchmarks/test_recipients_bench.py",
        "--benchmark-only",
        "--benchmark-columns=min,median,mean,ops",
        "-s",
        *session.posargs,
    )


@nox.session
def fuzz(session: nox.Session) -> None:
    """Fuzz every parser, the conformance loader and the core (issue 12), seeded from spec/.

    atheris where it installs, hypothesis otherwise; 10 s per target by default, about three
    minutes in all (``nox -s fuzz -- --seconds 60 segment`` for one target, longer). The
    default ``nox`` runs the short profile instead (tests/test_fuzz_short.py).
    """
    session.install("-e", ".[test]")
    # atheris ships wheels for Linux and macOS; elsewhere the harness falls back to hypothesis
    session.run("python", "-m", "pip", "install", "atheris", success_codes=[0, 1])
    session.run("python", "fuzz/run.py", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check, ruff format --check, mypy --strict over the code, tests, benchmarks, noxfile."""
    session.install("-e", ".[lint,bench]")
    session.run("ruff", "check", *LINT_PATHS)
    session.run("ruff", "format", "--check", *LINT_PATHS)
    session.run("mypy", "--strict", *LINT_PATHS)
