"""The fuzz harness's short profile (issue 12), run with the tests: every target of
``fuzz/targets.py`` on its spec seeds, then a few mutated inputs each under hypothesis.

The long run is ``nox -s fuzz`` (atheris where it installs, hypothesis otherwise).
"""

from __future__ import annotations

import importlib.util
import random
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FUZZ = Path(__file__).resolve().parents[1] / "fuzz"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"smscore_fuzz_{name}", FUZZ / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


TARGETS = _load("targets")
RUN = _load("run")
NAMES = sorted(TARGETS.TARGETS)


def test_every_surface_of_issue_12_has_a_target() -> None:
    assert {
        "conformance.load_vectors",
        "conformance.vector_mutations",
        "segment",
        "numbers",
        "Template",
        "prepare_recipients",
        "messangi.parse_callback",
        "mgage_gateway.parse_send",
        "acoustic.parse_token",
        "mgage_export.parse_page",
    } <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_target_holds_on_its_spec_seeds(name: str) -> None:
    fn: Callable[[bytes], None] = TARGETS.TARGETS[name]
    seeds = TARGETS.seeds(name)
    assert seeds, f"{name}: no seeds from spec/"
    for seed in seeds[:150]:
        fn(seed)


@pytest.mark.parametrize("name", NAMES)
def test_target_holds_on_mutated_seeds(name: str) -> None:
    fn: Callable[[bytes], None] = TARGETS.TARGETS[name]
    seeds = TARGETS.seeds(name)

    @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.sampled_from(seeds), st.integers(0, 2**32))
    def run(seed: bytes, r: int) -> None:
        fn(RUN._mutate(random.Random(r), seed))

    run()


def test_a_leaked_secret_is_a_finding() -> None:
    with pytest.raises(TARGETS.Finding, match="the request's secret shows in str"):
        TARGETS.check("demo", lambda: "echo " + TARGETS.SECRET, TARGETS.SECRET)


def test_a_foreign_exception_is_not_swallowed() -> None:
    with pytest.raises(KeyError):
        TARGETS.check("demo", lambda: dict[str, int]()["x"])


def test_echoed_secret_seeds_are_scrubbed_before_parsing() -> None:
    # the seed b"$S" stands for the request's secret inside a server's answer
    TARGETS.TARGETS["messangi.parse_send"](b'\x03{"meta":{"explain":"Bearer $S was rejected"}}')


#: The fuzz harness's own finding (hypothesis, short profile): a 200 answer quoting the
#: secret, for a request whose refresh token is also its bearer token and client secret; the
#: grant exception of wire.scrub_response let it through before it was narrowed.
FOUND_1 = (
    b"\x00\x00\x00\x00\xf13\xb5\xde\xa1h"
    + b"\x00" * 15
    + b"\xb7oG\x90G999$S"
    + b"9" * 34
    + b"$S990\x80K"
    + b"\x00" * 15
)


@pytest.mark.parametrize("name", [n for n in NAMES if n.split(".")[0] in ("acoustic", "messangi")])
def test_finding_1_an_echoed_secret_in_a_200_answer(name: str) -> None:
    TARGETS.TARGETS[name](FOUND_1)
