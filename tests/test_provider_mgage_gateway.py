"""mGage Gateway (seed 000): exact requests, predicted statuses, tolerant response reading."""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smscore import InvalidRequest, InvalidVector, ProviderError, SmsError, UnexpectedResponse
from smscore.numbers.recipients import prepare_recipients
from smscore.providers import mgage_gateway as gw
from smscore.wire import Request, Response

RULES = Path(__file__).resolve().parent.parent / "spec" / "mgage-gateway" / "rules.json"
EP = "https://gateway.example.invalid/send"
SECRET = "s3cr3t-pa55"
ARGS: dict[str, Any] = {
    "endpoint": EP,
    "username": "acme",
    "password": SECRET,
    "program_id": "104967",
    "spoof_from": "US-35465",
}


def test_rules_json_equals_module_constants() -> None:
    rules = json.loads(RULES.read_text(encoding="utf-8"))
    assert rules == {
        "name": gw.NAME,
        "seed": "000_6ff3efa4cc1944d8.txt",
        "max_numbers": gw.MAX_NUMBERS,
        "max_message_units": gw.MAX_MESSAGE_UNITS,
        "parameters": list(gw.PARAMETERS),
        "defaults": dict(gw.DEFAULTS),
        "countries": list(gw.COUNTRIES),
        "message_types": list(gw.MESSAGE_TYPES),
        "yes_no": list(gw.YES_NO),
        "status_texts": dict(gw.STATUS_TEXTS),
    }
    assert set(gw.STATUS_TEXTS) == {s.value for s in gw.GatewayStatus}


def test_exact_request_and_accounting() -> None:
    plan = gw.plan_send(
        "Hi & bye",
        ["+1 (213) 555-0123", "12135550123", "12", "+44 7911 123456"],
        allow_long_messages=True,
        **ARGS,
    )
    assert plan.requests == (
        Request(
            method="POST",
            url=f"{EP}?message=Hi%20%26%20bye&message_billed=no&message_type=sms"
            "&numbers=12135550123%2C447911123456&spoof_from=US-35465&program_id=104967"
            "&allow_long_messages=yes",
            headers=(("Authorization", "Basic YWNtZTpzM2NyM3QtcGE1NQ=="),),
            body=b"",
        ),
    )
    assert plan.batches == (("12135550123", "447911123456"),)
    assert plan.accepted == ("12135550123", "447911123456")
    assert plan.duplicates == (("12135550123", "12135550123"),)
    assert plan.rejected == (("12", "not a number"),)
    assert (plan.units, plan.segments) == (8, 1)


def test_long_message_units_and_segments() -> None:
    plan = gw.plan_send("x" * 161, ["12135550123"], allow_long_messages="yes", **ARGS)
    assert (plan.units, plan.segments) == (161, 2)
    with pytest.raises(ProviderError) as info:
        gw.plan_send("x" * 161, ["12135550123"], **ARGS)
    assert (info.value.code, info.value.message, info.value.status) == (
        "107",
        "Too many characters in message – should be < 160, found 161.",
        None,
    )


def test_check_send_lists_every_status_in_order() -> None:
    got = gw.check_send(
        "",
        [],
        program_id="1",
        country="FR",
        message_type="mms",
        message_billed="maybe",
        allow_long_messages="sure",
    )
    assert [(r.code, r.field, r.message) for r in got] == [
        (
            "105",
            "country",
            "Country code not valid – currently supported country codes are: ‘US’ or ‘UK’, "
            "supplied: ‘FR’",
        ),
        ("104", "message_type", "Invalid message type: ‘mms’"),
        ("106", "message_billed", "Message billed not set correctly – should be “yes” or “no”."),
        (
            "114",
            "allow_long_messages",
            "Parameter allow_long_messages not set correctly – should be “yes” or “no”.",
        ),
        ("108", "message", "Message must not be empty."),
        ("109", "numbers", "You must specify at least one recipient."),
    ]
    assert gw.check_send("Hi", ["12135550123"], **ARGS) == ()


def test_dedup_off_keeps_repeats_and_reasons_match_prepare_recipients() -> None:
    raws = ["12135550123", "12", "+1 213 555 0123"]
    plan = gw.plan_send("Hi", raws, dedup=False, batch_size=1, **ARGS)
    assert plan.batches == (("12135550123",), ("12135550123",))
    assert plan.duplicates == ()
    assert plan.rejected == prepare_recipients(raws, style="digits").rejected


def test_dedup_off_same_request_is_113() -> None:
    with pytest.raises(ProviderError) as info:
        gw.build_send("Hi", ["12135550123", "+12135550123"], dedup=False, **ARGS)
    assert info.value.code == "113"


@pytest.mark.parametrize(
    ("kwargs", "field", "text"),
    [
        ({"numbers": "12135550123"}, "numbers", "numbers must be an iterable of str"),
        ({"endpoint": ""}, "endpoint", "endpoint is required"),
        ({"endpoint": "gw.example/send"}, "endpoint", "absolute http(s) URL"),
        ({"endpoint": f"{EP}?x=1"}, "endpoint", "no query or fragment"),
        ({"country": "UK"}, "endpoint", "does not match country 'UK'"),
        ({"batch_size": 0}, "batch_size", "batch_size must be a positive int or None, got 0"),
        ({"message": "a\ud800"}, "message", "lone surrogate"),
        ({"message": b"Hi"}, "message", "message must be a str, got bytes"),
        ({"program_id": ""}, "program_id", "program_id must not be empty"),
        ({"allow_long_messages": 1.0}, "allow_long_messages", "must be a bool, 'yes', 'no'"),
    ],
)
def test_bad_arguments_raise_invalid_request(kwargs: dict[str, Any], field: str, text: str) -> None:
    args: dict[str, Any] = {"message": "Hi", "numbers": ["12135550123"], **ARGS, **kwargs}
    with pytest.raises(InvalidRequest) as info:
        gw.build_send(**args)
    assert info.value.field == field
    assert text in str(info.value)
    assert SECRET not in str(info.value)


def test_credentials_never_shown() -> None:
    plan = gw.plan_send("Hi", ["12135550123"], **ARGS)
    token = plan.requests[0].headers[0][1].split()[1]
    for shown in (repr(plan), repr(plan.requests), str(plan.requests[0].masked())):
        assert SECRET not in shown
        assert token not in shown
    with pytest.raises(InvalidRequest) as info:
        gw.build_send("Hi", ["12135550123"], **{**ARGS, "username": "a:b"})
    assert SECRET not in str(info.value)
    assert SECRET not in repr(pickle.loads(pickle.dumps(info.value)))


def test_check_request_reads_numbers_as_sent() -> None:
    url = (
        f"{EP}?message=Hi&message_billed=no&message_type=sms&numbers=%2B12135550123"
        "&spoof_from=1&program_id=1"
    )
    assert [r.code for r in gw.check_request(Request(method="POST", url=url))] == ["111"]
    with pytest.raises(InvalidRequest) as info:
        gw.parse_send_request(Request(method="POST", url=f"{EP}?message=a&message=b"))
    assert info.value.field == "message"


def test_parse_keeps_raw_body_and_reports_unknown_codes() -> None:
    body = b"<r><recipient><number>12135550123</number><code>999</code></recipient></r>"
    result = gw.parse_send(Response(status=200, body=body), ["12135550123"])
    assert result.body == body
    assert result.recipients == (
        gw.RecipientStatus(number="12135550123", code="999", message="", accepted=False),
    )
    assert result.ok is False


def test_parse_non_2xx_single_status_raises_with_http_status() -> None:
    with pytest.raises(ProviderError) as info:
        gw.parse_send(Response(status=400, body=b"status=108"))
    assert (info.value.code, info.value.message, info.value.status) == (
        "108",
        "Message must not be empty.",
        400,
    )


def test_parse_unknown_body_keeps_raw() -> None:
    with pytest.raises(UnexpectedResponse) as info:
        gw.parse_send(Response(status=503, body=b"busy"))
    assert (info.value.code, info.value.status, info.value.body) == ("503", 503, b"busy")


# --- properties ---

_numbers = st.lists(
    st.integers(min_value=2_000_000, max_value=9_999_999).map(lambda n: f"1213{n}"),
    min_size=1,
    max_size=30,
)
_text = st.text(st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=200).filter(
    lambda s: len(s.encode("utf-16-le")) // 2 <= 160
)


@given(
    message=_text,
    numbers=_numbers,
    spoof=st.text(st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=20),
    program=st.text(st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=20).filter(
        str.strip
    ),
    batch=st.integers(min_value=1, max_value=250),
)
def test_property_request_round_trips(
    message: str, numbers: list[str], spoof: str, program: str, batch: int
) -> None:
    plan = gw.plan_send(
        message,
        numbers,
        endpoint=EP,
        username="u",
        password="p",
        program_id=program,
        spoof_from=spoof,
        batch_size=batch,
    )
    assert [n for b in plan.batches for n in b] == list(dict.fromkeys(numbers))
    for request, numbers_sent in zip(plan.requests, plan.batches, strict=True):
        assert gw.parse_send_request(request) == {
            "message": message,
            "message_billed": "no",
            "message_type": "sms",
            "numbers": ",".join(numbers_sent),
            "spoof_from": spoof,
            "program_id": program,
        }
        assert gw.check_request(request) == ()
        assert request.url.startswith(EP + "?message=")


_raw = st.one_of(
    st.text(max_size=15),
    st.integers(min_value=2_000_000, max_value=2_000_050).map(lambda n: f"+1 213{n}"),
    st.integers(min_value=2_000_000, max_value=2_000_050).map(lambda n: f"1213{n}"),
)


@given(raws=st.lists(_raw, max_size=60), batch=st.integers(min_value=1, max_value=7))
def test_property_every_raw_number_is_accounted_for(raws: list[str], batch: int) -> None:
    rejections = gw.check_send("Hi", raws, batch_size=batch, **ARGS)
    if rejections:
        assert {r.code for r in rejections} <= {"109", "111"}
        return
    plan = gw.plan_send("Hi", raws, batch_size=batch, **ARGS)
    assert len(plan.accepted) + len(plan.duplicates) + len(plan.rejected) == len(raws)
    assert all(1 <= len(b) <= batch for b in plan.batches)
    assert len(plan.requests) == len(plan.batches)


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
    max_leaves=20,
)


def _parse_only_smscore_errors(response: Response) -> None:
    try:
        result = gw.parse_send(response, ["12135550123"])
    except SmsError:
        return
    assert result.body == response.body


@given(st.integers(min_value=100, max_value=599), st.binary(max_size=300))
def test_property_parse_arbitrary_bytes(status: int, body: bytes) -> None:
    _parse_only_smscore_errors(Response(status=status, body=body))


@given(_json)
def test_property_parse_arbitrary_json(data: object) -> None:
    _parse_only_smscore_errors(Response(status=200, body=json.dumps(data).encode()))


@given(
    st.recursive(
        st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12),
        lambda inner: st.builds(
            lambda tag, attr, kids: f'<{tag} {attr}="1">{"".join(kids)}</{tag}>',
            st.sampled_from(["number", "status", "code", "recipient", "r", "message"]),
            st.sampled_from(["number", "code", "x"]),
            st.lists(inner, max_size=3),
        ),
        max_leaves=10,
    )
)
def test_property_parse_arbitrary_xml(xml: str) -> None:
    _parse_only_smscore_errors(Response(status=200, body=xml.encode()))


# --- hostile input at the boundary (tests/test_hostile_inputs.py found these) -----------------


def hostile(value: object) -> Any:
    """A value of the wrong type, passed past the type checker on purpose."""
    return value


@pytest.mark.parametrize("field", ["username", "password"])
def test_credential_with_a_lone_surrogate_is_refused_without_echoing_it(field: str) -> None:
    args = {**ARGS, field: SECRET + "\ud800"}
    for fn in (gw.build_send, gw.plan_send):
        with pytest.raises(InvalidRequest) as info:
            fn("hi", ["12135550123"], **args)
        error = info.value
        assert (error.field, error.value, error.position) == (field, None, len(SECRET))
        assert str(error) == (
            f"{field} has a lone surrogate at position 11, which UTF-8 cannot carry "
            "(the value is not shown: it is a credential)"
        )
        shown = repr(error) + repr(error.args) + repr(error.__cause__) + repr(error.__context__)
        assert SECRET not in shown


def test_credential_of_the_wrong_type_is_refused_before_any_check() -> None:
    with pytest.raises(InvalidRequest) as info:
        gw.build_send("", [], **{**ARGS, "password": 1234})
    assert (info.value.field, str(info.value)) == (
        "password",
        "password must be a str, got int (the value is not shown: it is a credential)",
    )


@pytest.mark.parametrize("fn", [gw.build_send, gw.plan_send, gw.check_send])
def test_message_billed_none_is_an_invalid_request(fn: Any) -> None:
    with pytest.raises(InvalidRequest) as info:
        fn("hi", ["12135550123"], **{**ARGS, "message_billed": None})
    assert (info.value.field, str(info.value)) == (
        "message_billed",
        "message_billed must be a bool, 'yes' or 'no', got None",
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"numbers": None}, "numbers must be an iterable of str (one number each), got NoneType"),
        ({"numbers": 5}, "numbers must be an iterable of str (one number each), got int"),
        (
            {"message_types": None},
            "message_types must be a collection of message types (str), got NoneType",
        ),
        # a str would make "s" in "sms" a substring test: refused
        (
            {"message_types": "sms"},
            "message_types must be a collection of message types (str), got str",
        ),
        (
            {"message_types": ["sms", 1]},
            "message_types must be a collection of message types (str), got an item of type int",
        ),
        (
            {"number_region": 0},
            "number_region must be a str (a region such as 'US') or None, got int",
        ),
        (
            {"number_region": {}},
            "number_region must be a str (a region such as 'US') or None, got dict",
        ),
    ],
)
def test_wrong_argument_types_are_type_errors_naming_the_argument(
    kwargs: dict[str, Any], message: str
) -> None:
    base: dict[str, Any] = {"numbers": ["12135550123"], **ARGS}
    for fn in (gw.build_send, gw.plan_send, gw.check_send):
        with pytest.raises(TypeError) as info:
            fn("hi", **{**base, **kwargs})
        assert str(info.value) == message


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: gw.parse_send(hostile(None)), "response must be a smscore.Response, got NoneType"),
        (lambda: gw.parse_send(hostile(b"0")), "response must be a smscore.Response, got bytes"),
        (
            lambda: gw.parse_send(Response(status=200, body=b"0"), "12135550123"),
            "numbers must be a sequence of str (the batch the request carried), got str",
        ),
        (
            lambda: gw.parse_send(Response(status=200, body=b"0"), hostile([12135550123])),
            "numbers must be a sequence of str (the batch the request carried), "
            "got an item of type int",
        ),
        (
            lambda: gw.check_request(hostile("https://x/?a=1")),
            "request must be a smscore.Request, got str",
        ),
        (
            lambda: gw.parse_send_request(hostile(None)),
            "request must be a smscore.Request, got NoneType",
        ),
    ],
)
def test_wrong_response_or_request_is_a_type_error_naming_it(call: Any, message: str) -> None:
    with pytest.raises(TypeError) as info:
        call()
    assert str(info.value) == message


VECTOR_SEND: dict[str, Any] = {"message": "hi", "numbers": ["12135550123"], **ARGS}


@pytest.mark.parametrize(
    "key", ["message", "numbers", "endpoint", "username", "password", "program_id"]
)
def test_run_vector_missing_required_key_is_invalid_vector(key: str) -> None:
    data = {k: v for k, v in VECTOR_SEND.items() if k != key}
    for operation in ("send", "plan"):
        with pytest.raises(InvalidVector) as info:
            gw.run_vector(operation, data)
        assert (info.value.field, info.value.value) == ("input", [key])
        assert str(info.value) == (
            f"missing input keys ['{key}']; required: ['endpoint', 'message', 'numbers', "
            "'password', 'program_id', 'username']"
        )


@pytest.mark.parametrize(
    ("key", "value", "cause"),
    [
        ("numbers", 5, "numbers must be an iterable of str (one number each), got int"),
        (
            "number_region",
            {},
            "number_region must be a str (a region such as 'US') or None, got dict",
        ),
        ("message_types", 7, "message_types must be a collection of message types (str), got int"),
    ],
)
def test_run_vector_value_of_the_wrong_type_is_invalid_vector(
    key: str, value: object, cause: str
) -> None:
    with pytest.raises(InvalidVector) as info:
        gw.run_vector("send", {**VECTOR_SEND, key: value})
    assert str(info.value) == f"input does not fit operation 'send': {cause}"
    assert info.value.value == sorted({**VECTOR_SEND, key: value})  # the keys, no secret
    assert isinstance(info.value.__cause__, TypeError)


def test_run_vector_message_billed_null_is_the_invalid_request_of_the_function() -> None:
    with pytest.raises(InvalidRequest) as info:
        gw.run_vector("send", {**VECTOR_SEND, "message_billed": None})
    assert str(info.value) == "message_billed must be a bool, 'yes' or 'no', got None"
