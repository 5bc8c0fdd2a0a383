"""Hostile input thrown at the whole public API (h11's fuzz invariant).

Either a call works, or it raises an ``SmsError`` whose message names the field, or (only for
a wrong argument type at the public boundary) a ``TypeError`` whose message names the
argument. Nothing else escapes, nothing is silently dropped, and no credential shows up in a
repr, a str or an error. Known bugs are ``xfail(strict=True)`` with the exact failure, so each
one turns into a hard failure the moment it is fixed and the mark can go.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
import math
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

import smscore
from smscore import Response, SmsError, Template, wire
from smscore.errors import InvalidNumber, InvalidRequest, InvalidText, ProviderError
from smscore.providers import acoustic as ac
from smscore.providers import messangi as m
from smscore.providers import mgage_export as ex
from smscore.providers import mgage_gateway as gw
from smscore.simulator import RunningSimulator, SimulatorConfig, SimulatorState
from smscore.templates import (
    acoustic_content,
    group_by_text,
    messangi_text,
    to_acoustic,
    to_messangi,
)
from smscore.templates._compose import compose
from smscore.text import run_vector as text_run_vector
from smscore.transports import (
    AcousticClient,
    AsyncAcousticClient,
    AsyncMgageExportClient,
    AsyncMockTransport,
    MessangiClient,
    MgageExportClient,
    MgageGatewayClient,
    MockTransport,
)

T = TypeVar("T")

# --- hostile values -------------------------------------------------------------------------


class _Boom(Exception):
    """The caller's own exception, raised from inside an iterable it handed us."""


def _raising_generator() -> Iterator[str]:
    yield "+12135550123"
    raise _Boom("the caller's generator failed")


class _BadStr:
    """An object whose ``str()`` raises: nothing may call ``str()`` on an argument blindly."""

    def __str__(self) -> str:
        raise _Boom("str() of a hostile object")

    def __repr__(self) -> str:
        return "_BadStr()"


#: (id, factory): factories so that one-shot values (iterators) are fresh for every call.
HOSTILE: tuple[tuple[str, Callable[[], object]], ...] = (
    ("none", lambda: None),
    ("int", lambda: 12135550123),
    ("negative", lambda: -1),
    ("zero", lambda: 0),
    ("bigint", lambda: 10**40),
    ("float", lambda: 1.5),
    ("nan", lambda: math.nan),
    ("inf", lambda: math.inf),
    ("bool", lambda: True),
    ("bytes", lambda: b"12135550123"),
    ("empty", lambda: ""),
    ("blank", lambda: "   "),
    ("nul", lambda: "\x00"),
    ("controls", lambda: "a\x01\x7f\x1b\r\n"),
    ("lone-surrogate", lambda: "\ud800"),
    ("rtl-override", lambda: "\u202e+12135550123"),
    ("mixed-scripts", lambda: "abc١٢٣абв"),
    ("number-as-string", lambda: "12"),
    ("empty-list", list),
    ("nested-list", lambda: [[["x"]], {"a": [None]}]),
    ("empty-dict", dict),
    ("wrong-mapping", lambda: {1: object(), None: [b"x"]}),
    ("tuple", lambda: ("a",)),
    ("set", lambda: {"a"}),
    ("object", lambda: object()),
    ("bad-str", lambda: _BadStr()),
    ("datetime", lambda: dt.datetime(2020, 1, 1)),
    ("long-string", lambda: "9" * 20_000),
)

# Distinctive secrets: none of these may ever be shown.
PW = "pw-S3CRET-4f1a"
KEY = "key-S3CRET-9b2c"
TOKEN = "tok-S3CRET-77d0"
CSECRET = "cs-S3CRET-e5e5"
RTOKEN = "rt-S3CRET-1234"
SECRETS = (PW, KEY, TOKEN, CSECRET, RTOKEN)

NOW = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
M_CREDS = m.Credentials(KEY)
GW: dict[str, Any] = {
    "endpoint": "https://gw.example.invalid/send",
    "credentials": gw.Credentials("acme", PW),
    "program_id": "104967",
    "sender": "US-35465",
}
#: The gateway's conformance input (the credentials as two keys).
GW_VECTOR: dict[str, Any] = {
    "endpoint": "https://gw.example.invalid/send",
    "username": "acme",
    "password": PW,
    "program_id": "104967",
    "sender": "US-35465",
}
#: The acoustic send interface's base arguments (plan_send adds the pod).
AC_SEND: dict[str, Any] = {
    "message": "Hi %%A%%",
    "recipients": ["19492319304"],
    "credentials": ac.Credentials(TOKEN),
    "program_id": "1",
}
NEXT_URL = "https://communicatepro.mgage.com/api/messages/program/1?page=2"
RECIPIENTS = [("+12135550123", {"A": "x"})]
OK_200 = Response(status=200, body=b"{}")

# --- the outcome checker ----------------------------------------------------------------------


def _names(message: str, *names: str | None) -> bool:
    low = message.lower()
    return any(n and (n.lower() in low or n.lower().replace("_", " ") in low) for n in names)


def _violation(call: Callable[[], object], param: str) -> str | None:
    """``None`` when the call keeps the invariant, else what went wrong (for the report)."""
    try:
        call()
    except SmsError as error:
        if isinstance(error, ProviderError):
            return None  # provider code and words: names the provider and the code by design
        field = getattr(error, "field", None)
        if field is None or not _names(str(error), field.split("[")[0].split(".")[0], param):
            return f"{type(error).__name__} not naming {param!r}: {error}"
    except TypeError as error:
        if not _names(str(error), param):
            return f"TypeError not naming {param!r}: {error}"
    except Exception as error:  # the invariant under test: nothing else may escape
        return f"{type(error).__name__} escaped: {error}"
    return None


# --- the public functions, each with a call that works --------------------------------------

#: id -> (function, keyword arguments that work). Every parameter of the signature gets each
#: hostile value in turn, the others staying valid.
CALLS: dict[str, tuple[Callable[..., object], dict[str, Any]]] = {
    "segment": (smscore.segment, {"text": "hi"}),
    "normalize_number": (smscore.normalize_number, {"raw": "+12135550123"}),
    "check_number": (smscore.check_number, {"raw": "+12135550123"}),
    "prepare_recipients": (smscore.prepare_recipients, {"raws": ["+12135550123"]}),
    "stream_recipients": (
        lambda **kw: list(smscore.stream_recipients(**kw)),
        {"raws": ["+12135550123"]},
    ),
    "Template": (Template, {"source": "Hi %%A%%"}),
    "Template.render": (Template("Hi %%A%%").render, {"values": {"A": "x"}}),
    "compose": (compose, {"template": "Hi %%A%%", "recipients": RECIPIENTS}),
    "to_messangi": (to_messangi, {"template": "Hi %%A%%", "recipients": RECIPIENTS}),
    "to_acoustic": (to_acoustic, {"template": "Hi %%A%%", "recipients": RECIPIENTS}),
    "group_by_text": (group_by_text, {"template": "Hi %%A%%", "recipients": RECIPIENTS}),
    "acoustic_content": (acoustic_content, {"template": "Hi {0}"}),
    "messangi_text": (messangi_text, {"template": "Hi %%A%%"}),
    "gw.build_send": (gw.build_send, {"text": "hi", "numbers": ["12135550123"], **GW}),
    "gw.plan_send": (gw.plan_send, {"message": "hi", "recipients": ["12135550123"], **GW}),
    "gw.check_send": (
        gw.check_send,
        {"message": "hi", "recipients": ["12135550123"], "program_id": "1", "sender": "US-1"},
    ),
    "gw.parse_send": (gw.parse_send, {"response": Response(status=200, body=b"0")}),
    "gw.check_request": (
        gw.check_request,
        {"request": gw.build_send("hi", ["12135550123"], **GW)[0]},
    ),
    "ex.Credentials": (ex.Credentials, {"username": "u", "password": PW}),
    "ex.build_export": (
        ex.build_export,
        {
            "program_id": "1",
            "credentials": ex.Credentials("u", PW),
            "start_date": "2014-12-01T00:00:00",
        },
    ),
    "ex.build_next_page": (
        ex.build_next_page,
        {"next_page_url": NEXT_URL, "credentials": ex.Credentials("u", PW)},
    ),
    "ex.format_date": (ex.format_date, {"value": dt.datetime(2020, 1, 1)}),
    "ex.parse_page": (ex.parse_page, {"response": OK_200}),
    "m.build_send": (
        m.build_send,
        {"credentials": KEY, "sender": "1", "text": "hi", "to": "+5255"},
    ),
    "m.check_send": (
        m.check_send,
        {"message": "hi", "recipients": ["+5255"], "credentials": M_CREDS, "sender": "1"},
    ),
    "m.build_batch": (
        m.build_batch,
        {"credentials": KEY, "sender": "1", "text": "hi", "recipients": ["+525500000000"]},
    ),
    "m.plan_send": (
        m.plan_send,
        {"message": "hi", "recipients": ["+525500000000"], "credentials": M_CREDS, "sender": "1"},
    ),
    "m.build_status": (m.build_status, {"credentials": KEY, "message_id": "x"}),
    "m.parse_callback": (
        m.parse_callback,
        {"response": m.callback_response({"id": "m1", "status": "DELIVRD"})},
    ),
    "m.segment_report": (m.segment_report, {"text": "hi"}),
    "m.parse_send": (m.parse_send, {"response": OK_200}),
    "m.parse_batch": (m.parse_batch, {"response": OK_200}),
    "m.parse_status": (m.parse_status, {"response": OK_200}),
    "m.parse_error": (m.parse_error, {"response": OK_200}),
    "ac.build_send": (
        ac.build_send,
        {"token": TOKEN, "channel_qualifier": "1", "contacts": ["19492319304"], "pod": 1},
    ),
    "ac.build_sends": (
        ac.build_sends,
        {"token": TOKEN, "channel_qualifier": "1", "contacts": ["19492319304"], "pod": 1},
    ),
    "ac.check_send": (ac.check_send, AC_SEND),
    "ac.plan_send": (ac.plan_send, {**AC_SEND, "pod": 1}),
    "ac.build_token": (
        ac.build_token,
        {"client_id": "c", "client_secret": CSECRET, "refresh_token": RTOKEN, "pod": 1},
    ),
    "ac.build_status": (ac.build_status, {"token": TOKEN, "transaction_id": "x", "pod": 1}),
    "ac.base_url_for_pod": (ac.base_url_for_pod, {"pod": 1}),
    "ac.content_tags": (ac.content_tags, {"content": "Hi %%A%%"}),
    "ac.check_send_body": (ac.check_send_body, {"body": b"{}"}),
    "ac.parse_send": (ac.parse_send, {"response": OK_200}),
    "ac.parse_status": (ac.parse_status, {"response": OK_200}),
    "ac.parse_token": (ac.parse_token, {"response": OK_200, "now": NOW}),
    "wire.json_body": (wire.json_body, {"data": {"a": 1}}),
    "wire.query_string": (wire.query_string, {"params": {"a": "b"}}),
    "wire.percent_encode": (wire.percent_encode, {"value": "a b"}),
    "wire.basic_auth": (wire.basic_auth, {"username": "u", "password": PW}),
    "wire.bearer_auth": (wire.bearer_auth, {"token": TOKEN}),
    "wire.to_data": (wire.to_data, {"obj": {"a": 1}}),
}


@pytest.mark.parametrize("cid", sorted(CALLS))
def test_call_table_bases_keep_the_invariant(cid: str) -> None:
    # the table itself must be right (a parser given an empty body is still a typed rejection)
    fn, base = CALLS[cid]
    assert _violation(lambda: fn(**base), "-") is None


def _attempt(call: Callable[[], T], *expected: type[Exception]) -> tuple[T | None, Any]:
    """(result, None) or (None, the expected error); anything else propagates."""
    try:
        return call(), None
    except expected as error:
        return None, error


def _params(fn: Callable[..., object], base: Mapping[str, Any]) -> list[str]:
    skip = {inspect.Parameter.VAR_KEYWORD, inspect.Parameter.VAR_POSITIONAL}
    return [n for n, p in inspect.signature(fn).parameters.items() if p.kind not in skip] or list(
        base
    )


def _slots() -> Iterator[tuple[str, str]]:
    for cid, (fn, base) in CALLS.items():
        for param in _params(fn, base):
            yield cid, param


_NOT_ITERABLE = "TypeError \"'<type>' object is not iterable\" that does not name the argument"
#: (call, parameter) -> the exact bug. Each one is xfail(strict=True) in the sweep below.
#: The provider, template and compose slots once listed here are fixed (their exact errors are
#: pinned in tests/test_provider_*.py, test_templates.py and test_compose.py).
KNOWN_BUGS: dict[tuple[str, str], str] = {}


@pytest.mark.parametrize(
    ("cid", "param"),
    [
        pytest.param(
            cid,
            param,
            id=f"{cid}-{param}",
            marks=[pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[cid, param])]
            if (cid, param) in KNOWN_BUGS
            else [],
        )
        for cid, param in _slots()
    ],
)
def test_every_argument_gets_every_hostile_value(cid: str, param: str) -> None:
    fn, base = CALLS[cid]
    found = []
    for vid, make in HOSTILE:
        args = {**base, param: make()}
        problem = _violation(lambda a=args: fn(**a), param)  # type: ignore[misc]
        if problem is not None:
            found.append(f"{param}={vid}: {problem}")
    assert found == []


def test_known_bug_table_names_only_real_slots() -> None:
    assert set(KNOWN_BUGS) <= set(_slots())


# --- the caller's own exceptions pass through, unchanged ----------------------------------

ITERABLE_SLOTS = [
    ("prepare_recipients", "raws"),
    ("stream_recipients", "raws"),
    ("compose", "recipients"),
    ("to_messangi", "recipients"),
    ("to_acoustic", "recipients"),
    ("group_by_text", "recipients"),
    ("gw.plan_send", "recipients"),
    ("gw.check_send", "recipients"),
    ("m.build_batch", "recipients"),
    ("m.plan_send", "recipients"),
    ("m.check_send", "recipients"),
    ("ac.build_sends", "contacts"),
    ("ac.plan_send", "recipients"),
]


@pytest.mark.parametrize(("cid", "param"), ITERABLE_SLOTS)
def test_a_raising_generator_propagates_its_own_error(cid: str, param: str) -> None:
    fn, base = CALLS[cid]
    with pytest.raises(_Boom, match=r"^the caller's generator failed$"):
        fn(**{**base, param: _raising_generator()})


@pytest.mark.parametrize(
    "value",
    [None, 12135550123, b"12135550123", ["x"], {"a": 1}, _BadStr()],
    ids=["none", "int", "bytes", "list", "dict", "bad-str"],
)
def test_check_number_never_raises(value: object) -> None:
    assert smscore.check_number(value) == smscore.NumberCheck(
        e164=None, valid=False, possible=False, reason="not a string"
    )


# --- exact errors for the commonest hostile inputs ------------------------------------------


def test_lone_surrogate_text_is_an_invalid_text_at_its_position() -> None:
    with pytest.raises(InvalidText) as info:
        smscore.segment("ab\udc00c")
    assert (info.value.field, info.value.position) == ("text", 2)
    assert str(info.value) == (
        "text[2] is a lone surrogate U+DC00: it cannot be encoded in UTF-16 (UCS-2) or GSM-7"
    )


def test_none_number_names_the_number_and_the_rule() -> None:
    with pytest.raises(InvalidNumber) as info:
        smscore.normalize_number(None)
    assert info.value.field == "number"
    assert str(info.value) == "number None is not a valid phone number (region None): not a string"


def test_template_value_missing_names_the_placeholder() -> None:
    with pytest.raises(smscore.TemplateError) as info:
        Template("Hi %%A%%").render({"B": "x"})
    assert info.value.field == "values"
    assert str(info.value) == (
        "values: no value and no default for %%A%%; rule: every placeholder needs a value or a "
        "default"
    )


def test_bearer_token_with_a_newline_is_refused_without_echoing_it() -> None:
    with pytest.raises(InvalidRequest) as info:
        m.build_send(KEY + "\r\nX-Evil: 1", sender="1", text="hi", to="+525500000000")
    assert (info.value.field, str(info.value)) == (
        "api_key",
        "api_key has a control character at position 15 (RFC 9110 §5.5)",
    )
    assert KEY not in repr(info.value) + repr(info.value.args) + repr(info.value.value)


def test_bearer_token_with_a_nul_is_refused() -> None:
    with pytest.raises(InvalidRequest):
        wire.bearer_auth(TOKEN + "\x00")


# --- responses: any status, any body -> a result or a ProviderError -------------------------

PARSERS: dict[str, Callable[[Response], object]] = {
    "gw.parse_send": gw.parse_send,
    "gw.parse_send+numbers": lambda r: gw.parse_send(r, numbers=["12135550123", "447911123456"]),
    "ex.parse_page": ex.parse_page,
    "m.parse_send": m.parse_send,
    "m.parse_batch": m.parse_batch,
    "m.parse_status": m.parse_status,
    "m.parse_error": m.parse_error,
    "m.parse_callback": lambda r: m.parse_callback(r.body),
    "ac.parse_send": ac.parse_send,
    "ac.parse_status": ac.parse_status,
    "ac.parse_token": lambda r: ac.parse_token(r, now=NOW),
    "ac.check_send_body": lambda r: ac.check_send_body(r.body),
}

_json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=8),
    st.sampled_from(["DELIVRD", "QUEUE", "0", "113", "+12135550123", "19492319304"]),
)
_json = st.recursive(
    _json_leaf,
    lambda kids: (
        st.lists(kids, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "data",
                    "id",
                    "status",
                    "messages",
                    "meta",
                    "generalErrors",
                    "contactStatus",
                    "access_token",
                    "expires_in",
                    "number",
                    "phoneNumber",
                    "smsSent",
                    "nextPageUrl",
                    "errors",
                    "mobile",
                    "invalidNumbers",
                    "code",
                    "message",
                ]
            )
            | st.text(max_size=4),
            kids,
            max_size=5,
        )
    ),
    max_leaves=12,
)
_bodies = st.one_of(
    st.binary(max_size=64),
    _json.map(lambda v: json.dumps(v).encode()),
    st.text(max_size=64).map(lambda s: s.encode("utf-8", "surrogatepass")),
)


@given(
    name=st.sampled_from(sorted(PARSERS)),
    status=st.sampled_from([0, 200, 201, 202, 204, 400, 401, 403, 404, 429, 500, 503, 999]),
    body=_bodies,
)
def test_parsers_property_result_or_provider_error(name: str, status: int, body: bytes) -> None:
    _result, error = _attempt(
        lambda: PARSERS[name](Response(status=status, body=body)), ProviderError
    )
    if error is not None:
        assert error.provider in {"mgage-gateway", "mgage-export", "messangi", "acoustic"}
        assert str(error).startswith(f"{error.provider}: {error.code}: ")


DEEP = b"[" * 100_000 + b"]" * 100_000


@pytest.mark.parametrize("name", sorted(PARSERS))
def test_deeply_nested_json_body_is_a_provider_error(name: str) -> None:
    assert _violation(lambda: PARSERS[name](Response(status=200, body=DEEP)), "response") is None


# --- numbers, recipients, text, templates: properties ---------------------------------------

_any_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=40)
_raw = st.one_of(
    _any_text,
    st.from_regex(r"\+?[0-9 ()\-.]{0,20}", fullmatch=True),
    st.integers(),
    st.none(),
    st.binary(max_size=8),
    st.floats(),
    st.lists(st.text(max_size=3), max_size=2),
)


@pytest.mark.parametrize("region", ["", "ZZ", "U\x00", "\ud800"])
def test_unknown_region_is_an_invalid_number_naming_the_region(region: str) -> None:
    # a region is the caller's configuration, not a recipient's input: check_number refuses it
    with pytest.raises(InvalidNumber) as info:
        smscore.check_number("+12135550123", region)
    assert (info.value.field, info.value.rule, info.value.value) == (
        "region",
        "unknown region",
        region,
    )
    assert str(info.value) == (
        f"region {region!r} is not a region phonenumbers knows (an ISO 3166-1 alpha-2 code "
        "such as 'US')"
    )


@given(raw=_raw, region=st.sampled_from([None, "US", "GB", "MX", "IN"]))
def test_numbers_property_check_never_raises_normalize_agrees(raw: Any, region: str | None) -> None:
    check = smscore.check_number(raw, region)
    e164, error = _attempt(lambda: smscore.normalize_number(raw, region), InvalidNumber)
    if error is not None:
        assert not check.valid
        assert error.field == "number"
        assert str(error).startswith("number ")
    else:
        assert check.valid
        assert e164 == check.e164


@given(raws=st.lists(_raw, max_size=12), size=st.one_of(st.none(), st.integers(1, 4)))
def test_recipients_property_every_raw_lands_exactly_once(
    raws: list[Any], size: int | None
) -> None:
    r = smscore.prepare_recipients(raws, batch_size=size)
    assert len(r.accepted) + len(r.duplicates) + len(r.rejected) == len(raws)
    assert [n for b in r.batches for n in b] == list(r.accepted)
    assert all(isinstance(reason, str) and reason for _raw_value, reason in r.rejected)


@given(raws=st.lists(_raw, max_size=12))
def test_gateway_property_every_number_lands_exactly_once(raws: list[Any]) -> None:
    plan = gw.plan_send("hi", raws, **GW)
    if plan.rejections:  # seed 000: 109 no recipient, 111 nothing valid left
        expected = ("109", "You must specify at least one recipient.")
        if raws:
            expected = ("111", "No valid numbers to send to!")
        assert [(r.code, r.message) for r in plan.rejections] == [expected]
        return
    assert len(plan.accepted) + len(plan.duplicates) + len(plan.rejected) == len(raws)
    assert PW not in repr(plan)


@given(
    text=_any_text,
    limit=st.one_of(st.none(), st.integers(-2, 400)),
    replace=st.sampled_from([None, "lookalikes"]),
)
def test_text_property_segments_or_invalid_text(text: str, limit: int | None, replace: Any) -> None:
    s, error = _attempt(lambda: smscore.segment(text, limit=limit, replace=replace), InvalidText)
    if s is None:
        assert error.field in {"text", "limit"}
        assert error.field in str(error)
    else:
        assert s.segments == len(s.parts)
        if replace is None:
            assert "".join(s.parts) == text


@given(source=_any_text, values=st.dictionaries(_any_text, _json_leaf, max_size=3))
def test_templates_property_template_errors_only(source: str, values: dict[str, Any]) -> None:
    out, error = _attempt(
        lambda: Template(source).render(values, defaults={}), smscore.TemplateError
    )
    if out is None:
        assert error.field is not None
        assert error.field in str(error)
    else:
        assert isinstance(out, str)


@given(
    recipients=st.lists(
        st.one_of(
            st.tuples(_raw, st.dictionaries(st.sampled_from(["A", "B", 1]), _json_leaf)),
            st.tuples(_raw, _json_leaf),
            _raw,
        ),
        max_size=5,
    )
)
def test_compose_property_rows_fail_as_data_or_typed(recipients: list[Any]) -> None:
    result, error = _attempt(
        lambda: compose("Hi %%A%%", recipients), smscore.TemplateError, InvalidRequest
    )
    if result is None:
        assert error.field is not None
        assert error.field.split("[")[0] in str(error)
    else:
        assert len(result.messages) + len(result.failures) == len(recipients)


# --- conformance runners: malformed vectors -> InvalidVector or a provider outcome ----------

RUNNERS: dict[str, Callable[[str, Mapping[str, Any]], dict[str, Any]]] = {
    "mgage-gateway": gw.run_vector,
    "mgage-export": ex.run_vector,
    "messangi": m.run_vector,
    "acoustic": ac.run_vector,
    "text": text_run_vector,
}
VECTOR_INPUTS: dict[tuple[str, str], dict[str, Any]] = {
    ("text", "segment"): {"text": "hi"},
    ("messangi", "send"): {
        "api_key": "k",
        "sender": "1",
        "message": "hi",
        "recipients": ["+525500000000"],
    },
    ("messangi", "parse_callback"): {"body": '{"id":"m1","status":"DELIVRD"}'},
    ("mgage-export", "export"): {
        "program_id": "1",
        "username": "u",
        "password": "p",
        "start_date": "2014-12-01T00:00:00",
    },
    ("mgage-gateway", "send"): {"message": "hi", "recipients": ["12135550123"], **GW_VECTOR},
    ("acoustic", "token"): {"client_id": "c", "client_secret": "s", "refresh_token": "r", "pod": 1},
}
DROP = object()  # the key left out of the input altogether
#: (provider, operation, key): a malformed value (DROP: the key left out) and the bug it once
#: caused (fixed); each is checked strictly below, and the property covers these keys too.
VECTOR_BUGS: dict[tuple[str, str, str], tuple[object, str]] = {
    ("messangi", "send", "region"): ([], "TypeError 'region must be a str or None, not list'"),
    ("mgage-export", "export", "now"): (
        {"a": 1},
        "AttributeError \"'dict' object has no attribute 'tzinfo'\" (mgage_export.py:191)",
    ),
    ("mgage-export", "export", "program_id"): (
        DROP,
        'key left out: TypeError "check_export() '
        "missing 1 required positional argument: 'program_id'\"",
    ),
    ("mgage-export", "export", "username"): (
        DROP,
        'key left out: TypeError "build_export() '
        "missing 1 required keyword-only argument: 'username'\"",
    ),
    ("mgage-export", "export", "password"): (
        DROP,
        'key left out: TypeError "build_export() '
        "missing 1 required keyword-only argument: 'password'\"",
    ),
    ("mgage-gateway", "send", "message"): (
        DROP,
        'key left out: TypeError "check_send() '
        "missing 1 required positional argument: 'message'\"",
    ),
    ("mgage-gateway", "send", "program_id"): (
        DROP,
        'key left out: TypeError "check_send() '
        "missing 1 required keyword-only argument: 'program_id'\"",
    ),
    ("mgage-gateway", "send", "endpoint"): (
        DROP,
        'key left out: TypeError "plan_send() '
        "missing 1 required keyword-only argument: 'endpoint'\"",
    ),
    ("mgage-gateway", "send", "username"): (
        DROP,
        'key left out: TypeError "plan_send() '
        "missing 1 required keyword-only argument: 'username'\"",
    ),
    ("mgage-gateway", "send", "password"): (
        DROP,
        'key left out: TypeError "plan_send() '
        "missing 1 required keyword-only argument: 'password'\"",
    ),
    ("mgage-gateway", "send", "message_billed"): (None, "bare AssertionError (line 221)"),
    ("mgage-gateway", "send", "recipients"): (
        5,
        "TypeError \"'int' object is not iterable\"; "
        "left out: TypeError \"check_send() missing 1 required positional argument: 'numbers'\"",
    ),
    ("mgage-gateway", "send", "region"): ({}, "TypeError 'region must be a str or None'"),
    ("messangi", "parse_callback", "json"): (
        [b"x"],
        "TypeError 'Object of type bytes is not JSON serializable'",
    ),
}


def _vector_violation(runner: Callable[[], dict[str, Any]]) -> str | None:
    # CONTRIBUTING: malformed inputs raise InvalidVector (a provider outcome is also fine)
    try:
        outcome = runner()
    except SmsError:
        return None
    except Exception as error:  # the invariant under test
        return f"{type(error).__name__} escaped: {error}"
    if len(outcome) != 1 or not set(outcome) <= {"request", "requests", "error", "result"}:
        return f"not one outcome: {sorted(outcome)}"
    return None


@given(
    case=st.sampled_from(sorted(VECTOR_INPUTS)),
    key=st.sampled_from(
        sorted({k for inputs in VECTOR_INPUTS.values() for k in inputs} | {"status", "json", "x"})
    ),
    value=_json,
    drop=st.booleans(),
)
def test_run_vector_property_invalid_vector_or_outcome(
    case: tuple[str, str], key: str, value: Any, drop: bool
) -> None:
    provider, operation = case
    data = dict(VECTOR_INPUTS[case])
    if drop:
        data.pop(key, None)
    else:
        data[key] = value
    assert _vector_violation(lambda: RUNNERS[provider](operation, data)) is None


@pytest.mark.parametrize(
    ("provider", "operation", "key"),
    [pytest.param(*k, id="-".join(k)) for k in VECTOR_BUGS],
)
def test_run_vector_malformed_field_is_invalid_vector(
    provider: str, operation: str, key: str
) -> None:
    base = VECTOR_INPUTS.get((provider, operation)) or {
        "api_key": "k",
        "sender": "1",
        "text": "hi",
        "recipients": ["+525500000000"],
    }
    value = VECTOR_BUGS[provider, operation, key][0]
    data = {k: v for k, v in base.items() if k != key}
    if value is not DROP:
        data[key] = value
    assert _vector_violation(lambda: RUNNERS[provider](operation, data)) is None


# --- huge inputs: exact answers, linear time (the file's run time is the guard) ---------------

MB = 1_000_000


def test_huge_gsm_text_segments_exactly() -> None:
    s = smscore.segment("a" * (10 * MB), limit=None)
    assert (s.encoding, s.units, s.segments) == ("GSM-7", 10 * MB, -(-10 * MB // 153))
    assert s.parts[-1] == "a" * (10 * MB % 153)


def test_huge_ucs2_text_with_a_surrogate_pair_never_split() -> None:
    s = smscore.segment("😀" * MB, limit=None)  # 2 units each; 67 per part is odd
    assert (s.encoding, s.units) == ("UCS-2", 2 * MB)
    assert s.parts[0] == "😀" * 33
    assert "".join(s.parts) == "😀" * MB


def test_huge_text_over_the_limit_is_one_short_error() -> None:
    with pytest.raises(InvalidText) as info:
        smscore.segment("a" * (10 * MB) + "\u202e\x00")
    assert info.value.field == "text"
    assert str(info.value) == (
        "text is 10000002 UTF-16 code units long, over the limit of 1600 UTF-16 code units "
        "(text[1600] is the first character past it)"
    )


def test_huge_lone_surrogate_at_the_end_is_found() -> None:
    with pytest.raises(InvalidText) as info:
        smscore.segment("a" * (5 * MB) + "\ud800", limit=None)
    assert info.value.position == 5 * MB


def test_huge_number_error_does_not_echo_the_input() -> None:
    with pytest.raises(InvalidNumber) as info:
        smscore.normalize_number("1" * (10 * MB))
    assert str(info.value) == (
        "number '1111111111111111111111111111111111111111'... (10000000 characters) is not a "
        "valid phone number (region None): input longer than 250 characters"
    )


def test_huge_recipient_list_lands_exactly_once() -> None:
    raws = [f"+1213555{i % 10000:04d}" for i in range(100_000)] + ["9" * MB, None]
    r = smscore.prepare_recipients(raws, batch_size=1000)
    assert (len(r.accepted), len(r.duplicates), len(r.batches)) == (10_000, 90_000, 10)
    assert [reason for _raw_value, reason in r.rejected] == [
        "input longer than 250 characters",
        "not a string",
    ]


def test_huge_template_is_parsed_linearly() -> None:
    t = Template("%%A%% " * (MB // 6) + "%%" * MB)
    assert t.placeholders == ("A",)


def test_huge_acoustic_content_and_messangi_text() -> None:
    assert ac.content_tags("%%A%% " * MB) == ("A",)
    assert ac.content_tags("%%" + "A" * (5 * MB)) == ()
    too_long = "The message exceeded the maximum 800 character limit."
    (rejection,) = ac.check_payload(
        channel_qualifier="1", contacts=["19492319304"], content="x" * (5 * MB)
    )
    assert (rejection.code, rejection.status, rejection.field, rejection.message) == (
        "400",
        400,
        "content",
        too_long,
    )
    with pytest.raises(ProviderError) as info:
        ac.build_send(
            token=TOKEN,
            channel_qualifier="1",
            contacts=["19492319304"],
            pod=1,
            content="x" * (5 * MB),
            check=True,
        )
    assert (info.value.code, info.value.status, info.value.message) == ("400", 400, too_long)
    report = m.segment_report("é" * (5 * MB))
    assert (report.length, report.within_limit) == (5 * MB, False)


def test_huge_response_bodies_parse_or_fail_typed() -> None:
    body = b'{"id":"' + b"x" * (10 * MB) + b'","status":"DELIVRD"}'
    assert m.parse_callback(body).id == "x" * (10 * MB)
    with pytest.raises(ProviderError) as info:
        gw.parse_send(Response(status=200, body=b"1: x\n" * (MB // 5)))
    assert (info.value.code, info.value.message) == ("1", "x")


# --- credentials: never in a repr, a str or an error -------------------------------------------


def _shown(obj: object) -> str:
    parts = [repr(obj), str(obj)]
    if isinstance(obj, BaseException):
        parts += [
            repr(obj.args),
            repr(getattr(obj, "value", None)),
            repr(obj.__notes__) if hasattr(obj, "__notes__") else "",
        ]
    return "\n".join(parts)


def _secrets_in(obj: object) -> list[str]:
    shown = _shown(obj)
    return [s for s in SECRETS if s in shown]


BUILDS: dict[str, Callable[[], object]] = {
    "gw.build_send": lambda: gw.build_send("hi", ["12135550123"], **GW),
    "gw.plan_send": lambda: gw.plan_send("hi", ["12135550123", "x"], **GW),
    "ex.build_export": lambda: ex.build_export("1", credentials=ex.Credentials("u", PW)),
    "ex.build_next_page": lambda: ex.build_next_page(NEXT_URL, credentials=ex.Credentials("u", PW)),
    "m.build_send": lambda: m.build_send(KEY, sender="1", text="hi", to="+525500000000"),
    "m.build_batch": lambda: m.build_batch(
        KEY, sender="1", text="hi", recipients=["+525500000000"]
    ),
    "m.build_status": lambda: m.build_status(KEY, message_id="x"),
    "ac.build_send": lambda: ac.build_send(
        token=TOKEN, channel_qualifier="1", contacts=["19492319304"], content="Hi", pod=1
    ),
    "ac.build_sends": lambda: ac.build_sends(
        token=TOKEN, channel_qualifier="1", contacts=["19492319304"], content="Hi", pod=1
    ),
    "ac.plan_send": lambda: ac.plan_send(
        **{**AC_SEND, "recipients": ["19492319304", "x"], "message": "Hi", "pod": 1}
    ),
    "ac.build_token": lambda: ac.build_token(
        client_id="c", client_secret=CSECRET, refresh_token=RTOKEN, pod=1
    ),
    "ac.build_status": lambda: ac.build_status(token=TOKEN, transaction_id="x", pod=1),
    "ac.parse_token": lambda: ac.parse_token(
        Response(
            status=200, body=json.dumps({"access_token": TOKEN, "refresh_token": RTOKEN}).encode()
        ),
        now=NOW,
    ),
    "wire.basic_auth-masked": lambda: wire.Request(
        method="GET", url="https://x.invalid/", headers=(wire.basic_auth("u", PW),)
    ),
}


@pytest.mark.parametrize("name", sorted(BUILDS))
def test_results_never_show_a_credential(name: str) -> None:
    result = BUILDS[name]()
    items = result if isinstance(result, tuple) else (result,)
    for item in (result, *items):
        assert _secrets_in(item) == []
        masked = getattr(item, "masked", None)
        if masked is not None:
            assert _secrets_in(json.dumps(masked())) == []


#: Each call passes a secret and breaks another argument, so it raises.
FAILING_BUILDS: dict[str, Callable[[], object]] = {
    "gw.build_send bad number": lambda: gw.build_send("hi", ["+12"], **GW),
    "gw.build_send bad message": lambda: gw.build_send("\ud800", ["12135550123"], **GW),
    "gw.build_send bad batch": lambda: gw.build_send("hi", ["12135550123"], batch_size=0, **GW),
    "ex.build_export bad page": lambda: ex.build_export(
        "1", credentials=ex.Credentials("u", PW), page_size=0
    ),
    "ex.build_next_page other host": lambda: ex.build_next_page(
        "https://evil.invalid/x", credentials=ex.Credentials("u", PW)
    ),
    "ex.Credentials secret username": lambda: ex.Credentials(PW + ":", PW),
    "m.build_send bad to": lambda: m.build_send(KEY, sender="1", text="hi", to="nope"),
    "m.build_send key with newline": lambda: m.build_send(
        KEY + "\n", sender="1", text="hi", to="+525500000000"
    ),
    "m.build_batch bad size": lambda: m.build_batch(
        KEY, sender="1", text="hi", recipients=["+525500000000"], batch_size=0
    ),
    "ac.build_send no contacts": lambda: ac.build_send(
        token=TOKEN, channel_qualifier="1", contacts=[], content="Hi", pod=1, check=True
    ),
    "ac.build_send bad pod": lambda: ac.build_send(
        token=TOKEN, channel_qualifier="1", contacts=["1"], content="Hi", pod="nope"
    ),
    "ac.build_token blank id": lambda: ac.build_token(
        client_id=" ", client_secret=CSECRET, refresh_token=RTOKEN, pod=1
    ),
    "ac.build_token bad pod": lambda: ac.build_token(
        client_id="c", client_secret=CSECRET, refresh_token=RTOKEN, pod=99
    ),
    "ac.parse_token refresh token only": lambda: ac.parse_token(
        Response(status=200, body=json.dumps({"refresh_token": RTOKEN}).encode()), now=NOW
    ),
    "ac.parse_token token as int": lambda: ac.parse_token(
        Response(status=200, body=json.dumps({"access_token": 7, "x": TOKEN}).encode()), now=NOW
    ),
}


@pytest.mark.parametrize("name", sorted(FAILING_BUILDS))
def test_errors_never_show_a_credential(name: str) -> None:
    with pytest.raises(SmsError) as info:
        FAILING_BUILDS[name]()
    assert _secrets_in(info.value) == []


def test_surrogate_in_a_password_is_a_typed_error_without_the_password() -> None:
    with pytest.raises(InvalidRequest) as info:
        ex.Credentials("u", PW + "\ud800")
    assert _secrets_in(info.value) == []


def test_surrogate_in_a_client_secret_is_a_typed_error_without_the_secret() -> None:
    with pytest.raises(InvalidRequest) as info:
        ac.build_token(client_id="c", client_secret=CSECRET + "\ud800", refresh_token="r", pod=1)
    assert _secrets_in(info.value) == []


_secret = st.text(st.characters(codec="utf-8"), min_size=1, max_size=12).map(
    lambda s: "S3CRET-" + s.strip().replace("\n", "").replace("\r", "") + "-X"
)


@given(secret=_secret, number=st.sampled_from(["+525500000000", "nope", ""]))
def test_credentials_property_never_shown(secret: str, number: str) -> None:
    calls: list[Callable[[], object]] = [
        lambda: m.build_send(secret, sender="1", text="hi", to=number),
        lambda: gw.build_send("hi", [number], **{**GW, "credentials": gw.Credentials("u", secret)}),
        lambda: ex.build_export("1", credentials=ex.Credentials("u", secret)),
        lambda: ac.build_token(client_id="c", client_secret=secret, refresh_token=secret, pod=1),
        lambda: ac.build_send(
            token=secret, channel_qualifier="1", contacts=[number or "1"], content="Hi", pod=1
        ),
    ]
    for call in calls:
        try:
            result: object = call()
        except SmsError as error:
            result = error
        shown = _shown(result) + "".join(
            _shown(r) for r in (result if isinstance(result, tuple) else ())
        )
        assert secret not in shown


def _transport() -> MockTransport:
    token = json.dumps({"access_token": TOKEN, "refresh_token": RTOKEN}).encode()
    return MockTransport(lambda request: Response(status=200, body=token))


async def _async_handler(request: smscore.Request) -> Response:
    return Response(status=200, body=b"{}")


CONFIGS: dict[str, Callable[[], object]] = {
    "MessangiClient": lambda: MessangiClient(_transport(), api_key=KEY),
    "MgageGatewayClient": lambda: MgageGatewayClient(
        _transport(), endpoint=GW["endpoint"], username="u", password=PW, program_id="1"
    ),
    "MgageExportClient": lambda: MgageExportClient(_transport(), username="u", password=PW),
    "AsyncMgageExportClient": lambda: AsyncMgageExportClient(
        AsyncMockTransport(_async_handler), username="u", password=PW
    ),
    "AcousticClient": lambda: AcousticClient(
        _transport(), client_id="c", client_secret=CSECRET, refresh_token=RTOKEN, pod=1
    ),
    "AsyncAcousticClient": lambda: AsyncAcousticClient(
        AsyncMockTransport(_async_handler),
        client_id="c",
        client_secret=CSECRET,
        refresh_token=RTOKEN,
        pod=1,
    ),
    "SimulatorConfig": lambda: SimulatorConfig(
        api_keys=frozenset({KEY}), basic_users={"u": PW}, acoustic_oauth=("c", CSECRET, RTOKEN)
    ),
    "RunningSimulator": lambda: RunningSimulator(
        host="127.0.0.1",
        port=1,
        state=SimulatorState(),
        config=SimulatorConfig(api_keys=frozenset({KEY}), basic_users={"u": PW}),
    ),
}


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_clients_and_configs_never_show_a_credential(name: str) -> None:
    assert _secrets_in(CONFIGS[name]()) == []


def test_acoustic_client_after_a_token_exchange_never_shows_it() -> None:
    transport = _transport()
    client = AcousticClient(
        transport,
        client_id="c",
        client_secret=CSECRET,
        refresh_token=RTOKEN,
        pod=1,
        now=lambda: NOW,
    )
    with pytest.raises(SmsError) as info:
        client.status("tx")  # the mock answers the status call with the token body
    assert client.token_requests == 1
    assert _secrets_in(info.value) == []
    assert _secrets_in(client) == []
    assert _secrets_in(transport.requests) == []
