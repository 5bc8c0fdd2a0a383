"""Every reproducer of issue 12, with its exact input and the exact typed error it now gives.

Parsers (XML DTDs anywhere, huge digit strings, unreadable URLs), the conformance loader
(non-UTF-8, deep nesting, huge integers, lone surrogates in a body), and secrets (non-ASCII
credentials, passwords in URLs, credentials a server echoes). The quadratic gateway scan is
in ``test_hardening_linear.py``, the simulator's in ``test_hardening_simulator.py``.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from smscore import Request, Response, SmsError, wire
from smscore.conformance import load_vectors
from smscore.errors import InvalidRequest, InvalidVector, UnexpectedResponse, mask_credentials
from smscore.providers import SendPlan, acoustic, messangi, mgage_export, mgage_gateway
from smscore.transports import (
    NO_RETRY,
    MessangiClient,
    MgageExportClient,
    MgageGatewayClient,
    MockTransport,
    fetch,
)
from smscore.transports._retry import send_once

NO_STATUS = "mgage-gateway: unexpected-response: HTTP 200: no gateway status code in the body"
SECRET = "pw-S3CRET-4f1a"

# --- XML: no DTD, wherever it is ---------------------------------------------------------------


def _gateway(body: str) -> object:
    try:
        return mgage_gateway.parse_send(Response(status=200, body=body.encode()))
    except SmsError as exc:
        return exc


def test_doctype_after_a_long_comment_is_refused() -> None:
    # before: the guard read only the first 4,096 characters; the entity expanded to "0"
    # and the recipient read as accepted
    body = (
        "<!--" + "x" * 5000 + "-->"
        '<!DOCTYPE r [<!ENTITY e "0">]>'
        "<r><number>12135550123</number><status>&e;</status></r>"
    )
    error = _gateway(body)
    assert isinstance(error, UnexpectedResponse)
    assert str(error) == NO_STATUS


def test_billion_laughs_is_refused_at_once() -> None:
    lol = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    body = f'<!DOCTYPE r [<!ENTITY l0 "lol">{lol}]><r><status>&l9;</status></r>'
    error = _gateway(body)
    assert isinstance(error, UnexpectedResponse)
    assert str(error) == NO_STATUS


def test_external_entity_is_refused() -> None:
    body = '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r><status>&x;</status></r>'
    assert str(_gateway(body)) == NO_STATUS


def test_undeclared_entity_without_a_dtd_is_not_xml() -> None:
    assert str(_gateway("<r><number>12135550123</number><status>&e;</status></r>")) == NO_STATUS


def test_plain_xml_still_reads() -> None:
    result = _gateway("<r><number>12135550123</number><status>0</status></r>")
    assert isinstance(result, mgage_gateway.SendResult)
    assert [(r.number, r.code) for r in result.recipients] == [("12135550123", "0")]


def test_namespaced_xml_still_reads() -> None:
    body = '<r xmlns="urn:x"><number>12135550123</number><statusCode>7</statusCode></r>'
    result = _gateway(body)
    assert isinstance(result, mgage_gateway.SendResult)
    assert [(r.number, r.code) for r in result.recipients] == [("12135550123", "7")]


# --- untyped exceptions ------------------------------------------------------------------------


def test_messangi_timestamp_of_5000_digits_is_unexpected_response() -> None:
    # before: ValueError from int() (over 4,300 digits)
    body = b'{"meta":{"timestamp":"' + b"1" * 5000 + b'"},"data":{"id":"x","status":"QUEUE"}}'
    with pytest.raises(UnexpectedResponse) as caught:
        messangi.parse_status(Response(status=200, body=body))
    assert caught.value.message == (
        "meta.timestamp is a digit string of 5000 digits: not an epoch milliseconds stamp "
        "(at most 20 digits)"
    )
    assert caught.value.body == body


def test_messangi_timestamp_as_digits_still_reads() -> None:
    body = b'{"meta":{"timestamp":"1700000000000"},"data":{"id":"x","status":"QUEUE"}}'
    assert messangi.parse_status(Response(status=200, body=body)).timestamp == 1700000000000


def test_response_json_of_100000_brackets_is_unexpected_response() -> None:
    # before: RecursionError escaped Response.json
    with pytest.raises(UnexpectedResponse) as caught:
        Response(status=200, body=b"[" * 100_000).json("messangi")
    assert str(caught.value) == (
        "messangi: unexpected-response: response body is not JSON (RecursionError)"
    )


def test_split_url_names_the_field_for_an_unclosed_ipv6_bracket() -> None:
    with pytest.raises(InvalidRequest) as caught:
        wire.split_url("http://[::1", "Location")
    assert str(caught.value) == "Location is not a readable URL: 'http://[::1' (Invalid IPv6 URL)"
    assert caught.value.field == "Location"


def test_split_url_masks_the_password_and_checks_the_port() -> None:
    with pytest.raises(InvalidRequest) as caught:
        wire.split_url(f"http://u:{SECRET}@h.test:99999/", "base_url")
    assert SECRET not in str(caught.value)
    assert str(caught.value) == (
        "base_url is not a readable URL: 'http://u:***@h.test:99999/' (Port out of range 0-65535)"
    )


# Call sites inside provider packages: an unreadable URL is a typed error naming the field
# (wire.split_url; an unreadable Location a server sent is UnexpectedResponse), and a URL's
# password is masked wherever a URL is shown (wire.redact_url). Before: a bare ValueError from
# urllib ("Invalid IPv6 URL"), or the password verbatim in the message or the plan's repr.
_SECRET_URL = f"http://u:{SECRET}@h.test/"
_PAGE = b'{"meta":{"generalErrors":[],"nextPageUrl":"%s"},"data":{"messages":[]}}'
_IPV6 = "http://[::1"
_IPV6_TEXT = "is not a readable URL: 'http://[::1' (Invalid IPv6 URL)"
_ACOUSTIC = acoustic.Credentials(client_id="c", client_secret="s", refresh_token="r")
_EXPORT = mgage_export.Credentials("u", "p")
_MESSANGI = messangi.Credentials("k-123456")


def _export_next(next_url: str, base_url: str = mgage_export.BASE_URL) -> object:
    page = mgage_export.parse_page(Response(status=200, body=_PAGE % next_url.encode()))
    return mgage_export.next_page(page, credentials=_EXPORT, base_url=base_url)


def _refused(call: Callable[[], object]) -> InvalidRequest:
    with pytest.raises(InvalidRequest) as caught:
        call()
    assert SECRET not in str(caught.value) + repr(caught.value) + repr(caught.value.value)
    return caught.value


def test_acoustic_send_answer_with_an_unreadable_location_header() -> None:
    response = Response(status=202, headers=(("Location", _IPV6),))
    with pytest.raises(UnexpectedResponse) as caught:
        acoustic.parse_send(response)
    assert str(caught.value) == f"acoustic: unexpected-response: Location {_IPV6_TEXT}"
    assert (caught.value.status, caught.value.body) == (202, b"")


def test_acoustic_send_answer_with_an_unreadable_location_in_the_body() -> None:
    body = b'{"location":"http://u:' + SECRET.encode() + b'@[::1/x"}'
    with pytest.raises(UnexpectedResponse) as caught:
        acoustic.parse_send(Response(status=202, body=body))
    assert caught.value.message == (
        "location is not a readable URL: 'http://u:***@[::1/x' (Invalid IPv6 URL)"
    )


def test_export_base_url_unreadable() -> None:
    error = _refused(lambda: mgage_export.build_export("1", credentials=_EXPORT, base_url=_IPV6))
    assert (error.field, error.value, str(error)) == ("base_url", _IPV6, f"base_url {_IPV6_TEXT}")


def test_export_next_page_url_unreadable() -> None:
    error = _refused(lambda: _export_next(_IPV6))
    assert (error.field, str(error)) == ("nextPageUrl", f"nextPageUrl {_IPV6_TEXT}")


def test_export_next_page_on_another_host_masks_its_password() -> None:
    error = _refused(lambda: _export_next(_SECRET_URL + "x?page=2"))
    assert (error.field, error.value) == ("nextPageUrl", "http://u:***@h.test/x?page=2")
    assert str(error) == (
        "nextPageUrl 'http://u:***@h.test/x?page=2' is not on https://communicatepro.mgage.com: "
        "credentials are only sent to the export's own host (allow_other_host=True to override)"
    )


def test_export_base_host_in_the_next_page_error_masks_its_password() -> None:
    error = _refused(lambda: _export_next("https://communicatepro.mgage.com/x?page=2", _SECRET_URL))
    assert str(error) == (
        "nextPageUrl 'https://communicatepro.mgage.com/x?page=2' is not on http://u:***@h.test: "
        "credentials are only sent to the export's own host (allow_other_host=True to override)"
    )


def test_export_base_url_with_a_query_masks_its_password() -> None:
    error = _refused(
        lambda: mgage_export.build_export("1", credentials=_EXPORT, base_url=_SECRET_URL + "?q")
    )
    assert error.value == "http://u:***@h.test/?q"


def _messangi(**settings: Any) -> SendPlan:
    return messangi.plan_send(
        "hi", ["+525500000000"], credentials=_MESSANGI, sender="1234", **settings
    )


def test_messangi_base_url_unreadable() -> None:
    error = _refused(lambda: _messangi(base_url=_IPV6))
    assert (error.field, str(error)) == ("base_url", f"base_url {_IPV6_TEXT}")


def test_messangi_callback_url_unreadable() -> None:
    error = _refused(lambda: _messangi(callbacks=["https://cb.test/", _IPV6]))
    assert (error.field, str(error)) == ("callbacks[1]", f"callbacks[1] {_IPV6_TEXT}")


def test_messangi_bad_base_url_masks_its_password() -> None:
    error = _refused(lambda: _messangi(base_url=_SECRET_URL + "?q=1"))
    assert str(error) == (
        "base_url is not valid: 'http://u:***@h.test/?q=1' "
        "(rule: an absolute http(s) URL with a host, no query or fragment)"
    )


def test_messangi_plan_settings_mask_url_passwords() -> None:
    plan = _messangi(base_url=_SECRET_URL, callbacks=_SECRET_URL + "cb")
    assert plan.settings["base_url"] == "http://u:***@h.test"
    assert plan.settings["options"] == {"callbacks": "http://u:***@h.test/cb"}
    assert SECRET not in repr(plan.settings)
    # the request still goes to the URL given, password included
    assert plan.requests[0].url == f"http://u:{SECRET}@h.test/v2/messages"


def test_gateway_endpoint_unreadable() -> None:
    error = _refused(
        lambda: mgage_gateway.plan_send(
            "hi",
            ["+12135550123"],
            credentials=mgage_gateway.Credentials("u", "p"),
            endpoint=_IPV6,
            program_id="1",
            sender="87767",
        )
    )
    assert (error.field, str(error)) == ("endpoint", f"endpoint {_IPV6_TEXT}")


def test_gateway_request_url_unreadable() -> None:
    error = _refused(
        lambda: mgage_gateway.check_request(Request(method="POST", url=_IPV6 + "/?x=1"))
    )
    assert (error.field, str(error)) == (
        "url",
        "url is not a readable URL: 'http://[::1/?x=1' (Invalid IPv6 URL)",
    )


def test_acoustic_base_url_with_a_pod_masks_its_password() -> None:
    error = _refused(
        lambda: acoustic.build_token(credentials=_ACOUSTIC, pod=1, base_url=_SECRET_URL)
    )
    assert (error.field, error.value, str(error)) == (
        "base_url",
        "http://u:***@h.test/",
        "base_url: give either pod (1) or base_url ('http://u:***@h.test/'), not both",
    )


def test_acoustic_base_url_unreadable() -> None:
    error = _refused(lambda: acoustic.build_token(credentials=_ACOUSTIC, base_url=_IPV6))
    assert (error.field, str(error)) == ("base_url", f"base_url {_IPV6_TEXT}")


# --- the conformance loader --------------------------------------------------------------------


def _load(tmp_path: Path, name: str, data: bytes) -> InvalidVector:
    file = tmp_path / name
    file.write_bytes(data)
    with pytest.raises(InvalidVector) as caught:
        load_vectors([file])
    assert caught.value.field == "file" or str(caught.value.field).startswith(".")
    return caught.value


def test_loader_non_utf8_file(tmp_path: Path) -> None:
    error = _load(tmp_path, "v.json", b'{"id":"\xff"}')
    assert str(error) == f"{tmp_path / 'v.json'}: not UTF-8: byte 0xff at offset 7"
    assert (error.field, error.position) == ("file", 7)


def test_loader_deeply_nested_list(tmp_path: Path) -> None:
    error = _load(tmp_path, "v.json", b"[" * 100_000)
    assert str(error) == f"{tmp_path / 'v.json'}: JSON nested deeper than the parser goes"


def test_loader_huge_integer_literal(tmp_path: Path) -> None:
    error = _load(tmp_path, "v.jsonl", b'{"id":' + b"9" * 5000 + b"}\n")
    assert str(error) == (
        f"{tmp_path / 'v.jsonl'}:1: JSON the parser refuses: Exceeds the limit (4300 digits) "
        "for integer string conversion: value has 5000 digits; use sys.set_int_max_str_digits() "
        "to increase the limit"
    )


def test_loader_lone_surrogate_in_a_body(tmp_path: Path) -> None:
    vector = (
        b'{"id":"m/x","provider":"messangi","operation":"parse_send",'
        b'"input":{"response":{"status":200,"body":"\\ud800"}},"expect":{"result":{}}}'
    )
    error = _load(tmp_path, "v.json", vector)
    assert str(error) == (
        "vector 'm/x': .input.response.body has a lone surrogate, which UTF-8 cannot carry "
        f"({tmp_path / 'v.json'})"
    )
    assert error.field == ".input.response.body"


def test_loader_lone_surrogate_in_a_text_input_is_kept(tmp_path: Path) -> None:
    # the text engine's vectors carry lone surrogates on purpose (spec/text/README.md)
    file = tmp_path / "v.json"
    file.write_bytes(
        b'{"id":"t/x","provider":"text","operation":"segment",'
        b'"input":{"text":"\\ud800"},"expect":{"error":{}}}'
    )
    assert [v.input["text"] for v in load_vectors([file])] == ["\ud800"]


def test_loader_unreadable_path(tmp_path: Path) -> None:
    with pytest.raises(InvalidVector) as caught:
        load_vectors([tmp_path / "missing.json"])
    assert caught.value.field == "path"


# --- secrets -----------------------------------------------------------------------------------


def test_non_ascii_bearer_token_is_refused_without_showing_it() -> None:
    # before: httpx raised UnicodeEncodeError whose .object was the whole "Bearer <secret>"
    with pytest.raises(InvalidRequest) as caught:
        wire.bearer_auth("tok-S3CRÉT")
    error = caught.value
    assert str(error) == (
        "token has a non-ASCII character at position 8: a header value carries it verbatim, "
        "and HTTP clients send header values as ASCII (RFC 9110 §5.5)"
    )
    assert (error.field, error.position) == ("token", 8)
    shown = (
        repr(error) + str(error.args) + repr(error.value) + repr(pickle.loads(pickle.dumps(error)))
    )
    assert "S3CR" not in shown
    assert error.__context__ is None
    assert error.__cause__ is None


def test_non_ascii_basic_password_is_fine() -> None:
    # Basic is base64 of UTF-8 (RFC 7617 §2.1): ASCII on the wire whatever the password
    assert wire.basic_auth("u", "pässwörd") == ("Authorization", "Basic dTpww6Rzc3fDtnJk")


def test_request_repr_and_masked_hide_a_url_password() -> None:
    request = Request(method="GET", url=f"http://user:{SECRET}@h.test/p?q=1")
    assert repr(request) == (
        "Request(method='GET', url='http://user:***@h.test/p?q=1', headers=(), body=b'')"
    )
    assert request.masked()["url"] == "http://user:***@h.test/p?q=1"
    assert request.to_data()["url"] == f"http://user:{SECRET}@h.test/p?q=1"  # vectors: exact


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("http://u:p@h/", "http://u:***@h/"),
        ("http://u@h/", "http://u@h/"),
        ("http://u:p@h", "http://u:***@h"),
        ("http://a@b:c@h/x@y", "http://a@b:***@h/x@y"),
        ("https://h/path?x=u:p@h", "https://h/path?x=u:p@h"),
        ("http://[::1", "http://[::1"),
        ("not a url", "not a url"),
        ("", ""),
    ],
)
def test_redact_url(url: str, shown: str) -> None:
    assert wire.redact_url(url) == shown


def test_clients_repr_hide_a_url_password() -> None:
    transport = MockTransport(lambda r: Response(status=200))
    base = f"http://u:{SECRET}@sim.test/raven"
    shown = [
        repr(MessangiClient(transport, api_key="k-123456", base_url=base)),
        repr(MgageExportClient(transport, username="u", password="p", base_url=base)),
        repr(
            MgageGatewayClient(
                transport,
                endpoint=base,
                username="u",
                password="p",
                program_id="1",
                spoof_from="87767",
            )
        ),
    ]
    assert all(SECRET not in s and "u:***@sim.test" in s for s in shown), shown


def test_scrub_and_request_secrets() -> None:
    request = Request(
        method="POST",
        url=f"http://u:{SECRET}@h.test/",
        headers=(
            wire.basic_auth("user", "basic-pw-77"),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ),
        body=b"client_secret=cs%2F99&refresh_token=rt-1234&x=1",
    )
    secrets = wire.request_secrets(request)
    for expected in (SECRET, "basic-pw-77", "user:basic-pw-77", "cs/99", "cs%2F99", "rt-1234"):
        assert expected in secrets
    text = f"echo {SECRET} basic-pw-77 cs/99 rt-1234 user"
    assert wire.scrub(text, secrets) == "echo *** *** *** *** user"
    assert wire.scrub("abc", ["abc"]) == "abc"  # shorter than MIN_SCRUBBED: not searched


def test_scrub_response_masks_body_and_headers() -> None:
    request = Request(method="GET", url="http://h/", headers=(wire.bearer_auth("k-SECRET-1"),))
    answer = Response(
        status=401,
        headers=(("WWW-Authenticate", 'Bearer error="k-SECRET-1"'),),
        body=b"Bearer k-SECRET-1 was rejected",
    )
    scrubbed = wire.scrub_response(answer, request)
    assert scrubbed.body == b"*** was rejected"
    assert scrubbed.headers == (("WWW-Authenticate", 'Bearer error="***"'),)
    clean = Response(status=200, body=b"ok")
    assert wire.scrub_response(clean, request) is clean


def test_a_successful_grant_keeps_a_reissued_refresh_token() -> None:
    # RFC 6749 §6: the server may issue the same refresh token again; the caller needs it
    request = Request(
        method="POST",
        url="https://x.test/oauth/token",
        headers=(("Content-Type", "application/x-www-form-urlencoded"),),
        body=b"grant_type=refresh_token&client_id=c&client_secret=cs-1234&refresh_token=rt-5678",
    )
    granted = Response(status=200, body=b'{"access_token":"a","refresh_token":"rt-5678"}')
    assert wire.scrub_response(granted, request) is granted
    refused = Response(status=400, body=b'{"error_description":"rt-5678 and cs-1234 revoked"}')
    assert (
        wire.scrub_response(refused, request).body == b'{"error_description":"*** and *** revoked"}'
    )


def test_a_refresh_token_that_is_also_another_credential_stays_masked() -> None:
    request = Request(
        method="POST",
        url="https://x.test/oauth/token",
        headers=(("Content-Type", "application/x-www-form-urlencoded"),),
        body=b"grant_type=refresh_token&client_secret=same-1234&refresh_token=same-1234",
    )
    granted = Response(status=200, body=b'{"access_token":"a","refresh_token":"same-1234"}')
    assert wire.scrub_response(granted, request).body == (
        b'{"access_token":"a","refresh_token":"***"}'
    )


def test_messangi_401_echoing_the_key_is_scrubbed_in_the_error() -> None:
    key = "key-S3CRET-9b2c"
    body = ('{"meta":{"explain":"Bearer ' + key + ' was rejected"},"data":null}').encode()
    client = MessangiClient(
        MockTransport(lambda r: Response(status=401, body=body)),
        api_key=key,
        base_url="http://sim.test/raven",
    )
    with pytest.raises(SmsError) as caught:
        client.send(sender="12345", text="hi", to="+525500000000")
    error = caught.value
    shown = str(error) + repr(error) + repr(getattr(error, "body", b""))
    assert key not in shown
    assert "*** was rejected" in str(error)


def test_export_general_errors_echoing_the_password_are_scrubbed() -> None:
    body = (
        '{"meta":{"generalErrors":["bad password ' + SECRET + '"],"nextPageUrl":null},"data":null}'
    ).encode()
    request = Request(
        method="GET",
        url="https://x.test/api/messages/program/121811",
        headers=(wire.basic_auth("u", SECRET),),
    )
    answer = fetch(MockTransport(lambda r: Response(status=401, body=body)), request, NO_RETRY)
    assert (
        answer.body
        == b'{"meta":{"generalErrors":["bad password ***"],"nextPageUrl":null},"data":null}'
    )
    with pytest.raises(SmsError) as caught:
        mgage_export.parse_page(answer)
    assert SECRET not in str(caught.value) + repr(getattr(caught.value, "body", b""))


def test_acoustic_token_error_quoting_the_refresh_token_is_scrubbed() -> None:
    refresh = "rt-S3CRET-1234"
    body = (
        '{"error":"invalid_grant","error_description":"refresh_token ' + refresh + ' is revoked"}'
    ).encode()
    request = Request(
        method="POST",
        url="https://x.test/oauth/token",
        headers=(("Content-Type", "application/x-www-form-urlencoded"),),
        body=f"grant_type=refresh_token&client_id=c&client_secret=cs-1234&refresh_token={refresh}".encode(),
    )
    answer = send_once(MockTransport(lambda r: Response(status=400, body=body)), request)
    with pytest.raises(SmsError) as caught:
        acoustic.parse_token(answer, now=datetime(2024, 1, 1, tzinfo=UTC))
    assert refresh not in str(caught.value) + repr(getattr(caught.value, "body", b""))
    assert "refresh_token *** is revoked" in answer.text()


def test_unexpected_response_masked_body() -> None:
    error = UnexpectedResponse(
        "p",
        "m",
        body=b'{"error_description":"Bearer tok-1 expired","refresh_token":"rt-9","n":1}',
    )
    assert error.masked_body == (
        '{"error_description":"Bearer *** expired","refresh_token":"***","n":1}'
    )
    assert error.body.startswith(b'{"error_description":"Bearer tok-1')  # raw, by design


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Authorization: Basic dXNlcjpwYXNz", "Authorization: Basic ***"),
        ("password=hunter22&user=u", "password=***&user=u"),
        ("{'api_key': 'k1'}", "{'api_key': '***'}"),
        ('"client_secret" : "a\\"b"', '"client_secret" : "***"'),
        ("no secrets here", "no secrets here"),
    ],
)
def test_mask_credentials(text: str, masked: str) -> None:
    assert mask_credentials(text) == masked


def test_token_answer_still_reads() -> None:
    # the control: a plain answer still reads
    body = b'{"access_token":"a","expires_in":3600}'
    token = acoustic.parse_token(
        Response(status=200, body=body), now=datetime(2024, 1, 1, tzinfo=UTC)
    )
    assert token.expires_in == 3600
