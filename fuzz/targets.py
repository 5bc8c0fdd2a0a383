"""Fuzz targets: each takes the fuzzer's bytes and checks smscore's invariant (issue 12).

The invariant (h11's): every call gives a result or raises an :class:`~smscore.SmsError`,
within :data:`TIME_BOUND` seconds of CPU, and no output (result repr, error str/repr, an
``UnexpectedResponse`` body) holds a credential of the request the answer belongs to. A
broken invariant raises :class:`Finding`; anything else escaping is a finding too (the
engines report any exception).

Targets: every response parser of every provider (found by name, as in
``tests/test_hardening_linear.py``), the Messangi callback parser among them; the
conformance loader (and running what it loads); ``segment``; the number functions;
``Template``; ``prepare_recipients``. The byte sequence ``$S`` in a parser input stands for
the request's secret, so the fuzzer can place echoed credentials anywhere.

Used by ``fuzz/run.py`` (atheris or hypothesis) and ``tests/test_fuzz_short.py``.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import inspect
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, Literal

import smscore
from smscore import Request, Response, SmsError, Template, wire
from smscore.conformance import Vector, check_vector, load_vectors, run_vectors
from smscore.errors import UnexpectedResponse
from smscore.numbers import national_reading, region_of
from smscore.providers import acoustic, messangi, mgage_export, mgage_gateway
from smscore.transports import MockTransport
from smscore.transports._retry import send_once

__all__ = [
    "HOSTILE_SHAPES",
    "KNOWN_BUGS",
    "KNOWN_HITS",
    "SECRET",
    "TARGETS",
    "TIME_BOUND",
    "Finding",
    "seeds",
]

#: The credential every parser's request carries; it must never come out.
SECRET = "s3cr3t-FUZZ-7Q"
#: CPU seconds one call may take (inputs are at most a few hundred KB).
TIME_BOUND = 1.0
NOW = datetime(2024, 1, 1, tzinfo=UTC)
REGIONS = (None, "US", "GB", "MX", "IN", "ZZ", "us", "")
SPEC = Path(__file__).resolve().parents[1] / "spec"

#: The request each parsed answer belongs to: the secret as a bearer token, a Basic password,
#: a URL password and an OAuth form field, so every scrubbing path is exercised.
REQUEST = Request(
    method="POST",
    url=f"https://u:{SECRET}@api.test/x",
    headers=(
        wire.bearer_auth(SECRET),
        ("X-Basic", wire.basic_auth("u", SECRET)[1]),
        ("Content-Type", "application/x-www-form-urlencoded"),
    ),
    body=f"grant_type=refresh_token&refresh_token={SECRET}&client_secret={SECRET}".encode(),
)


class Finding(AssertionError):
    """The invariant broke: the message says how (never the secret)."""


def _text(data: bytes) -> str:
    """Fuzzer bytes as text; UTF-8 with lone surrogates allowed, else Latin-1."""
    try:
        return data.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _shown(outcome: object) -> str:
    if isinstance(outcome, BaseException):
        parts = [str(outcome), repr(outcome), repr(outcome.args)]
        if isinstance(outcome, UnexpectedResponse):
            parts += [repr(outcome.body), outcome.masked_body]
        return "\n".join(parts)
    return repr(outcome)


#: Known bugs, tolerated (and counted) until fixed: (exception type, message). None now: the
#: provider call sites that let urllib's bare ``ValueError("Invalid IPv6 URL")`` out use
#: ``wire.split_url`` (their regressions are in tests/test_hardening_regressions.py).
KNOWN_BUGS: tuple[tuple[type[BaseException], str], ...] = ()
#: How many times each known bug was hit in this process.
KNOWN_HITS: dict[str, int] = {}


def _known(exc: BaseException) -> bool:
    for kind, message in KNOWN_BUGS:
        if type(exc) is kind and str(exc) == message:
            KNOWN_HITS[message] = KNOWN_HITS.get(message, 0) + 1
            return True
    return False


def check(name: str, call: Callable[[], object], secret: str | None = None) -> object:
    """Run ``call`` under the invariant; the result or the SmsError it raised."""
    start = time.process_time()
    try:
        outcome: object = call()
    except SmsError as exc:
        outcome = exc
    except Exception as exc:
        if not _known(exc):
            raise
        outcome = exc
    spent = time.process_time() - start
    if spent > TIME_BOUND:
        raise Finding(f"{name}: {spent:.2f} s of CPU (bound {TIME_BOUND} s)")
    if secret is not None and secret in _shown(outcome):
        raise Finding(f"{name}: the request's secret shows in {type(outcome).__name__}")
    return outcome


# --- parsers ----------------------------------------------------------------------------------


#: Hostile body shapes, each a function of a size n (about n bytes). The first is the
#: quadratic one of issue 12: digits, a run of spaces, a letter (22 s at 40 KB before).
HOSTILE_SHAPES: dict[str, Callable[[int], str]] = {
    "number-spaces-letter": lambda n: "1234567890" + " " * n + "a",
    "digits-spaces-letter": lambda n: "1" * (n // 2) + " " * (n // 2) + "a",
    "status-spaces": lambda n: "status" + " " * n + "x",
    "many-pairs": lambda n: "12135550123 0 " * (n // 14),
    "keyed-lines": lambda n: "statusCode: 7 text\n" * (n // 19),
    "deep-json-list": lambda n: "[" * n,
    "deep-json-object": lambda n: '{"a":' * (n // 5),
    "long-json-string": lambda n: '{"data":{"id":"' + "x" * n + '"}}',
    "many-json-items": lambda n: '{"data":[' + '{"id":"1"},' * (n // 11) + '{"id":"1"}]}',
    "xml-comment-then-doctype": lambda n: (
        "<!--" + "x" * n + '--><!DOCTYPE r [<!ENTITY e "0">]><r/>'
    ),
    "deep-xml": lambda n: "<a>" * (n // 3),
    "many-xml-blocks": lambda n: (
        "<r>" + "<s><number>12135550123</number><code>0</code></s>" * (n // 50) + "</r>"
    ),
    "lt-spaces": lambda n: "<" + " a" * (n // 2),
}


def _wire_parsers() -> Iterator[tuple[str, Callable[..., Any]]]:
    for module in (acoustic, messangi, mgage_export, mgage_gateway):
        short = module.__name__.rsplit(".", 1)[1]
        for name in sorted(dir(module)):
            fn = getattr(module, name)
            if not (name.startswith("parse_") or name == "check_request"):
                continue
            if not inspect.isfunction(fn):
                continue
            first = next(iter(inspect.signature(fn).parameters), None)
            if first in ("response", "request", "payload"):
                yield f"{short}.{name}", fn


def _parser_target(name: str, fn: Callable[..., Any]) -> Callable[[bytes], None]:
    params = inspect.signature(fn).parameters
    first = next(iter(params))
    extra = {"now": NOW} if "now" in params else {}

    def target(data: bytes) -> None:
        if len(data) < 1:
            return
        status = (200, 202, 400, 401, 404, 500)[data[0] % 6]
        body = data[1:].replace(b"$S", SECRET.encode())
        if first == "request":
            url = "https://gw.test/send?" + body.decode("latin-1")
            arg: object = Request(method="POST", url=url)
            secret = None  # the input itself: nothing to keep secret from its own caller
        else:
            answer = Response(status=status, headers=(("Location", _text(body[:200])),), body=body)
            arg = send_once(MockTransport(lambda r: answer), REQUEST)
            secret = SECRET
        check(name, lambda: fn(arg, **extra), secret)

    return target


# --- the rest of the public surface ---------------------------------------------------------------


def _loader(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for suffix in (".json", ".jsonl"):
            file = Path(tmp) / f"v{suffix}"
            file.write_bytes(data)
            loaded = check("conformance.load_vectors", partial(load_vectors, [file]))
            if isinstance(loaded, list):
                check("conformance.run_vectors", partial(run_vectors, loaded))


def _segment(data: bytes) -> None:
    if not data:
        return
    text = _text(data[1:])
    language = (None, "tr", "es", "pt", "hi", "xx")[data[0] % 6]
    replace: Literal["lookalikes"] | None = "lookalikes" if data[0] & 8 else None
    limit = (1600, None, 1, 0)[(data[0] >> 4) % 4]
    check(
        "segment",
        lambda: smscore.segment(
            text, limit=limit, language=language, replace=replace, graphemes=bool(data[0] & 64)
        ),
    )


def _numbers(data: bytes) -> None:
    if not data:
        return
    raw = _text(data[1:])
    region = REGIONS[data[0] % len(REGIONS)]
    check("check_number", lambda: smscore.check_number(raw, region))
    check("normalize_number", lambda: smscore.normalize_number(raw, region))
    check("region_of", lambda: region_of(raw))
    check("national_reading", lambda: national_reading(raw, region or "US"))


def _template(data: bytes) -> None:
    if not data:
        return
    source = _text(data[1:])
    dialect = (None, "positional", "acoustic", "braces", "jinja", "bogus")[data[0] % 6]
    made = check("Template", lambda: Template(source, dialect=dialect))
    if isinstance(made, Template):
        values = {"name": "Ana", "0": "x", "FIRST NAME": "y", 0: "z"}
        check("Template.render", lambda: made.render(values, defaults={"code": "1"}))


def _recipients(data: bytes) -> None:
    if not data:
        return
    raws = _text(data[1:]).split("\n")
    region = REGIONS[data[0] % len(REGIONS)]
    check("prepare_recipients", lambda: smscore.prepare_recipients(raws, region, batch_size=3))


#: Values put in place of one input of a spec vector (structure-aware mutation).
HOSTILE: tuple[object, ...] = (
    None,
    1,
    -1,
    10**30,
    1.5,
    True,
    [],
    {},
    "",
    "\ud800",
    "x" * 5000,
    [None],
    {"a": None},
    "[[[",
    "http://[::1",
    f"http://u:{SECRET}@h.test/",
    "+1 (213) 555-0123",
    "%%A%%",
    "{0}",
)


@functools.cache
def _spec_vectors() -> tuple[Vector, ...]:
    return tuple(load_vectors([SPEC]))


def _input_paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*prefix, key)
            yield from _input_paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node[:3]):
            yield (*prefix, i)
            yield from _input_paths(value, (*prefix, i))


def _vector_mutation(data: bytes) -> None:
    """One spec vector with one input replaced: by a hostile value, or by the fuzzer's text."""
    if len(data) < 4:
        return
    vectors = _spec_vectors()
    vector = vectors[int.from_bytes(data[:2], "big") % len(vectors)]
    paths = list(_input_paths(vector.input))
    if not paths:
        return
    path = paths[data[2] % len(paths)]
    value = HOSTILE[data[3] % len(HOSTILE)] if data[3] < 200 else _text(data[4:])
    mutated = copy.deepcopy(dict(vector.input))
    node: Any = mutated
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    changed = dataclasses.replace(vector, input=mutated)
    check(f"check_vector({vector.id})", partial(check_vector, changed))


def _targets() -> dict[str, Callable[[bytes], None]]:
    found: dict[str, Callable[[bytes], None]] = {
        name: _parser_target(name, fn) for name, fn in _wire_parsers()
    }
    found.update(
        {
            "conformance.load_vectors": _loader,
            "conformance.vector_mutations": _vector_mutation,
            "segment": _segment,
            "numbers": _numbers,
            "Template": _template,
            "prepare_recipients": _recipients,
        }
    )
    return found


#: Target name -> function of the fuzzer's bytes.
TARGETS: dict[str, Callable[[bytes], None]] = _targets()


# --- seeds from spec/ -------------------------------------------------------------------------


def _strings(node: Any, key: str = "") -> Iterator[tuple[str, str]]:
    """(key, text) for every string leaf; a ``body`` given as JSON data is its JSON text."""
    if isinstance(node, str):
        yield key, node
    elif isinstance(node, dict):
        for k, v in node.items():
            if k == "body" and not isinstance(v, str):
                yield "body", wire.json_body(v).decode("utf-8", "replace")
            else:
                yield from _strings(v, str(k))
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item, key)


@functools.cache
def _leaves() -> tuple[tuple[str, str], ...]:
    return tuple(leaf for v in load_vectors([SPEC]) for leaf in _strings(dict(v.input)))


def seeds(target: str) -> list[bytes]:
    """Seed inputs for ``target`` from the spec's vectors (and its files, for the loader)."""
    files = sorted(p for p in SPEC.rglob("*") if p.suffix in (".json", ".jsonl"))
    if target == "conformance.vector_mutations":
        count = len(_spec_vectors())
        return [i.to_bytes(2, "big") + bytes([i % 7, i % 251]) for i in range(0, count, 3)]
    if target == "conformance.load_vectors":
        out = [p.read_bytes() for p in files if p.name != "rules.json"]
        return out + [line for p in files for line in p.read_bytes().splitlines()[:5]]
    leaves = _leaves()

    def enc(text: str) -> bytes:
        return text.encode("utf-8", "surrogatepass")

    if target in ("segment", "Template"):
        texts = {t for k, t in leaves if k in ("text", "content", "template", "message")}
        return [bytes([i % 256]) + enc(t) for i, t in enumerate(sorted(texts))]
    if target in ("numbers", "prepare_recipients"):
        raws = sorted({t for k, t in leaves if sum(c.isdigit() for c in t) >= 5 and len(t) < 40})
        if target == "prepare_recipients":
            return [
                bytes([i % 256]) + enc("\n".join(raws[i : i + 5])) for i in range(0, len(raws), 5)
            ]
        return [bytes([i % 256]) + enc(t) for i, t in enumerate(raws)]
    bodies = sorted({t for k, t in leaves if k in ("body", "url")})
    echoed = [b'{"meta":{"explain":"Bearer $S was rejected"}}', b"refresh_token $S expired"]
    return [bytes([i % 6]) + enc(b) for i, b in enumerate(bodies)] + [b"\x03" + e for e in echoed]
