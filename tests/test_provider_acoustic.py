"""Acoustic SMS External Consent (seed 003): exact requests, predicted 400s, parsed answers."""

from __future__ import annotations

import contextlib
import json
import pickle
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st

import smscore
from smscore import conformance
from smscore.errors import (
    InvalidRequest,
    InvalidVector,
    ProviderError,
    SmsError,
    UnexpectedResponse,
)
from smscore.providers import acoustic
from smscore.providers.acoustic import _parse as _acoustic_parse
from smscore.wire import Response

SPEC = Path(__file__).resolve().parent.parent / "spec" / "acoustic"
SEND_URL = "https://api-campaign-us-1.goacoustic.com/rest/channels/sms/externalconsentsends"
# Vector files only: rules.json sits beside them (see the report: conformance loads it too).
VECTOR_FILES = sorted(p for p in SPEC.glob("*.json*") if p.name != "rules.json")
SEED_CONTENT = "Hello. Here is the PIN you requested %%PIN%%."


# --- rules as data ------------------------------------------------------------------------


def test_rules_json_equals_module_constants() -> None:
    rules = json.loads((SPEC / "rules.json").read_text(encoding="utf-8"))
    assert rules == {
        "name": acoustic.NAME,
        "seed": "003_842d9fecd5eaf51f.txt",
        "min_contacts": acoustic.MIN_CONTACTS,
        "max_contacts": acoustic.MAX_CONTACTS,
        "max_content_chars": acoustic.MAX_CONTENT_CHARS,
        "max_concurrent_requests": acoustic.MAX_CONCURRENT_REQUESTS,
        "token_lifetime_seconds": acoustic.TOKEN_LIFETIME_SECONDS,
        "token_refresh_after_seconds": acoustic.TOKEN_REFRESH_AFTER_SECONDS,
        "pod_hosts": dict(acoustic.POD_HOSTS),
        "paths": dict(acoustic.PATHS),
        "errors": {k: dict(v) for k, v in acoustic.ERRORS.items()},
        "status_not_found_text": acoustic.STATUS_NOT_FOUND_TEXT,
    }


def test_parse_module_mirrors_the_constants() -> None:
    assert _acoustic_parse._NAME == acoustic.NAME
    assert _acoustic_parse._NOT_FOUND == acoustic.STATUS_NOT_FOUND_TEXT
    assert _acoustic_parse._LIFETIME == acoustic.TOKEN_LIFETIME_SECONDS
    assert (
        timedelta(seconds=acoustic.TOKEN_LIFETIME_SECONDS - acoustic.TOKEN_REFRESH_AFTER_SECONDS)
        == _acoustic_parse._REFRESH_MARGIN
    )
    assert {
        401: acoustic.ERRORS["token-expired"]["text"].format(token="***"),
        403: acoustic.ERRORS["forbidden"]["text"],
    } == _acoustic_parse._STATUS_TEXTS


def test_vectors_cover_every_documented_text() -> None:
    vectors = conformance.load_vectors(VECTOR_FILES)
    assert len(vectors) >= 90
    shown = json.dumps([v.expect for v in vectors], ensure_ascii=False)
    for entry in acoustic.ERRORS.values():
        head = entry["text"].split("{")[0]
        assert head in shown, entry["text"]
    assert acoustic.STATUS_NOT_FOUND_TEXT in shown
    report = conformance.run_vectors(vectors)
    assert report.failed == 0, [r.detail for r in report.failures]


# --- token --------------------------------------------------------------------------------


def test_token_request_exact_and_secrets_masked() -> None:
    r = acoustic.build_token(
        pod="7", client_id="cid", client_secret="TOPSECRET", refresh_token="REFRESHME"
    )
    assert r.method == "POST"
    assert r.url == "https://api-campaign-ap-2.goacoustic.com/oauth/token"
    assert r.headers == (
        ("Content-Type", "application/x-www-form-urlencoded"),
        ("Accept", "application/json"),
    )
    assert r.body == (
        b"grant_type=refresh_token&client_id=cid&client_secret=TOPSECRET&refresh_token=REFRESHME"
    )
    for shown in (repr(r), str(r), json.dumps(r.masked())):
        assert "TOPSECRET" not in shown
        assert "REFRESHME" not in shown
    assert r.masked()["body"] == (
        "grant_type=refresh_token&client_id=cid&client_secret=***&refresh_token=***"
    )


def test_token_error_never_echoes_the_secret() -> None:
    with pytest.raises(InvalidRequest) as info:
        acoustic.build_token(pod=1, client_id="cid", client_secret="   ", refresh_token="R3F")
    assert info.value.field == "client_secret"
    assert str(info.value) == "client_secret: must be a non-empty string"
    assert "R3F" not in repr(info.value.__dict__)


def test_parse_token_expiry_from_now() -> None:
    now = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    body = b'{"access_token":"AT-123","token_type":"bearer","expires_in":14399}'
    token = acoustic.parse_token(Response(status=200, body=body), now=now)
    assert token.access_token == "AT-123"
    assert token.expires_at == datetime(2024, 5, 1, 15, 59, 59, tzinfo=UTC)
    assert "AT-123" not in repr(token)
    assert not token.refresh_due(datetime(2024, 5, 1, 14, 59, 58, tzinfo=UTC))
    assert token.refresh_due(datetime(2024, 5, 1, 14, 59, 59, tzinfo=UTC))
    assert token.expired(datetime(2024, 5, 1, 15, 59, 59, tzinfo=UTC))
    assert not token.expired(datetime(2024, 5, 1, 15, 59, 58, tzinfo=UTC))


def test_parse_token_default_lifetime_when_absent() -> None:
    now = datetime(2024, 1, 1, tzinfo=UTC)
    resp = Response(status=200, body=b'{"access_token":"a"}')
    assert acoustic.parse_token(resp, now=now).expires_at == datetime(2024, 1, 1, 4, tzinfo=UTC)
    short = acoustic.parse_token(resp, now=now, default_expires_in=60)
    assert short.expires_in == 60


def test_parse_token_rejects_a_non_datetime_now() -> None:
    with pytest.raises(TypeError):
        acoustic.parse_token(Response(status=200, body=b"{}"), now=0)  # type: ignore[arg-type]


# --- send: exact requests -----------------------------------------------------------------


def test_seed_sample_payload_byte_for_byte() -> None:
    r = acoustic.build_send(
        pod=1,
        token="tok-123",
        content=SEED_CONTENT,
        contacts=[acoustic.Contact(phone_number="19492319304", personalization={"PIN": "1234"})],
        channel_qualifier="129856",
        source="",
    )
    assert r.method == "POST"
    assert r.url == SEND_URL
    assert r.headers == (
        ("Content-Type", "application/json"),
        ("Accept", "application/json"),
        ("Authorization", "Bearer tok-123"),
    )
    assert r.body == (
        b'{"content":"Hello. Here is the PIN you requested %%PIN%%.",'
        b'"contacts":[{"phoneNumber":"19492319304","personalization":{"PIN":"1234"}}],'
        b'"channelQualifier":"129856","source":""}'
    )
    assert "tok-123" not in repr(r)


def test_template_content_uses_the_templates_conversion() -> None:
    tpl = smscore.Template("Hey %%FIRST NAME%%! Happy birthday!!")
    r = acoustic.build_send(
        base_url="http://127.0.0.1:9/",
        token="t",
        content=tpl,
        contacts=["19495001234"],
        channel_qualifier="12345",
        personalization_defaults={"FIRST NAME": "Valued Customer"},
    )
    assert r.url == "http://127.0.0.1:9/rest/channels/sms/externalconsentsends"
    assert json.loads(r.body)["content"] == "Hey %%FIRST NAME%%! Happy birthday!!"


def test_build_sends_splits_at_1000() -> None:
    contacts = [(str(19490000000 + i), {"PIN": str(i)}) for i in range(2001)]
    rs = acoustic.build_sends(
        pod=1, token="t", channel_qualifier="1", content="%%PIN%%", contacts=contacts
    )
    bodies = [json.loads(r.body) for r in rs]
    assert [len(b["contacts"]) for b in bodies] == [1000, 1000, 1]
    assert bodies[1]["contacts"][0] == {
        "phoneNumber": "19490001000",
        "personalization": {"PIN": "1000"},
    }
    assert bodies[2]["contacts"] == [
        {"phoneNumber": "19490002000", "personalization": {"PIN": "2000"}}
    ]


# --- send: bad input ----------------------------------------------------------------------


def _send(**kw: Any) -> Any:
    args: dict[str, Any] = {
        "pod": 1,
        "token": "t",
        "channel_qualifier": "1",
        "contacts": ["19492319304"],
        "content": "Hi",
    }
    args.update(kw)
    return acoustic.build_send(**args)


@pytest.mark.parametrize(
    ("kw", "field", "message"),
    [
        (
            {"pod": 10},
            "pod",
            "pod: 10 is not an Acoustic pod; known pods: 1, 2, 3, 4, 5, 6, 7, 8, 9, A, B",
        ),
        ({"pod": None}, "pod", "pod: give an Acoustic pod (1-9, A, B) or a base_url"),
        (
            {"pod": None, "base_url": "ftp://x"},
            "base_url",
            "base_url: 'ftp://x' is not an http(s) URL",
        ),
        (
            {"contacts": ["19492319304", 42]},
            "contacts[1]",
            "contacts[1]: 42 is not a contact; give a Contact, a phone number or a (phone_number, "
            "personalization) pair",
        ),
        (
            {"contacts": [("1949", {"PIN": 1234})]},
            "contacts[0].personalization",
            "contacts[0].personalization: entry 'PIN': 1234 is not a string key and string value",
        ),
        (
            {"contacts": ["1-949"]},
            "contacts[0].phoneNumber",
            "contacts[0].phoneNumber: '1-949' is not digits with the country code",
        ),
        ({"contacts": "19492319304"}, "contacts", "contacts: str is not a sequence of contacts"),
        (
            {"channel_qualifier": 129856},
            "channelQualifier",
            "channelQualifier: 129856 is not a string",
        ),
        (
            {"personalization_defaults": ["x"]},
            "personalizationDefaults",
            "personalizationDefaults: ['x'] is not a map of strings",
        ),
        ({"ttl_in_minutes": True}, "ttlInMinutes", "ttlInMinutes: True is not a positive int"),
        (
            {"character_swap_enabled": "yes"},
            "characterSwapEnabled",
            "characterSwapEnabled: 'yes' is not a bool",
        ),
        (
            {"content": "a" * 801},
            "content",
            "content: 801 UTF-16 units would be refused by Acoustic: 400 The message exceeded the "
            "maximum 800 character limit.",
        ),
        (
            {"contacts": [("19492319304", {"X": "y"}), ""]},
            "contacts[1].phoneNumber",
            "contacts[1].phoneNumber: '' would be refused by Acoustic: 400 Contact information is "
            "empty. Please provide contact identifier or lookup keys.",
        ),
        (
            {"channel_qualifier": " "},
            "channelQualifier",
            "channelQualifier: ' ' would be refused by Acoustic: 400 Channel qualifier should be "
            "present",
        ),
        (
            {"content": ""},
            "content",
            "content: '' would be refused by Acoustic: 400 SMS content should be present",
        ),
        (
            {"contacts": []},
            "contacts",
            "contacts: 0 contacts would be refused by Acoustic: 400 Contacts must contain at "
            "least 1 contact and cannot exceed more than 1000 contacts.",
        ),
        (
            {"content": "%%PIN%%"},
            "contacts[0].personalization",
            "contacts[0].personalization: None would be refused by Acoustic: 400 Wrong "
            "personalization tags PIN",
        ),
        (
            {"content": "Hi \udc00"},
            "content",
            "content: 'Hi \\udc00' holds a lone surrogate, which UTF-8 cannot carry",
        ),
        ({"content": 5}, "content", "content: 5 is not a string or a smscore.Template"),
    ],
)
def test_bad_send_arguments(kw: dict[str, Any], field: str, message: str) -> None:
    with pytest.raises(InvalidRequest) as info:
        _send(**kw)
    assert info.value.field == field
    assert str(info.value) == message
    assert info.value.rule


def test_bad_token_is_refused_without_echo() -> None:
    with pytest.raises(InvalidRequest) as info:
        _send(token="line\nbreak-SECRET")
    assert "SECRET" not in str(info.value)


def test_check_false_builds_what_acoustic_would_refuse() -> None:
    r = _send(contacts=["+1949", ""], channel_qualifier="", check=False)
    assert json.loads(r.body)["contacts"] == [{"phoneNumber": "+1949"}, {"phoneNumber": ""}]
    assert [x.message for x in acoustic.check_send_body(r.body)] == [
        "Channel qualifier should be present",
        "Contact information is empty. Please provide contact identifier or lookup keys.",
    ]


def test_check_send_exact_rejections() -> None:
    found = acoustic.check_send(
        channel_qualifier="777",
        contacts=["1", ("2", {"A": "x"})],
        content="%%A%% %%B%%",
        personalization_defaults={"B": "b"},
        known_programs=frozenset({"129856"}),
        pod=1,
        token="ignored",
    )
    assert [(r.code, r.status, r.field, r.message) for r in found] == [
        (
            "400",
            400,
            "channelQualifier",
            "SMS Program is inactive or not found with identifier 777.",
        ),
        ("400", 400, "contacts[0].personalization", "Wrong personalization tags A"),
    ]
    assert found[0].to_error().status == 400


# --- plan_send: the pre-send path ---------------------------------------------------------


def test_plan_send_normalizes_dedups_and_keeps_personalization() -> None:
    plan = acoustic.plan_send(
        pod=1,
        token="t",
        channel_qualifier="129856",
        content="PIN %%PIN%%",
        personalization_defaults=None,
        recipients=[
            ("+1 213 555 0123", {"PIN": "1"}),
            ("12135550123", {"PIN": "dup"}),
            ("not a number", {"PIN": "x"}),
            ("+1 213 555 0124", None),
            ("1 (213) 555-0124", {"PIN": "4"}),
            ("+44 20 7946 0958", {"PIN": "5"}),
        ],
    )
    assert plan.accepted == ("12135550123", "12135550124", "442079460958")
    assert plan.duplicates == (("12135550123", "12135550123"),)
    assert plan.rejected == (
        ("not a number", "not a number"),
        (
            "+1 213 555 0124",
            "personalization: tag 'PIN' has no value and no default "
            "(400 Wrong personalization tags PIN)",
        ),
    )
    (request,) = plan.requests
    assert json.loads(request.body)["contacts"] == [
        {"phoneNumber": "12135550123", "personalization": {"PIN": "1"}},
        {"phoneNumber": "12135550124", "personalization": {"PIN": "4"}},
        {"phoneNumber": "442079460958", "personalization": {"PIN": "5"}},
    ]


def test_plan_send_every_raw_lands_once_and_batches_of_1000() -> None:
    raws = [(f"+1 213 555 {i % 2600:04d}", {"N": str(i)}) for i in range(2700)]
    plan = acoustic.plan_send(
        pod=1, token="t", channel_qualifier="1", content="n=%%N%%", recipients=raws
    )
    assert len(plan.accepted) + len(plan.duplicates) + len(plan.rejected) == 2700
    assert [json.loads(r.body)["contacts"].__len__() for r in plan.requests] == [1000, 1000, 600]
    first_of_second = json.loads(plan.requests[1].body)["contacts"][0]
    assert first_of_second == {"phoneNumber": "12135551000", "personalization": {"N": "1000"}}
    assert plan.duplicates[0] == ("+1 213 555 0000", "12135550000")


def test_plan_send_nothing_accepted_gives_no_request() -> None:
    plan = acoustic.plan_send(
        pod=1, token="t", channel_qualifier="1", content="Hi", recipients=["12", "abc"]
    )
    assert plan.requests == ()
    assert plan.rejected == (("12", "not a number"), ("abc", "not a number"))


def test_plan_send_bad_recipient_shape() -> None:
    with pytest.raises(InvalidRequest) as info:
        acoustic.plan_send(
            pod=1,
            token="t",
            channel_qualifier="1",
            content="Hi",
            recipients=[1],  # type: ignore[list-item]
        )
    assert info.value.field == "recipients[0]"


# --- answers ------------------------------------------------------------------------------


def test_401_masks_the_token_everywhere() -> None:
    body = (
        b'{"meta":{"generalErrors":'
        b'["The access token has expired. Token provided was: eyJ.SECRET"]}}'
    )
    with pytest.raises(ProviderError) as info:
        acoustic.parse_send(Response(status=401, body=body))
    err = info.value
    assert (err.provider, err.code, err.status) == ("acoustic", "401", 401)
    assert err.message == "The access token has expired. Token provided was: ***"
    assert "SECRET" not in repr(err) + str(err) + repr(pickle.loads(pickle.dumps(err)))
    with pytest.raises(UnexpectedResponse) as raw:
        acoustic.parse_status(Response(status=401, body=b"<p>Token provided was: eyJ.SECRET</p>"))
    assert b"SECRET" not in raw.value.body
    assert raw.value.body == b"<p>Token provided was: ***"


def test_unexpected_response_keeps_raw_body() -> None:
    with pytest.raises(UnexpectedResponse) as info:
        acoustic.parse_send(Response(status=202, body=b'{"location":7}'))
    assert info.value.body == b'{"location":7}'
    assert info.value.status == 202
    assert info.value.message == "send answer has no transaction id"


def test_status_request_round_trips_the_id() -> None:
    r = acoustic.build_status(pod="A", token="t", transaction_id="a/b c%")
    assert (
        r.url
        == "https://api-campaign-ap-1.goacoustic.com/rest/channels/sms/sends/a%2Fb%20c%25/status"
    )
    assert r.headers == (("Accept", "application/json"), ("Authorization", "Bearer t"))
    assert r.body == b""


def test_run_vector_rejects_unknown_operation_and_keys() -> None:
    with pytest.raises(InvalidVector):
        acoustic.run_vector("nope", {})
    with pytest.raises(InvalidVector):
        acoustic.run_vector("status", {"pod": "1", "token": "t", "transaction_id": "x", "z": 1})
    with pytest.raises(InvalidVector):
        acoustic.run_vector("parse_send", {"response": {"status": "202"}})


# --- properties ---------------------------------------------------------------------------

_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
_keys = st.sampled_from(
    [
        "meta",
        "data",
        "id",
        "location",
        "generalErrors",
        "fieldErrors",
        "errors",
        "contactStatus",
        "totalContacts",
        "contactsProcessed",
        "phoneNumber",
        "smsSent",
        "message",
        "access_token",
        "expires_in",
        "error",
        "error_description",
        "token_type",
        "refresh_token",
    ]
)
_shaped = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=10)
    | st.just(acoustic.STATUS_NOT_FOUND_TEXT),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_keys, inner, max_size=5),
    max_leaves=25,
)
_statuses = st.sampled_from([200, 202, 204, 400, 401, 403, 404, 500, 502])
_NOW = datetime(2024, 1, 1, tzinfo=UTC)


def _all_parsers(response: Response) -> None:
    for parse in (
        acoustic.parse_send,
        acoustic.parse_status,
        lambda r: acoustic.parse_token(r, now=_NOW),
    ):
        with contextlib.suppress(SmsError):
            parse(response)


@given(status=_statuses, body=st.binary(max_size=200), location=st.none() | st.text(max_size=40))
def test_property_parse_arbitrary_bytes_raises_only_smscore_errors(
    status: int, body: bytes, location: str | None
) -> None:
    headers = () if location is None else (("Location", location),)
    _all_parsers(Response(status=status, headers=headers, body=body))


@given(status=_statuses, data=_json_values | _shaped)
def test_property_parse_arbitrary_json_raises_only_smscore_errors(status: int, data: Any) -> None:
    _all_parsers(Response(status=status, body=json.dumps(data).encode()))


@given(body=st.binary(max_size=200) | _shaped.map(lambda d: json.dumps(d).encode()))
def test_property_check_send_body_never_raises(body: bytes) -> None:
    found = acoustic.check_send_body(body, known_programs=["1"])
    assert all(r.provider == "acoustic" and r.status == 400 for r in found)


_tag = st.text(
    st.characters(blacklist_characters="%\r\n", blacklist_categories=["Cs"]),
    min_size=1,
    max_size=8,
)
_text = st.text(st.characters(blacklist_categories=["Cs"]), max_size=30)


@given(
    phones=st.lists(st.from_regex(r"[1-9][0-9]{6,14}", fullmatch=True), min_size=1, max_size=5),
    values=st.lists(st.dictionaries(_tag, _text, max_size=3), min_size=5, max_size=5),
    defaults=st.dictionaries(_tag, _text, max_size=3),
    qualifier=_text.filter(str.strip),
    source=st.none() | _text,
    ttl=st.none() | st.integers(1, 10_000),
)
def test_property_send_body_round_trips(
    phones: list[str],
    values: list[dict[str, str]],
    defaults: dict[str, str],
    qualifier: str,
    source: str | None,
    ttl: int | None,
) -> None:
    contacts = list(zip(phones, values, strict=False))
    content = "Hi " + " ".join(f"%%{t}%%" for t in defaults)
    r = acoustic.build_send(
        pod=1,
        token="t",
        channel_qualifier=qualifier,
        contacts=contacts,
        content=content,
        personalization_defaults=defaults,
        source=source,
        ttl_in_minutes=ttl,
    )
    data = json.loads(r.body)
    assert data["content"] == content
    assert data["contacts"] == [{"phoneNumber": p, "personalization": v} for p, v in contacts]
    assert data["channelQualifier"] == qualifier
    assert data["personalizationDefaults"] == defaults
    assert data.get("source") == source
    assert data.get("ttlInMinutes") == ttl
    assert acoustic.check_send_body(r.body) == ()


@given(cid=_text.filter(str.strip), secret=_text.filter(str.strip), refresh=_text.filter(str.strip))
def test_property_token_form_round_trips(cid: str, secret: str, refresh: str) -> None:
    r = acoustic.build_token(pod=1, client_id=cid, client_secret=secret, refresh_token=refresh)
    assert parse_qsl(r.body.decode("ascii"), keep_blank_values=True) == [
        ("grant_type", "refresh_token"),
        ("client_id", cid),
        ("client_secret", secret),
        ("refresh_token", refresh),
    ]


@given(ident=_text.filter(str.strip))
def test_property_status_id_round_trips(ident: str) -> None:
    url = acoustic.build_status(pod=1, token="t", transaction_id=ident).url
    segment = url.removeprefix(
        "https://api-campaign-us-1.goacoustic.com/rest/channels/sms/sends/"
    ).removesuffix("/status")
    assert "/" not in segment
    assert unquote(segment) == ident
    accepted = acoustic.parse_send(Response(status=202, headers=(("Location", url),)))
    assert accepted.id == ident


# --- hostile input at the boundary (tests/test_hostile_inputs.py found these) -----------------

CSECRET = "cs-S3CRET-e5e5"


def hostile(value: object) -> Any:
    """A value of the wrong type, passed past the type checker on purpose."""
    return value


@pytest.mark.parametrize("field", ["client_id", "client_secret", "refresh_token"])
def test_token_credential_with_a_lone_surrogate_is_refused_without_echoing_it(field: str) -> None:
    args = {"client_id": "c", "client_secret": "s", "refresh_token": "r", field: CSECRET + "\ud800"}
    with pytest.raises(InvalidRequest) as info:
        acoustic.build_token(pod=1, **args)
    error = info.value
    assert (error.field, error.value, error.position) == (field, None, len(CSECRET))
    assert str(error) == (
        f"{field} has a lone surrogate at position 14, which UTF-8 cannot carry "
        "(the value is not shown: it is a credential)"
    )
    shown = repr(error) + repr(error.args) + repr(error.__cause__) + repr(error.__context__)
    assert CSECRET not in shown


@pytest.mark.parametrize("name", ["parse_send", "parse_status"])
@pytest.mark.parametrize("value", [None, 202, b"{}", {"status": 202}])
def test_parsers_refuse_a_non_response_naming_the_argument(name: str, value: object) -> None:
    with pytest.raises(TypeError) as info:
        getattr(acoustic, name)(value)
    assert str(info.value) == f"response must be a smscore.Response, got {type(value).__name__}"


def test_parse_token_refuses_a_non_response_naming_the_argument() -> None:
    with pytest.raises(TypeError) as info:
        acoustic.parse_token("{}", now=datetime(2024, 1, 1, tzinfo=UTC))  # type: ignore[arg-type]
    assert str(info.value) == "response must be a smscore.Response, got str"


@pytest.mark.parametrize(
    ("known", "message"),
    [
        (0, "known_programs must be a collection of SMS program ids (str), got int"),
        # a str would make "1" in "129856" a substring test: refused
        ("129856", "known_programs must be a collection of SMS program ids (str), got str"),
        (
            [129856],
            "known_programs must be a collection of SMS program ids (str), got an item of type int",
        ),
    ],
)
def test_known_programs_of_the_wrong_type_is_a_type_error(known: object, message: str) -> None:
    args: dict[str, Any] = {
        "channel_qualifier": "1",
        "contacts": ["19492319304"],
        "content": "Hi",
        "known_programs": known,
    }
    for call in (
        lambda: acoustic.check_send(**args),
        lambda: acoustic.build_send(token="t", pod=1, **args),
        lambda: acoustic.check_send_body(
            b'{"content":"Hi","contacts":[{"phoneNumber":"1"}],"channelQualifier":"1"}',
            known_programs=known,  # type: ignore[arg-type]
        ),
    ):
        with pytest.raises(TypeError) as info:
            call()
        assert str(info.value) == message


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: acoustic.content_tags(hostile(None)), "content must be a str, got NoneType"),
        (lambda: acoustic.content_tags(hostile(b"%%A%%")), "content must be a str, got bytes"),
        (
            lambda: acoustic.check_send_body(hostile(None)),
            "body must be bytes (the raw JSON body), got NoneType",
        ),
        (
            lambda: acoustic.check_send_body(hostile(7)),
            "body must be bytes (the raw JSON body), got int",
        ),
        (
            lambda: acoustic.build_sends(
                token="t", pod=1, channel_qualifier="1", contacts=hostile(None)
            ),
            "contacts must be an iterable of contacts, got NoneType",
        ),
        (
            lambda: acoustic.build_sends(
                token="t", pod=1, channel_qualifier="1", contacts=hostile(5)
            ),
            "contacts must be an iterable of contacts, got int",
        ),
        (
            lambda: acoustic.plan_send(
                token="t", pod=1, channel_qualifier="1", recipients=hostile(None)
            ),
            "recipients must be an iterable of recipients, got NoneType",
        ),
        (
            lambda: acoustic.plan_send(
                token="t", pod=1, channel_qualifier="1", recipients="19492319304"
            ),
            "recipients must be an iterable of recipients, got str",
        ),
    ],
)
def test_wrong_argument_types_are_type_errors_naming_the_argument(call: Any, message: str) -> None:
    with pytest.raises(TypeError) as info:
        call()
    assert str(info.value) == message


def test_check_send_body_still_reads_text_bodies() -> None:
    assert acoustic.check_send_body('{"contacts":[]}') == acoustic.check_send_body(
        b'{"contacts":[]}'
    )
    assert [r.message for r in acoustic.check_send_body(bytearray(b"[1]"))] == ["Bad request"]


def test_run_vector_type_error_keeps_no_credential() -> None:
    with pytest.raises(InvalidVector) as info:
        acoustic.run_vector(
            "send",
            {
                "pod": 1,
                "token": CSECRET,
                "channel_qualifier": "1",
                "contacts": ["19492319304"],
                "content": "Hi",
                "known_programs": 5,
            },
        )
    assert str(info.value) == (
        "input does not fit operation 'send': known_programs must be a collection of SMS "
        "program ids (str), got int"
    )
    assert info.value.value == [
        "channel_qualifier",
        "contacts",
        "content",
        "known_programs",
        "pod",
        "token",
    ]
    assert CSECRET not in repr(info.value) + repr(info.value.args) + repr(info.value.value)
