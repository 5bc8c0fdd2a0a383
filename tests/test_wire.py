"""wire: requests and responses as data, auth helpers, encoders, masking."""

from __future__ import annotations

import enum
import pickle
from dataclasses import dataclass

import pytest

from smscore import errors, wire


def test_basic_auth_header_is_rfc7617() -> None:
    assert wire.basic_auth("Aladdin", "open sesame") == (
        "Authorization",
        "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
    )


def test_basic_auth_rejects_colon_in_username_without_echoing_password() -> None:
    with pytest.raises(errors.InvalidRequest) as info:
        wire.basic_auth("a:b", "s3cret-pw")
    assert info.value.field == "username"
    assert "s3cret-pw" not in str(info.value)
    assert "s3cret-pw" not in repr(info.value)


@pytest.mark.parametrize("token", ["", "   ", "a\r\nX-Evil: 1"])
def test_bearer_auth_rejects_empty_or_multiline(token: str) -> None:
    with pytest.raises(errors.InvalidRequest) as info:
        wire.bearer_auth(token)
    assert info.value.field == "token"
    assert info.value.rule == "RFC 6750 bearer token"


def test_request_repr_masks_credentials() -> None:
    request = wire.Request(
        method="POST",
        url="https://example.test/send?x=1",
        headers=(wire.bearer_auth("tok-SECRET-123"), ("Content-Type", "application/json")),
        body=b"{}",
    )
    text = repr(request)
    assert "tok-SECRET-123" not in text
    assert "('Authorization', 'Bearer ***')" in text
    assert request.masked()["headers"] == {
        "Authorization": "Bearer ***",
        "Content-Type": "application/json",
    }
    assert request.to_data() == {
        "method": "POST",
        "url": "https://example.test/send?x=1",
        "headers": {"Authorization": "Bearer tok-SECRET-123", "Content-Type": "application/json"},
        "body": "{}",
    }
    assert request.header("content-type") == "application/json"
    assert request.header("x-missing") is None


def test_mask_secret_without_scheme() -> None:
    assert wire.mask_secret("rawkey") == "***"
    assert wire.mask_secret("Basic dXNlcjpwYXNz") == "Basic ***"


def test_percent_encode_reserved_and_unicode() -> None:
    assert wire.percent_encode("a b&c=d+e#f%g\nh~i") == "a%20b%26c%3Dd%2Be%23f%25g%0Ah~i"
    assert wire.percent_encode("€ç") == "%E2%82%AC%C3%A7"
    assert wire.query_string([("message", "Hi there"), ("numbers", "1,2")], safe="") == (
        "message=Hi%20there&numbers=1%2C2"
    )
    assert wire.query_string({"a": "1"}) == "a=1"


def test_json_body_is_compact_utf8_in_given_order() -> None:
    assert wire.json_body({"z": 1, "a": "é€", "f": 10.65}) == (
        '{"z":1,"a":"é€","f":10.65}'.encode()
    )
    with pytest.raises(ValueError):
        wire.json_body({"x": float("nan")})


def test_response_json_raises_unexpected_response_with_body() -> None:
    response = wire.Response(status=502, headers=(("Content-Type", "text/html"),), body=b"<html>")
    with pytest.raises(errors.UnexpectedResponse) as info:
        response.json("messangi")
    assert info.value.provider == "messangi"
    assert info.value.status == 502
    assert info.value.body == b"<html>"
    assert response.header("CONTENT-TYPE") == "text/html"
    assert response.text() == "<html>"
    assert wire.Response(status=200, body=b'{"a": [1]}').json("x") == {"a": [1]}


def test_rejection_to_error_and_data() -> None:
    rejection = wire.Rejection(
        basis=wire.Basis.documented('seed 000, "Status Codes", 113'),
        provider="mgage-gateway",
        code="113",
        message="Number found twice in request",
        field="numbers",
    )
    error = rejection.to_error()
    assert isinstance(error, errors.ProviderError)
    assert (error.provider, error.code, error.message, error.status) == (
        "mgage-gateway",
        "113",
        "Number found twice in request",
        None,
    )
    assert rejection.to_data() == {"code": "113", "message": "Number found twice in request"}


class _Color(enum.StrEnum):
    RED = "red"


@dataclass(frozen=True, slots=True)
class _Thing:
    name: str
    color: _Color
    items: tuple[int, ...]


def test_to_data_converts_nested_values() -> None:
    request = wire.Request(method="GET", url="https://x.test/")
    assert wire.to_data(
        {"thing": _Thing(name="a", color=_Color.RED, items=(1, 2)), "req": request, "n": None}
    ) == {
        "thing": {"name": "a", "color": "red", "items": [1, 2]},
        "req": {"method": "GET", "url": "https://x.test/", "headers": {}, "body": ""},
        "n": None,
    }
    with pytest.raises(TypeError):
        wire.to_data(object())


def test_errors_pickle_round_trip_and_are_value_errors() -> None:
    error = errors.InvalidNumber(
        "not a number: 'abc' (region US)", field="number", value="abc", rule="digits"
    )
    clone = pickle.loads(pickle.dumps(error))
    assert isinstance(clone, errors.InvalidNumber)
    assert isinstance(clone, ValueError)
    assert (clone.message, clone.field, clone.value, clone.rule) == (
        "not a number: 'abc' (region US)",
        "number",
        "abc",
        "digits",
    )
    unexpected = pickle.loads(pickle.dumps(errors.UnexpectedResponse("acoustic", "bad", 500, b"x")))
    assert (unexpected.provider, unexpected.message, unexpected.status, unexpected.body) == (
        "acoustic",
        "bad",
        500,
        b"x",
    )
    provider = pickle.loads(
        pickle.dumps(errors.ProviderError("acoustic", "400", "Bad request", 400))
    )
    assert str(provider) == "acoustic: 400: Bad request"


def test_form_body_secrets_are_masked_in_repr_and_masked() -> None:
    request = wire.Request(
        method="POST",
        url="https://api-campaign-us-1.goacoustic.com/oauth/token",
        headers=(("Content-Type", "application/x-www-form-urlencoded"),),
        body=b"grant_type=refresh_token&client_id=cid&client_secret=S3CR3T&refresh_token=R3FR3SH",
    )
    masked = "grant_type=refresh_token&client_id=cid&client_secret=***&refresh_token=***"
    assert request.masked()["body"] == masked
    assert "S3CR3T" not in repr(request)
    assert "R3FR3SH" not in repr(request)
    assert f"body={masked.encode()!r}" in repr(request)
    assert request.to_data()["body"].endswith("client_secret=S3CR3T&refresh_token=R3FR3SH")
    json_request = wire.Request(
        method="POST",
        url="https://x.test/",
        headers=(("Content-Type", "application/json"),),
        body=b'{"password":"visible-in-json-bodies-is-not-form"}',
    )
    assert json_request.masked()["body"] == '{"password":"visible-in-json-bodies-is-not-form"}'


def test_bad_values_become_typed_errors_without_secrets() -> None:
    with pytest.raises(errors.InvalidRequest) as info:
        wire.basic_auth("user", "pw-SECRET\ud800")
    assert (str(info.value), info.value.field, info.value.position) == (
        "password has a lone surrogate at position 9: it cannot be encoded as UTF-8",
        "password",
        9,
    )
    assert "pw-SECRET" not in repr(info.value.args) + repr(info.value.value)
    with pytest.raises(errors.InvalidRequest) as info:
        wire.bearer_auth("tok\x00en")
    assert str(info.value) == "token has a control character at position 3 (RFC 9110 §5.5)"
    with pytest.raises(errors.InvalidRequest) as info:
        wire.percent_encode("ab\ud800")
    assert (info.value.field, info.value.position) == ("value", 2)
    with pytest.raises(TypeError, match="percent_encode: value must be a str, got int"):
        wire.percent_encode(5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"params items must be \(str, str\) pairs, got \('a',\)"):
        wire.query_string([("a",)])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="params must be a mapping or"):
        wire.query_string("a=b")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"x": float("inf")}, "body is not JSON-encodable: Out of range float values"),
        ({"x": object()}, "body is not JSON-encodable: Object of type object"),
        ({"x": "\ud800"}, "body has a lone surrogate at position 6 of its JSON text"),
    ],
)
def test_json_body_refuses_what_json_cannot_carry(data: object, message: str) -> None:
    with pytest.raises(errors.InvalidRequest) as info:
        wire.json_body(data)
    assert str(info.value).startswith(message)
    assert info.value.field == "body"


def test_a_url_password_inside_a_body_is_masked_in_repr_and_masked() -> None:
    body = b'{"callbacks":["https://u:s3cret-pw@cb.test/dr","http://plain.test/a@b"]}'
    request = wire.Request(
        method="POST",
        url="https://x.test/y",
        headers=(("Content-Type", "application/json"),),
        body=body,
    )
    assert "s3cret-pw" not in repr(request)
    assert request.masked()["body"] == (
        '{"callbacks":["https://u:***@cb.test/dr","http://plain.test/a@b"]}'
    )
    assert request.body == body  # the wire keeps it: only what is shown is masked
