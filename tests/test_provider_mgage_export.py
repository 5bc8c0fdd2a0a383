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
CRED: dict[str, Any] = {"username": "acme", "password": SECRET}


def test_rules_json_equals_module_constants() -> None:
    assert json.loads(RULES.read_text(encoding="utf-8")) == {
        "name": ex.NAME,
        "seed": "001_90ec48ac4c7377b1.txt",
        "base_url": ex.BASE_URL,
        "query_parameters": list(ex.QUERY_PARAMETERS),
        "message_types": list(ex.MESSAGE_TYPES),
        "min_page_size": ex.MIN_PAGE_SIZE,
        "max_page_size": ex.MAX_PAGE_SIZE,
        "default_page_size": ex.DEFAULT_PAGE_SIZE,
        "date_format": "YYYY-MM-DDTHH:MM:SS",
        "max_window_years": ex.MAX_WINDOW_YEARS,
        "http_status_texts": dict(ex.HTTP_STATUS_TEXTS),
    }


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


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"page_size": 501}, "pageSize", "pageSize must be an int from 1 to 500, got 501"),
        ({"page_size": True}, "pageSize", "pageSize must be an int from 1 to 500, got True"),
        ({"message_type": "mo"}, "messageType", "messageType must be 'MO', 'MT' or None"),
        (
            {"start_date": "2014-13-01T00:00:00"},
            "startDate",
            "startDate must be a real date in the form YYYY-MM-DDTHH:MM:SS, got "
            "'2014-13-01T00:00:00'",
        ),
        ({"end_date": 20141201}, "endDate", "endDate must be a datetime or a str, got int"),
        (
            {"start_date": "2014-01-02T00:00:00", "end_date": "2014-01-01T00:00:00"},
            "endDate",
            "endDate 2014-01-01T00:00:00 is before startDate 2014-01-02T00:00:00",
        ),
        (
            {"start_date": "2014-01-01T00:00:00", "end_date": "2015-01-01T00:00:01"},
            "endDate",
            "endDate 2015-01-01T00:00:01 is more than one year after startDate "
            "2014-01-01T00:00:00 (seed 001: up to one-year duration)",
        ),
        (
            {"start_date": "2014-01-01T00:00:00", "now": datetime(2015, 1, 1, 0, 0, 1, tzinfo=UTC)},
            "startDate",
            "startDate 2014-01-01T00:00:00 is more than one year before now",
        ),
    ],
)
def test_bad_filters(kwargs: dict[str, Any], field: str, message: str) -> None:
    with pytest.raises(InvalidRequest) as info:
        ex.build_export("121811", **CRED, **kwargs)
    assert info.value.field == field
    assert str(info.value).startswith(message)
    assert SECRET not in str(info.value)
    checked = ex.check_export("121811", **kwargs)
    assert [(r.code, r.status, r.field) for r in checked][:1] == [("400", 400, field)]


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
    cred = {**CRED, field: SECRET + "\ud800"}
    url = ex.BASE_URL + "1?page=2"
    calls: list[Callable[[], object]] = [
        lambda: ex.build_export("1", **cred),
        lambda: ex.build_next_page(url, **cred),
    ]
    for call in calls:
        with pytest.raises(InvalidRequest) as info:
            call()
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
    for call in (
        lambda: ex.build_export("1", start_date="2014-12-01T00:00:00", now=now, **CRED),
        lambda: ex.check_export("1", start_date="2014-12-01T00:00:00", now=now),
    ):
        with pytest.raises(TypeError) as info:
            call()
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
    data = {"program_id": "1", **CRED}
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
            "export", {"program_id": "1", "start_date": "2014-12-01T00:00:00", "now": now, **CRED}
        )
    assert (info.value.field, info.value.value) == ("now", now)
    assert str(info.value) == (f"input.now must be ISO-8601 text or null, got {type(now).__name__}")
