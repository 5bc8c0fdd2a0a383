"""Messangi (seed 002): exact requests, predicted rejections, parsing, bad input, properties."""

from __future__ import annotations

import contextlib
import json
import pickle
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import smscore
from smscore import conformance
from smscore.errors import (
    InvalidNumber,
    InvalidRequest,
    InvalidVector,
    SmsError,
    TemplateError,
    UnexpectedResponse,
)
from smscore.providers import messangi as m
from smscore.wire import Rejection, Response

SPEC = Path(__file__).resolve().parent.parent / "spec" / "messangi"
KEY = "sk-live-5f2b9c0e-DO-NOT-LEAK"
HEADERS = (
    ("Accept", "application/json"),
    ("Authorization", f"Bearer {KEY}"),
    ("Content-Type", "application/json"),
)
A, B = "+525500000000", "+525511111111"


# --- rules as data -------------------------------------------------------------------------


def test_rules_json_equals_module_constants() -> None:
    rules = json.loads((SPEC / "rules.json").read_text(encoding="utf-8"))
    assert rules["name"] == m.NAME == "messangi"
    assert rules["default_base_url"] == m.DEFAULT_BASE_URL
    assert rules["paths"] == {"send": m.SEND_PATH, "batch": m.BATCH_PATH, "status": m.STATUS_PATH}
    assert rules["max_text_units"] == m.MAX_TEXT_UNITS == 1600
    assert rules["default_batch_size"] == m.DEFAULT_BATCH_SIZE == 1000
    assert rules["message_types"] == list(m.MESSAGE_TYPES)
    assert rules["errors"] == dict(m.ERRORS)
    assert rules["statuses"] == dict(m.STATUSES)
    assert list(rules["statuses"]) == list(m.STATUSES)  # seed order kept
    assert sorted(rules["final_statuses"]) == sorted(m.FINAL_STATUSES)


def test_status_enum_matches_catalogue_and_final_set() -> None:
    assert [s.value for s in m.MessageStatus] == list(m.STATUSES)
    assert len(m.MessageStatus) == 16
    in_transit = {s.value for s in m.MessageStatus if not s.final}
    assert in_transit == {"QUEUE", "DEQUEUED", "SENT", "ENROUTE"}


def test_vectors_cover_every_status_and_error() -> None:
    # rules.json is data, not vectors: load the vector files only (see the lead's note on
    # conformance.load_vectors, which would read rules.json as a vector).
    vectors = conformance.load_vectors(sorted(SPEC.glob("*.jsonl")))
    assert len(vectors) >= 80
    report = conformance.run_vectors(vectors)
    assert report.failed == 0, list(conformance.format_report(report))
    callback_statuses = {
        v.expect["result"]["status"]
        for v in vectors
        if v.operation == "parse_callback" and "result" in v.expect
    }
    assert callback_statuses == set(m.STATUSES)
    errors = {v.expect["error"]["code"] for v in vectors if "error" in v.expect}
    assert set(m.ERRORS) <= errors


# --- building --------------------------------------------------------------------------------


def test_build_send_exact_request() -> None:
    r = m.build_send(KEY, sender="2222", text="Hola área", to="+52 55 0000 0000", request_dr=True)
    assert r.method == "POST"
    assert r.url == "https://elastic.messangi.me/raven/v2/messages"
    assert r.headers == HEADERS
    assert r.body == (
        b'{"from":"2222","text":"Hola \xc3\xa1rea","to":"+525500000000","requestDR":true}'
    )


def test_build_batch_exact_requests_and_split() -> None:
    reqs = m.build_batch(
        KEY,
        sender="12345",
        text="Hi {0}, your balance is ${1}",
        recipients=[(A, ["Elizabeth", 10.65]), (B, ("Joshua", 20.5)), ("+525512345678", ["X", 1])],
        batch_size=2,
        message_type="MT",
    )
    assert [r.url for r in reqs] == ["https://elastic.messangi.me/raven/v3/messages/batch"] * 2
    assert all(r.headers == HEADERS for r in reqs)
    assert reqs[0].body == (
        b'{"from":"12345","text":"Hi {0}, your balance is ${1}","to":[{"to":"+525500000000",'
        b'"params":["Elizabeth",10.65]},{"to":"+525511111111","params":["Joshua",20.5]}],'
        b'"type":"MT"}'
    )
    assert reqs[1].body == (
        b'{"from":"12345","text":"Hi {0}, your balance is ${1}","to":[{"to":"+525512345678",'
        b'"params":["X",1]}],"type":"MT"}'
    )


def test_build_batch_from_tags_template_with_defaults() -> None:
    tpl = smscore.Template("Hi %%FIRST NAME%%, you owe %%AMOUNT%%")
    (req,) = m.build_batch(
        KEY,
        sender="12345",
        text=tpl,
        recipients=[(A, {"AMOUNT": 10.65}), (B, {"FIRST NAME": "Joshua", "AMOUNT": 3})],
        defaults={"FIRST NAME": "Valued Customer"},
    )
    assert json.loads(req.body) == {
        "from": "12345",
        "text": "Hi {0}, you owe {1}",
        "to": [
            {"to": A, "params": ["Valued Customer", 10.65]},
            {"to": B, "params": ["Joshua", 3]},
        ],
    }


def test_build_batch_template_row_failure_is_not_dropped() -> None:
    tpl = smscore.Template("Hi %%NAME%%")
    with pytest.raises(TemplateError) as info:
        m.build_batch(KEY, sender="1", text=tpl, recipients=[(A, {"NAME": "Ana"}), (B, {})])
    assert info.value.field == "recipients[1]"
    assert str(info.value) == (
        "recipients[1]: values: no value and no default for %%NAME%%; rule: every placeholder "
        "needs a value or a default (1 recipient(s) cannot be rendered)"
    )


def test_build_status_is_the_assumed_get() -> None:
    r = m.build_status(KEY, message_id="a/b c")
    assert (r.method, r.url, r.body) == (
        "GET",
        "https://elastic.messangi.me/raven/v2/messages/a%2Fb%20c",
        b"",
    )
    assert r.headers == HEADERS[:2]


def test_number_rule_possible_accepts_the_seed_placeholder_number() -> None:
    with pytest.raises(InvalidNumber):
        m.build_send(KEY, sender="12345", text="text demo", to="+580000000005")
    r = m.build_send(
        KEY, sender="12345", text="text demo", to="580000000005", number_rule="possible"
    )
    assert r.body == b'{"from":"12345","text":"text demo","to":"+580000000005"}'


# --- predicted rejections -----------------------------------------------------------------------


def test_check_send_boundaries() -> None:
    at = m.check_send(KEY, sender="1", text="😀" * 800, to=A)
    over = m.check_send(KEY, sender="1", text="😀" * 800 + "a", to=A)
    assert at == ()
    assert over == (
        Rejection(
            provider="messangi",
            code="SEGMENTS_EXCEEDED",
            message="Text exceeds the limit of allowed segments",
            status=None,
            field="text",
        ),
    )


def test_check_batch_is_per_recipient_after_personalization() -> None:
    rejections = m.check_batch(
        KEY,
        sender="1",
        text="Hi {0}",
        recipients=[(A, ["x" * 1597]), (B, ["x" * 1598]), ("+525512345678", ["ж" * 1598])],
    )
    assert [(r.code, r.field) for r in rejections] == [
        ("SEGMENTS_EXCEEDED", "recipients[1]"),
        ("SEGMENTS_EXCEEDED", "recipients[2]"),
    ]


# --- bad input: typed errors naming field, value and rule ----------------------------------------

BAD_SEND: list[tuple[dict[str, Any], type[Exception], str]] = [
    ({"sender": ""}, InvalidRequest, "sender must not be empty: '' (rule: sender is required)"),
    (
        {"text": "a\ud800b"},
        InvalidRequest,
        "text has a lone surrogate at position 1: '\\ud800' (rule: text is Unicode scalar values"
        " (no lone surrogate))",
    ),
    (
        {"to": "12"},
        InvalidNumber,
        "to: number '12' is not a valid phone number (region None): not a number",
    ),
    (
        {"callbacks": "https://a.example.com/cb"},
        InvalidRequest,
        "callbacks are given but request_dr is not True: 'https://a.example.com/cb' (rule: seed "
        "002: callbacks fire only when requestDR is true)",
    ),
    (
        {"request_dr": True, "callbacks": ["https://a.example.com", "ftp://b"]},
        InvalidRequest,
        "callbacks[1] is not valid: 'ftp://b' (rule: seed 002 callbacks: http(s) URLs, "
        "comma-separated, none empty)",
    ),
    (
        {"request_dr": "true"},
        InvalidRequest,
        "request_dr is not valid: 'true' (rule: seed 002 requestDR: true or false)",
    ),
    (
        {"email": "nope"},
        InvalidRequest,
        "email is not valid: 'nope' (rule: an address of the form name@domain)",
    ),
    (
        {"message_type": "MO"},
        InvalidRequest,
        "message_type is not valid: 'MO' (rule: seed 002 type: one of ['MT'])",
    ),
    (
        {"base_url": "elastic.messangi.me"},
        InvalidRequest,
        "base_url is not valid: 'elastic.messangi.me' (rule: an absolute http(s) URL with a "
        "host, no query or fragment)",
    ),
]


@pytest.mark.parametrize(("override", "kind", "message"), BAD_SEND)
def test_bad_send_arguments(override: dict[str, Any], kind: type[Exception], message: str) -> None:
    args: dict[str, Any] = {"sender": "12345", "text": "hi", "to": A} | override
    with pytest.raises(kind) as info:
        m.build_send(KEY, **args)
    assert str(info.value) == message
    assert isinstance(info.value, SmsError)
    assert isinstance(info.value, ValueError)
    assert KEY not in str(info.value)
    assert KEY not in repr(info.value.__dict__)


BAD_BATCH: list[tuple[str, Any, type[Exception], str]] = [
    (
        "Hi {0} {1}",
        [(A, ["a"])],
        TemplateError,
        "recipients[0]: no value for placeholder {1} (1 params given; rule: one param per "
        "placeholder {0}..{1})",
    ),
    (
        "Hi {0}",
        [(A, ["a", "b"])],
        TemplateError,
        "recipients[0]: 2 params given but the text uses {0}..{0}; the extra values would be "
        "ignored (rule: one param per placeholder index)",
    ),
    ("Hi", [], InvalidRequest, "recipients must not be empty: [] (rule: at least one recipient)"),
    (
        "Hi",
        A,
        InvalidRequest,
        "recipients must be an iterable of numbers or (number, params) pairs: '+525500000000' "
        "(rule: an iterable of numbers or (number, params) pairs)",
    ),
    (
        "Hi {0}",
        [(A, [True])],
        InvalidRequest,
        "recipients[0].params[0] must be a str, int or float: True (rule: seed 002 to.params: "
        "a list of strings and numbers)",
    ),
    (
        "Hi {0}",
        [(A, [float("inf")])],
        InvalidRequest,
        "recipients[0].params[0] must be finite: inf (rule: JSON numbers are finite)",
    ),
    (
        "Hi",
        [A, "x"],
        InvalidNumber,
        "recipients[1]: number 'x' is not a valid phone number (region None): not a number",
    ),
    (
        "Hi",
        [(A, ["a"], "extra")],
        InvalidRequest,
        "recipients[0] must be a number or a (number, params) pair: ('+525500000000', ['a'], "
        "'extra') (rule: an iterable of numbers or (number, params) pairs)",
    ),
]


@pytest.mark.parametrize(("text", "recipients", "kind", "message"), BAD_BATCH)
def test_bad_batch_arguments(
    text: str, recipients: Any, kind: type[Exception], message: str
) -> None:
    with pytest.raises(kind) as info:
        m.build_batch(KEY, sender="1", text=text, recipients=recipients)
    assert str(info.value) == message
    assert KEY not in str(info.value)


def test_bad_batch_size_and_defaults() -> None:
    with pytest.raises(InvalidRequest) as info:
        m.build_batch(KEY, sender="1", text="Hi", recipients=[A], batch_size=0)
    assert info.value.field == "batch_size"
    with pytest.raises(InvalidRequest) as info:
        m.build_batch(KEY, sender="1", text="Hi", recipients=[A], defaults={"a": 1})
    assert info.value.field == "defaults"


def test_credentials_never_shown() -> None:
    r = m.build_send(KEY, sender="1", text="hi", to=A)
    assert KEY not in repr(r)
    assert "Bearer ***" in repr(r)
    assert KEY not in json.dumps(r.masked())
    for bad in ("", "two\nlines"):
        with pytest.raises(InvalidRequest) as info:
            m.build_send(bad, sender="1", text="hi", to=A)
        assert info.value.field == "token"


# --- parsing ---------------------------------------------------------------------------------


def test_error_answer_raises_with_raw_body() -> None:
    body = b'{"meta":{"transactionId":"t","explain":"Invalid from"}}'
    with pytest.raises(UnexpectedResponse) as info:
        m.parse_send(Response(status=400, body=body))
    err = info.value
    assert (err.provider, err.code, err.message, err.status, err.body) == (
        "messangi",
        "400",
        "Invalid from",
        400,
        body,
    )
    again = pickle.loads(pickle.dumps(err))
    assert (again.code, again.message, again.body) == ("400", "Invalid from", body)


def test_parse_callback_accepts_decoded_mapping() -> None:
    report = m.parse_callback({"id": "m1", "status": "EXPIRED", "timestamp": 5})
    assert report == m.DeliveryReport(
        id="m1", status=m.MessageStatus.EXPIRED, final=True, delivered=False, timestamp=5
    )


def test_segment_report_seed_emoji_example() -> None:
    r = m.segment_report("😀" + "a" * 149)
    assert (r.encoding, r.segments, r.part_units, r.length) == ("UCS-2", 3, (67, 67, 17), 151)


def test_run_vector_rejects_malformed_input() -> None:
    with pytest.raises(InvalidVector) as info:
        m.run_vector("send", {"api_key": "k", "sender": "1", "text": "x"})
    assert str(info.value) == "messangi vector: missing input keys ['to']"
    with pytest.raises(InvalidVector) as info:
        m.run_vector("explode", {})
    assert info.value.field == "operation"
    with pytest.raises(InvalidVector):
        m.run_vector("parse_send", {"response": {"status": "200"}})


# --- properties ------------------------------------------------------------------------------

PARSERS = (m.parse_send, m.parse_batch, m.parse_status, m.parse_error)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=20,
)
keys = st.sampled_from(
    ["meta", "data", "id", "ids", "mobile", "status", "invalidNumber", "from", "timestamp", "x"]
)
shaped = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=8)
    | st.sampled_from(list(m.STATUSES)),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=25,
)


@given(body=st.binary(max_size=300), status=st.integers(100, 599))
def test_property_parsers_on_arbitrary_bytes_raise_only_smscore_errors(
    body: bytes, status: int
) -> None:
    for parse in PARSERS:
        with contextlib.suppress(SmsError):
            parse(Response(status=status, body=body))
    with contextlib.suppress(SmsError):
        m.parse_callback(body)


@given(value=st.one_of(json_values, shaped), status=st.sampled_from([200, 201, 400, 500]))
def test_property_parsers_on_arbitrary_json_raise_only_smscore_errors(
    value: Any, status: int
) -> None:
    body = json.dumps(value).encode()
    for parse in PARSERS:
        with contextlib.suppress(SmsError):
            parse(Response(status=status, body=body))
    with contextlib.suppress(SmsError):
        m.parse_callback(body)
    if isinstance(value, dict):
        with contextlib.suppress(SmsError):
            m.parse_callback(value)


texts = st.text(st.characters(codec="utf-8"), min_size=1, max_size=60)
idents = st.text(st.characters(codec="utf-8"), min_size=1, max_size=20).filter(str.isprintable)
params = st.lists(
    st.one_of(
        st.text(st.characters(codec="utf-8"), max_size=10),
        st.integers(),
        st.floats(allow_nan=False, allow_infinity=False),
    ),
    max_size=3,
)


@given(
    text=texts,
    external_id=st.none() | idents,
    client_id=st.none() | idents,
    request_dr=st.none() | st.booleans(),
    to=st.sampled_from([A, B, "525512345678", "+52 (55) 1234-5678"]),
)
def test_property_send_round_trips(
    text: str,
    external_id: str | None,
    client_id: str | None,
    request_dr: bool | None,
    to: str,
) -> None:
    r = m.build_send(
        KEY,
        sender="ACME",
        text=text,
        to=to,
        request_dr=request_dr,
        external_id=external_id,
        client_id=client_id,
    )
    body = json.loads(r.body.decode("utf-8"))
    expected: dict[str, Any] = {"from": "ACME", "text": text, "to": smscore.normalize_number(to)}
    if request_dr is not None:
        expected["requestDR"] = request_dr
    if external_id is not None:
        expected["externalId"] = external_id
    if client_id is not None:
        expected["clientId"] = client_id
    assert body == expected
    assert list(body) == list(expected)


@given(rows=st.lists(params, min_size=1, max_size=7), size=st.integers(1, 4))
def test_property_batch_round_trips(rows: list[list[Any]], size: int) -> None:
    width = max(len(p) for p in rows)
    text = "Hi " + " ".join(f"{{{i}}}" for i in range(width))
    padded = [p + ["pad"] * (width - len(p)) for p in rows]
    numbers = [f"+5255{i:08d}" for i in range(10000000, 10000000 + len(rows))]
    reqs = m.build_batch(
        KEY,
        sender="1",
        text=text,
        recipients=list(zip(numbers, padded, strict=True)),
        batch_size=size,
        number_rule="possible",
    )
    assert len(reqs) == -(-len(rows) // size)
    sent = [entry for r in reqs for entry in json.loads(r.body)["to"]]
    assert sent == [{"to": n, "params": p} for n, p in zip(numbers, padded, strict=True)]
    assert all(json.loads(r.body)["text"] == text for r in reqs)


# --- hostile input at the boundary (tests/test_hostile_inputs.py found these) -----------------

DEEP = b"[" * 100_000 + b"]" * 100_000
ENVELOPE_PARSERS = {
    "parse_send": m.parse_send,
    "parse_batch": m.parse_batch,
    "parse_status": m.parse_status,
}


@pytest.mark.parametrize("name", sorted(ENVELOPE_PARSERS))
def test_deeply_nested_body_is_an_unexpected_response(name: str) -> None:
    with pytest.raises(UnexpectedResponse) as info:
        ENVELOPE_PARSERS[name](Response(status=200, body=DEEP))
    assert (info.value.code, info.value.message, info.value.body) == (
        "unexpected-response",
        "body is not JSON (RecursionError)",
        DEEP,
    )


def test_deeply_nested_error_and_callback_bodies_are_read_as_data_or_typed() -> None:
    error = m.parse_error(Response(status=500, body=DEEP))
    assert (error.status, error.code, error.body) == (500, "500", DEEP)
    with pytest.raises(UnexpectedResponse) as info:
        m.parse_callback(DEEP)
    assert info.value.message == "body is not JSON (RecursionError)"


@pytest.mark.parametrize("name", [*sorted(ENVELOPE_PARSERS), "parse_error"])
@pytest.mark.parametrize("value", [None, 200, b"{}", {"status": 200}])
def test_parsers_refuse_a_non_response_naming_the_argument(name: str, value: Any) -> None:
    parser = {**ENVELOPE_PARSERS, "parse_error": m.parse_error}[name]
    with pytest.raises(TypeError) as info:
        parser(value)
    assert str(info.value) == f"response must be a smscore.Response, got {type(value).__name__}"


@pytest.mark.parametrize("payload", [None, 7, ["id"], 1.5])
def test_parse_callback_of_the_wrong_type_names_the_payload(payload: object) -> None:
    with pytest.raises(TypeError) as info:
        m.parse_callback(payload)  # type: ignore[arg-type]
    assert str(info.value) == (
        f"payload must be bytes, str or a mapping (the callback body), got {type(payload).__name__}"
    )


@pytest.mark.parametrize("region", [[], 0, {"MX": 1}])
def test_region_of_the_wrong_type_is_an_invalid_request(region: object) -> None:
    calls = (
        lambda: m.build_send(KEY, sender="1", text="hi", to=A, region=region),  # type: ignore[arg-type]
        lambda: m.build_batch(KEY, sender="1", text="hi", recipients=[A], region=region),  # type: ignore[arg-type]
    )
    for call in calls:
        with pytest.raises(InvalidRequest) as info:
            call()
        assert (info.value.field, info.value.value) == ("region", region)
        assert str(info.value) == (
            f"region must be a str or None, got {type(region).__name__}: {region!r} "
            "(rule: a region code such as 'MX', or None)"
        )


def test_run_vector_region_of_the_wrong_type_is_refused() -> None:
    with pytest.raises(InvalidRequest) as info:
        m.run_vector("send", {"api_key": "k", "sender": "1", "text": "hi", "to": A, "region": []})
    assert info.value.field == "region"


@pytest.mark.parametrize("value", [[b"x"], {"a": {1j}}, "\ud800"])
def test_run_vector_callback_json_that_is_not_json_is_invalid_vector(value: object) -> None:
    with pytest.raises(InvalidVector) as info:
        m.run_vector("parse_callback", {"json": value})
    assert info.value.field == "json"
    assert str(info.value).startswith("messangi vector: json must be a JSON value (")
