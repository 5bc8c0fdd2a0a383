"""mGage export (seed 001): the GET with filters, pages, next page, error bodies."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smscore import InvalidRequest, InvalidVector, ProviderError, SmsError, UnexpectedResponse
from smscore.providers import mgage_export as ex
from smscore.wire import Request, Response, percent_encode

RULES = Path(__file__).resolve().parent.parent / "spec" / "mgage-export" / "rules.json"
SECRET = "pa55-s3cret"
CREDENTIALS = ex.Credentials("acme", SECRET)
CRED: dict[str, Any] = {"credentials": CREDENTIALS}
VECTOR_CRED: dict[str, Any] = {"username": "acme", "password": SECRET}


_EMPTY = ex.ExportPage(
    campaign_name=None,
    program_name=None,
    program_type=None,
    messages=(),
    next_page_url=None,
    general_errors=(),
)


def test_rules_json_equals_module_data() -> None:
    data = json.loads(RULES.read_text(encoding="utf-8"))
    assert data == ex.rules_data()
    assert (data["name"], data["seed"], data["max_page_size"], data["min_page_size"]) == (
        "mgage-export",
        "001_90ec48ac4c7377b1.txt",
        500,
        1,
    )
    assert data["http_status_texts"] == dict(ex.HTTP_STATUS_TEXTS)


def test_every_rule_has_a_basis_and_the_floor_of_one_is_assumed() -> None:
    kinds = {name: rule.basis.kind for name, rule in ex.RULES.items()}
    assert kinds == {
        "program-id": "documented",
        "message-type": "documented",
        "date-format": "documented",
        "date-order": "assumed",
        "window": "documented",
        "start-back": "documented",
        "page-size-max": "documented",
        "page-size-min": "assumed",
    }
    assert ex.RULES["page-size-max"].basis.source == (
        'seed 001, "Filters", pageSize: "Max page size is 500 SMS messages"'
    )
    assert "no minimum" in (ex.RULES["page-size-min"].basis.reason or "")
    assert ex.OUT_OF_LIMITS.kind == "assumed"


def test_provider_shape() -> None:
    assert (ex.NAME, ex.TITLE, ex.SEED, ex.SENDS) == (
        "mgage-export",
        "mGage CommunicatePro message export",
        "001",
        False,
    )
    assert repr(CREDENTIALS) == "Credentials(username='***', password='***')"
    assert CREDENTIALS.secrets() == ("acme", SECRET)
    assert CREDENTIALS.header() == ("Authorization", "Basic YWNtZTpwYTU1LXMzY3JldA==")
    assert not hasattr(ex, "check_export")


@pytest.mark.parametrize(
    "call",
    [
        lambda: ex.build_export("1", credentials=CREDENTIALS, page_sise=5),  # type: ignore[call-arg]
        lambda: ex.build_export("1", username="u", password="p"),  # type: ignore[call-arg]
        lambda: ex.build_next_page(ex.BASE_URL + "1?page=2", credentials=CREDENTIALS, base="x"),  # type: ignore[call-arg]
        lambda: ex.next_page(_EMPTY, credentials=CREDENTIALS, retries=2),  # type: ignore[call-arg]
    ],
)
def test_unknown_keywords_are_a_type_error(call: Callable[[], object]) -> None:
    with pytest.raises(TypeError, match="unexpected keyword argument"):
        call()


@pytest.mark.parametrize("credentials", [None, ("u", "p"), {"username": "u"}])
def test_credentials_of_the_wrong_type_are_a_type_error(credentials: object) -> None:
    with pytest.raises(TypeError) as info:
        ex.build_export("1", credentials=credentials)  # type: ignore[arg-type]
    assert str(info.value) == (
        "credentials must be a smscore.providers.mgage_export.Credentials, "
        f"got {type(credentials).__name__}"
    )


def test_credentials_are_checked_when_made_and_never_shown() -> None:
    with pytest.raises(InvalidRequest) as info:
        ex.Credentials("ac:me", SECRET)
    assert info.value.field == "username"
    assert SECRET not in str(info.value) + repr(info.value.args)
    with pytest.raises(InvalidRequest) as info:
        ex.Credentials("acme", SECRET + "\x00")
    assert info.value.field == "password"
    assert SECRET not in str(info.value) + repr(info.value.args)


def test_datetimes_are_formatted_in_gmt_whole_seconds() -> None:
    zone = timezone(timedelta(hours=2))
    request = ex.build_export(
        "121811",
        start_date=datetime(2014, 12, 5, 12, 0, 0, 999_999, tzinfo=zone),
        end_date=datetime(2014, 12, 6, 1, 2, 3),
        **CRED,
    )
    assert request == Request(
        method="GET",
        url="https://communicatepro.mgage.com/api/messages/program/121811"
        "?startDate=2014-12-05T10%3A00%3A00&endDate=2014-12-06T01%3A02%3A03",
        headers=(("Authorization", "Basic YWNtZTpwYTU1LXMzY3JldA=="),),
        body=b"",
    )
    assert ex.format_date(datetime(5, 1, 2, 3, 4, 5)) == "0005-01-02T03:04:05"


_NOW = datetime(2015, 1, 1, 0, 0, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("kwargs", "rule", "field", "value", "message"),
    [
        (
            {"page_size": 501},
            "page-size-max",
            "pageSize",
            501,
            "pageSize must be an int from 1 to 500, got 501 (seed 001: max page size is 500; "
            "the minimum of 1 is smscore's)",
        ),
        (
            {"page_size": 0},
            "page-size-min",
            "pageSize",
            0,
            "pageSize must be an int from 1 to 500, got 0 (seed 001: max page size is 500; the "
            "minimum of 1 is smscore's)",
        ),
        (
            {"page_size": True},
            "page-size-min",
            "pageSize",
            True,
            "pageSize must be an int from 1 to 500, got True (seed 001: max page size is 500; "
            "the minimum of 1 is smscore's)",
        ),
        (
            {"message_type": "mo"},
            "message-type",
            "messageType",
            "mo",
            "messageType must be 'MO', 'MT' or None (both), got 'mo' (the seed documents upper "
            "case: 'MO')",
        ),
        (
            {"message_type": "both"},
            "message-type",
            "messageType",
            "both",
            "messageType must be 'MO', 'MT' or None (both), got 'both'",
        ),
        (
            {"start_date": "2014-13-01T00:00:00"},
            "date-format",
            "startDate",
            "2014-13-01T00:00:00",
            "startDate must be a real date in the form YYYY-MM-DDTHH:MM:SS, got "
            "'2014-13-01T00:00:00'",
        ),
        (
            {"end_date": 20141201},
            "date-format",
            "endDate",
            20141201,
            "endDate must be a datetime or a str, got int",
        ),
        (
            {"start_date": "2014-01-02T00:00:00", "end_date": "2014-01-01T00:00:00"},
            "date-order",
            "endDate",
            "2014-01-01T00:00:00",
            "endDate 2014-01-01T00:00:00 is before startDate 2014-01-02T00:00:00",
        ),
        (
            {"start_date": "2014-01-01T00:00:00", "end_date": "2015-01-01T00:00:01"},
            "window",
            "endDate",
            "2015-01-01T00:00:01",
            "endDate 2015-01-01T00:00:01 is more than one year after startDate "
            "2014-01-01T00:00:00 (seed 001: up to one-year duration)",
        ),
        (
            {"start_date": "2014-01-01T00:00:00", "now": _NOW},
            "start-back",
            "startDate",
            "2014-01-01T00:00:00",
            "startDate 2014-01-01T00:00:00 is more than one year before now "
            "(2015-01-01T00:00:01) (seed 001: messages up to one year ago)",
        ),
        (
            {"program_id": " "},
            "program-id",
            "programId",
            " ",
            "programId must be a non-empty str or int, got ' '",
        ),
    ],
)
def test_filters_outside_the_limits_are_the_callers_error(
    kwargs: dict[str, Any], rule: str, field: str, value: object, message: str
) -> None:
    # issue 10.3: refused as InvalidRequest (the seed states limits, not the server's answer)
    args = {"program_id": "121811", **kwargs}
    with pytest.raises(InvalidRequest) as info:
        ex.build_export(**CRED, **args)
    error = info.value
    assert (error.field, error.value, str(error)) == (field, value, message)
    assert error.rule == ex.RULES[rule].describe()
    assert SECRET not in str(error) + repr(error.args)


def test_the_limits_themselves_pass() -> None:
    request = ex.build_export(
        "7",
        message_type="MO",
        start_date="2016-02-29T00:00:00",
        end_date="2017-02-28T00:00:00",  # one calendar year from Feb 29
        page_size=500,
        now=datetime(2017, 2, 28),
        **CRED,
    )
    assert request.url == (
        "https://communicatepro.mgage.com/api/messages/program/7?messageType=MO"
        "&startDate=2016-02-29T00%3A00%3A00&endDate=2017-02-28T00%3A00%3A00&pageSize=500"
    )
    assert ex.build_export("7", page_size=1, **CRED).url.endswith("?pageSize=1")


def test_next_page_credentials_stay_on_the_export_host() -> None:
    with pytest.raises(InvalidRequest) as info:
        ex.build_next_page("https://evil.example/api?page=2", **CRED)
    assert info.value.field == "nextPageUrl"
    assert SECRET not in str(info.value)
    other = ex.build_next_page("https://mirror.example/p?page=2", allow_other_host=True, **CRED)
    assert other.url == "https://mirror.example/p?page=2"
    assert SECRET not in repr(other)
    assert "YWNtZTpwYTU1LXMzY3JldA" not in repr(other)


def test_page_then_next_page() -> None:
    body = {
        "meta": {"generalErrors": [], "nextPageUrl": f"{ex.BASE_URL}9?page=3&pageSize=2"},
        "data": {"messages": [{"type": "XX", "number": "1", "date": "2014-12-05T10:00:00Z"}]},
    }
    page = ex.parse_page(Response(status=200, body=json.dumps(body).encode()))
    assert page.messages == (
        ex.ExportMessage(
            type="XX",
            delivery_status="",
            number="1",
            body="",
            date=datetime(2014, 12, 5, 10, tzinfo=UTC),
            network=None,
        ),
    )
    nxt = ex.next_page(page, **CRED)
    assert nxt is not None
    assert nxt.url == f"{ex.BASE_URL}9?page=3&pageSize=2"


def test_error_bodies() -> None:
    with pytest.raises(ProviderError) as info:
        ex.parse_page(
            Response(status=400, body=b'{"meta":{"generalErrors":[{"error":"bad pageSize"}]}}')
        )
    assert (info.value.code, info.value.message, info.value.status) == ("400", "bad pageSize", 400)
    with pytest.raises(UnexpectedResponse) as raw:
        ex.parse_page(Response(status=404, body=b"Not Found"))
    assert (raw.value.code, raw.value.body) == ("404", b"Not Found")


# --- properties ---

_naive = st.datetimes(min_value=datetime(1000, 1, 1), max_value=datetime(9998, 1, 1))


@given(
    start=_naive,
    span=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=365)),
    page_size=st.integers(min_value=1, max_value=500),
    kind=st.sampled_from([None, "MO", "MT"]),
    program=st.text(st.characters(blacklist_categories=["Cs"]), min_size=1).filter(str.strip),
)
def test_property_request_round_trips(
    start: datetime, span: timedelta, page_size: int, kind: str | None, program: str
) -> None:
    end = start + span
    request = ex.build_export(
        program, message_type=kind, start_date=start, end_date=end, page_size=page_size, **CRED
    )
    parts = urlsplit(request.url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == ex.BASE_URL + percent_encode(program)
    decoded = dict(parse_qsl(parts.query, strict_parsing=True))
    expected = {
        "startDate": start.replace(microsecond=0).isoformat(),
        "endDate": end.replace(microsecond=0).isoformat(),
        "pageSize": str(page_size),
    }
    if kind:
        expected["messageType"] = kind
    assert decoded == expected
    assert list(decoded) == [k for k in ex.QUERY_PARAMETERS if k in expected]


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
    max_leaves=20,
)
_keys = st.sampled_from(
    ["meta", "data", "messages", "generalErrors", "nextPageUrl", "number", "date", "type", "body"]
)
_shaped = st.recursive(
    st.none() | st.integers() | st.text() | st.just("2014-12-05T10:00:00.00"),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_keys, inner, max_size=4),
    max_leaves=25,
)


def _only_smscore_errors(response: Response) -> None:
    with contextlib.suppress(SmsError):
        ex.parse_page(response)


@given(st.integers(min_value=100, max_value=599), st.binary(max_size=300))
def test_property_parse_arbitrary_bytes(status: int, body: bytes) -> None:
    _only_smscore_errors(Response(status=status, body=body))


@given(st.sampled_from([200, 400, 404, 500]), st.one_of(_json, _shaped))
def test_property_parse_arbitrary_json(status: int, data: object) -> None:
    _only_smscore_errors(Response(status=status, body=json.dumps(data).encode()))


# --- hostile input at the boundary (tests/test_hostile_inputs.py found these) -----------------


@pytest.mark.parametrize("field", ["username", "password"])
def test_credential_with_a_lone_surrogate_is_refused_without_echoing_it(field: str) -> None:
    cred = {"username": "acme", "password": SECRET, field: SECRET + "\ud800"}
    with pytest.raises(InvalidRequest) as info:
        ex.Credentials(**cred)
    error = info.value
    assert (error.field, error.value, error.position) == (field, None, len(SECRET))
    assert str(error) == (
        f"{field} has a lone surrogate at position 11, which UTF-8 cannot carry "
        "(the value is not shown: it is a credential)"
    )
    shown = repr(error) + repr(error.args) + repr(error.__cause__) + repr(error.__context__)
    assert SECRET not in shown


def test_program_id_with_a_lone_surrogate_is_an_invalid_request() -> None:
    with pytest.raises(InvalidRequest) as info:
        ex.build_export("12\ud800", **CRED)
    assert (info.value.field, info.value.position) == ("programId", 2)
    assert str(info.value) == (
        "program_id '12\\ud800' has a lone surrogate at position 2, which UTF-8 cannot carry"
    )


@pytest.mark.parametrize("now", [0, 1.5, [], "2024-01-01T00:00:00"])
def test_now_of_the_wrong_type_is_a_type_error_naming_it(now: Any) -> None:
    with pytest.raises(TypeError) as info:
        ex.build_export("1", start_date="2014-12-01T00:00:00", now=now, **CRED)
    assert str(info.value) == f"now must be a datetime or None, got {type(now).__name__}"


@pytest.mark.parametrize("value", [None, 200, b"{}", {"status": 200}])
def test_parse_page_of_a_non_response_is_a_type_error(value: object) -> None:
    with pytest.raises(TypeError) as info:
        ex.parse_page(value)  # type: ignore[arg-type]
    assert str(info.value) == f"response must be a smscore.Response, got {type(value).__name__}"


@pytest.mark.parametrize("status", [200, 500])
def test_deeply_nested_body_is_an_unexpected_response(status: int) -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    with pytest.raises(UnexpectedResponse) as info:
        ex.parse_page(Response(status=status, body=deep))
    assert (info.value.code, info.value.status, info.value.body) == (
        "unexpected-response" if status == 200 else "500",
        status,
        deep,
    )
    assert info.value.message == (
        "response body is not JSON (RecursionError)"
        if status == 200
        else "General server exception (body not in the documented shape)"
    )


@pytest.mark.parametrize("key", ["program_id", "username", "password"])
def test_run_vector_missing_required_key_is_invalid_vector(key: str) -> None:
    data = {"program_id": "1", **VECTOR_CRED}
    del data[key]
    with pytest.raises(InvalidVector) as info:
        ex.run_vector("export", data)
    assert (info.value.field, info.value.value) == ("input", [key])
    assert str(info.value) == (
        f"missing input keys ['{key}']; required: ['password', 'program_id', 'username']"
    )


@pytest.mark.parametrize("now", [{"a": 1}, 5, ["2024-01-01"]])
def test_run_vector_now_that_is_not_text_is_invalid_vector(now: object) -> None:
    with pytest.raises(InvalidVector) as info:
        ex.run_vector(
            "export",
            {"program_id": "1", "start_date": "2014-12-01T00:00:00", "now": now, **VECTOR_CRED},
        )
    assert (info.value.field, info.value.value) == ("now", now)
    assert str(info.value) == (f"input.now must be ISO-8601 text or null, got {type(now).__name__}")


def test_run_vector_refusal_is_an_invalid_request_outcome_not_a_400() -> None:
    outcome = ex.run_vector("export", {"program_id": "1", "page_size": 501, **VECTOR_CRED})
    assert outcome == {
        "error": {
            "code": "InvalidRequest",
            "message": "pageSize must be an int from 1 to 500, got 501 (seed 001: max page size "
            "is 500; the minimum of 1 is smscore's)",
        }
    }


def test_run_vector_bad_credentials_never_echo_them() -> None:
    outcome = ex.run_vector("export", {"program_id": "1", "username": "a:b", "password": SECRET})
    assert outcome["error"]["code"] == "InvalidRequest"
    assert SECRET not in str(outcome)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("body", 5, "HTTP 200: data.messages[1].body is not text"),
        ("network", [], "HTTP 200: data.messages[1].network is not text"),
        ("type", {"a": 1}, "HTTP 200: data.messages[1].type is not text"),
        ("number", True, "HTTP 200: data.messages[1].number is missing or not a number"),
        (
            "date",
            "2014-02-30T10:00:00",
            "HTTP 200: data.messages[1].date is not an ISO-8601 GMT date: '2014-02-30T10:00:00'",
        ),
        (
            "date",
            "2014-12-05T10:00:00+01:00",
            "HTTP 200: data.messages[1].date is not an "
            "ISO-8601 GMT date: '2014-12-05T10:00:00+01:00'",
        ),
    ],
)
def test_a_message_field_in_no_documented_shape_is_named(
    field: str, value: object, message: str
) -> None:
    good = {"type": "MO", "number": "1", "date": "2014-12-05T10:00:00.00"}
    body = {"data": {"messages": [good, {**good, field: value}]}}
    with pytest.raises(UnexpectedResponse) as info:
        ex.parse_page(Response(status=200, body=json.dumps(body).encode()))
    assert info.value.message == message


def test_dates_keep_their_fraction_and_zone_reading() -> None:
    dates = ["2014-12-05T10:00:00.123456789", "2014-12-05T10:00:00Z", "2014-12-05T10:00:00-0000"]
    body = {"data": {"messages": [{"number": 1, "date": d} for d in dates]}}
    page = ex.parse_page(Response(status=200, body=json.dumps(body).encode()))
    assert [m.date for m in page.messages] == [
        datetime(2014, 12, 5, 10, 0, 0, 123456, tzinfo=UTC),
        datetime(2014, 12, 5, 10, tzinfo=UTC),
        datetime(2014, 12, 5, 10, tzinfo=UTC),
    ]
    assert [m.number for m in page.messages] == ["1", "1", "1"]
    assert page.messages[0] == ex.ExportMessage(
        type=None,
        delivery_status="",
        number="1",
        body="",
        date=datetime(2014, 12, 5, 10, 0, 0, 123456, tzinfo=UTC),
        network=None,
    )
