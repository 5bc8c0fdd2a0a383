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


def test_rules_json_equals_module_data() -> None:
    rules = json.loads((SPEC / "rules.json").read_text(encoding="utf-8"))
    assert rules == acoustic.rules_data()
    assert rules["seed"] == "003_842d9fecd5eaf51f.txt"
    assert rules["max_content_chars"] == 800
    # every rule, every error and every per-contact outcome has a basis
    assert set(rules["errors"]) | set(rules["contact_errors"]) <= set(rules["rules"])
    for basis in rules["rules"].values():
        assert basis["kind"] in ("documented", "assumed")
        assert basis["source"]
        assert (basis["kind"] == "assumed") == ("reason" in basis)
    assert rules["rules"]["content-units"]["kind"] == "assumed"
    assert rules["rules"]["invalid-phone-number"]["kind"] == "assumed"
    assert rules["rules"]["contact-count"]["kind"] == "documented"


def test_parse_module_uses_the_rules() -> None:
    assert _acoustic_parse._NAME == acoustic.NAME
    assert _acoustic_parse._NOT_FOUND == acoustic.STATUS_NOT_FOUND_TEXT
    assert _acoustic_parse._LIFETIME == acoustic.TOKEN_LIFETIME_SECONDS
    assert (
        timedelta(seconds=acoustic.TOKEN_LIFETIME_SECONDS - acoustic.TOKEN_REFRESH_AFTER_SECONDS)
        == _acoustic_parse._REFRESH_MARGIN
    )
    assert _acoustic_parse._STATUS_TEXTS == {401: "Unauthorized", 403: "Forbidden"}


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
            "contacts[1]: 42 is not a contact; give a Contact, a phone number, a (phone_number, "
            "personalization) pair or Acoustic's contact object",
        ),
        (
            {"contacts": [("1949", {"PIN": 1234})]},
            "contacts[0].personalization",
            "contacts[0].personalization: entry 'PIN': 1234 is not a string key and string value",
        ),
        (
            {"contacts": [{"phoneNumber": "1949", "email": "x"}]},
            "contacts[0]",
            "contacts[0]: unknown contact keys ['email']; known: contactId, contactLookup, "
            "personalization, phoneNumber",
        ),
        (
            {"contacts": [{"contactLookup": [{"name": "Email"}]}]},
            "contacts[0].contactLookup",
            "contacts[0].contactLookup: {'name': 'Email'} is not {'name': str, 'value': str}",
        ),
        (
            {"contacts": [{"contactId": 42}]},
            "contacts[0].contactId",
            "contacts[0].contactId: 42 is not a string",
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
            {"content": "Hi \udc00"},
            "content",
            "content: 'Hi \\udc00' holds a lone surrogate, which UTF-8 cannot carry",
        ),
        ({"content": 5}, "content", "content: 5 is not a string or a smscore.Template"),
        (
            {"token": None},
            "token",
            "token: give credentials (an acoustic.Credentials) or a non-empty access token",
        ),
        (
            {"credentials": acoustic.Credentials("a")},
            "token",
            "token: give credentials or token, not both",
        ),
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


def test_build_send_builds_what_acoustic_would_refuse_and_check_raises_it() -> None:
    # issue 9: predicted rejections are data; build_send raises them only with check=True,
    # as the ProviderError Acoustic would answer (not an InvalidRequest).
    r = _send(contacts=["+1949", ""], channel_qualifier="")
    assert json.loads(r.body)["contacts"] == [{"phoneNumber": "+1949"}, {"phoneNumber": ""}]
    assert [(x.code, x.message, x.field) for x in acoustic.check_send_body(r.body)] == [
        ("400", "Channel qualifier should be present", "channelQualifier"),
        (
            "400",
            "Contact information is empty. Please provide contact identifier or lookup keys.",
            "contacts[1].phoneNumber",
        ),
        ("invalid-phone-number", "Invalid phone number.", "contacts[0].phoneNumber"),
    ]
    with pytest.raises(ProviderError) as info:
        _send(content="a" * 801, check=True)
    assert (info.value.code, info.value.message, info.value.status) == (
        "400",
        "The message exceeded the maximum 800 character limit.",
        400,
    )
    # a per-contact failure never stops the request
    assert _send(contacts=["1×833920903"], check=True).body.count(b"phoneNumber") == 1


def test_check_payload_exact_rejections_with_basis() -> None:
    found = acoustic.check_payload(
        channel_qualifier="777",
        contacts=["1", ("2", {"A": "x"}), "+19492319304", "1234567890123456"],
        content="%%A%% %%B%%",
        personalization_defaults={"B": "b"},
        known_programs=frozenset({"129856"}),
    )
    assert [(r.code, r.status, r.field, r.message) for r in found] == [
        (
            "400",
            400,
            "channelQualifier",
            "SMS Program is inactive or not found with identifier 777.",
        ),
        ("invalid-phone-number", None, "contacts[2].phoneNumber", "Invalid phone number."),
        ("invalid-phone-number", None, "contacts[3].phoneNumber", "Invalid phone number."),
    ]
    assert found[0].basis == acoustic.RULES["program-not-found"]
    assert found[0].basis is not None
    assert found[0].basis.kind == "documented"
    assert found[1].basis == acoustic.RULES["invalid-phone-number"]
    assert found[0].to_error().status == 400


def test_every_predicted_rejection_has_a_basis() -> None:
    found = acoustic.check_payload(
        channel_qualifier=" ",
        contacts=[*(["x"] * 1001), ""],
        content="😀" * 401,
        known_programs=["1"],
    )
    assert {r.message for r in found} >= {
        "Channel qualifier should be present",
        "The message exceeded the maximum 800 character limit.",
        "Contacts must contain at least 1 contact and cannot exceed more than 1000 contacts.",
        "Contact information is empty. Please provide contact identifier or lookup keys.",
        "Invalid phone number.",
    }
    assert all(r.basis is not None for r in found)


# --- issue 10: the points of Acoustic -----------------------------------------------------


def test_point7_800_units_is_an_assumption_with_the_other_readings_in_advice() -> None:
    creds = acoustic.Credentials("t")
    text = "a" * 798 + "😀"  # 800 units, 799 code points: fine by every reading
    assert acoustic.plan_send(text, ["19492319304"], credentials=creds, program_id="1", pod=1).ok
    text = "a" * 799 + "😀"  # 801 units, 800 code points: only the UTF-16 reading refuses
    plan = acoustic.plan_send(text, ["19492319304"], credentials=creds, program_id="1", pod=1)
    (rejection,) = plan.rejections
    assert rejection.message == "The message exceeded the maximum 800 character limit."
    assert rejection.basis == acoustic.RULES["content-units"]
    assert rejection.basis is not None
    assert rejection.basis.kind == "assumed"
    assert [a.to_data() for a in plan.advice] == [
        {
            "kind": "length-reading",
            "message": "content is 801 UTF-16 code units, 800 code points, 12 SMS segments: "
            "smscore predicts 400 over 800 counting UTF-16 code units (an assumption: the seed "
            "does not say how Acoustic counts); counting code points, Acoustic would accept it",
            "subject": "801 UTF-16 code units / 800 code points",
            "field": "content",
        }
    ]
    # over 800 by every reading: documented, no advice
    plan = acoustic.plan_send("a" * 801, ["19492319304"], credentials=creds, program_id="1", pod=1)
    assert [r.basis for r in plan.rejections] == [acoustic.RULES["content-too-long"]]
    assert plan.advice == ()


def test_point11_contacts_by_contact_id_and_lookup_keys() -> None:
    r = _send(
        contacts=[
            acoustic.Contact(contact_id="1234567", personalization={"PIN": "1"}),
            acoustic.Contact(lookup={"Email": "ada@example.com", "Customer ID": "C-9"}),
            {"contactId": "7654321"},
            {"contactLookup": [{"name": "Email", "value": "bob@example.com"}]},
        ]
    )
    assert json.loads(r.body)["contacts"] == [
        {"contactId": "1234567", "personalization": {"PIN": "1"}},
        {
            "contactLookup": [
                {"name": "Email", "value": "ada@example.com"},
                {"name": "Customer ID", "value": "C-9"},
            ]
        },
        {"contactId": "7654321"},
        {"contactLookup": [{"name": "Email", "value": "bob@example.com"}]},
    ]
    assert acoustic.check_send_body(r.body) == ()
    empty = "Contact information is empty. Please provide contact identifier or lookup keys."
    contact: dict[str, Any]
    for contact in (
        {"contactId": " "},
        {"contactLookup": []},
        {"contactLookup": [{"name": "Email", "value": ""}]},
        {"personalization": {"PIN": "1"}},
    ):
        found = acoustic.check_payload(channel_qualifier="1", contacts=[contact], content="Hi")
        assert [(r.message, r.field) for r in found] == [(empty, "contacts[0].phoneNumber")]


def test_point12_a_bad_phone_fails_its_contact_not_the_request() -> None:
    creds = acoustic.Credentials("t")
    plan = acoustic.plan_send(
        "Hi",
        ["19492319304", "1×833920903", "123456789012345678"],
        credentials=creds,
        program_id="1",
        pod=1,
    )
    assert plan.ok
    assert plan.accepted == ("19492319304",)
    assert plan.rejected == (
        ("1×833920903", "Invalid phone number. (not a number)"),
        ("123456789012345678", "Invalid phone number. (more than 15 digits)"),
    )
    assert plan.advice == ()
    assert json.loads(plan.requests[0].body)["contacts"] == [{"phoneNumber": "19492319304"}]


def test_point13_a_tag_with_no_value_is_advice_not_a_rejection() -> None:
    plan = acoustic.plan_send(
        "Hey %%FIRST NAME%%, PIN %%PIN%%",
        [smscore.providers.Recipient("19492319304", {"PIN": "1"})],
        credentials=acoustic.Credentials("t"),
        program_id="1",
        pod=1,
    )
    assert plan.ok
    assert plan.texts == ("Hey %%FIRST NAME%%, PIN 1",)
    assert [a.to_data() for a in plan.advice] == [
        {
            "kind": "personalization",
            "message": "no value and no default for FIRST NAME: the server fills it from the "
            "database field of that name, or answers Wrong personalization tags if there is none",
            "subject": "FIRST NAME",
            "field": "recipients",
        }
    ]
    assert acoustic.check_payload(channel_qualifier="1", contacts=["1949"], content="%%A%%") == ()


def test_point14_an_empty_401_makes_no_expiry_claim() -> None:
    for parse in (acoustic.parse_send, acoustic.parse_status):
        with pytest.raises(ProviderError) as info:
            parse(Response(status=401, body=b""))
        assert (info.value.code, info.value.message) == ("401", "Unauthorized")
        said = (
            b'{"meta":{"generalErrors":["The access token has expired. Token provided was: ab"]}}'
        )
        with pytest.raises(ProviderError) as info:
            parse(Response(status=401, body=said))
        assert info.value.message == "The access token has expired. Token provided was: ***"


# --- credentials --------------------------------------------------------------------------


def test_credentials_masked_validated_and_never_echoed() -> None:
    c = acoustic.Credentials(
        "ACCESS-1", client_id="CID-2", client_secret="SECRET-3", refresh_token="REFRESH-4"
    )
    assert repr(c) == (
        "Credentials(access_token='***', client_id='***', client_secret='***', refresh_token='***')"
    )
    assert c.secrets() == ("ACCESS-1", "CID-2", "SECRET-3", "REFRESH-4")
    assert acoustic.build_token(credentials=c, pod=1).body == (
        b"grant_type=refresh_token&client_id=CID-2&client_secret=SECRET-3&refresh_token=REFRESH-4"
    )
    assert c.with_token("NEW").access_token == "NEW"
    cases: list[tuple[dict[str, Any], str, str]] = [
        ({"access_token": "tökén"}, "access_token", "non-ASCII"),
        ({"access_token": "a\nb"}, "access_token", "control character"),
        ({"access_token": "  "}, "access_token", "non-empty"),
        ({"access_token": 5}, "access_token", "must be a str"),
        ({"client_id": "c"}, "client_secret", "together"),
        ({}, "access_token", "give an access token"),
        ({"client_id": "c", "client_secret": "sécret", "refresh_token": "r"}, "client_secret", ""),
    ]
    for kw, field, words in cases:
        with pytest.raises(InvalidRequest) as info:
            acoustic.Credentials(**kw)
        assert info.value.field == field
        assert words in str(info.value)
        assert "tökén" not in str(info.value)
        assert "sécret" not in str(info.value)
    with pytest.raises(InvalidRequest) as info:
        acoustic.plan_send(
            "Hi",
            ["19492319304"],
            credentials=acoustic.Credentials(client_id="c", client_secret="s", refresh_token="r"),
            program_id="1",
            pod=1,
        )
    assert info.value.field == "credentials.access_token"
    with pytest.raises(TypeError, match=r"credentials must be a smscore\.providers\.acoustic"):
        acoustic.plan_send("Hi", [], credentials="tok", pod=1)  # type: ignore[arg-type]


# --- plan_send: the one send interface ----------------------------------------------------


def _plan(message: Any, recipients: Any, **kw: Any) -> Any:
    args: dict[str, Any] = {"credentials": acoustic.Credentials("t"), "program_id": "1", "pod": 1}
    args.update(kw)
    return acoustic.plan_send(message, recipients, **args)


def test_plan_send_normalizes_dedups_and_keeps_personalization() -> None:
    plan = _plan(
        "PIN %%PIN%%",
        [
            ("+1 213 555 0123", {"PIN": "1"}),
            ("12135550123", {"PIN": "dup"}),
            ("not a number", {"PIN": "x"}),
            ("+1 213 555 0124", None),
            ("1 (213) 555-0124", {"PIN": "4"}),
            {"phoneNumber": "+44 20 7946 0958", "personalization": {"PIN": "5"}},
        ],
    )
    plan.check_accounting()
    assert plan.accepted == ("12135550123", "12135550124", "442079460958")
    assert plan.duplicates == (
        ("12135550123", "12135550123"),
        ("1 (213) 555-0124", "12135550124"),
    )
    assert plan.rejected == (("not a number", "Invalid phone number. (not a number)"),)
    (request,) = plan.requests
    assert json.loads(request.body)["contacts"] == [
        {"phoneNumber": "12135550123", "personalization": {"PIN": "1"}},
        {"phoneNumber": "12135550124"},
        {"phoneNumber": "442079460958", "personalization": {"PIN": "5"}},
    ]
    assert plan.texts == ("PIN 1", "PIN %%PIN%%", "PIN 5")
    assert [(a.kind, a.subject) for a in plan.advice] == [
        ("line-type", "+44 20 7946 0958"),
        ("personalization", "PIN"),
    ]


def test_plan_send_every_raw_lands_once_and_batches_of_1000() -> None:
    raws = [(f"+1 213 555 {i % 2600:04d}", {"N": str(i)}) for i in range(2700)]
    plan = _plan("n=%%N%%", raws)
    plan.check_accounting()
    assert plan.read == 2700
    assert [len(json.loads(r.body)["contacts"]) for r in plan.requests] == [1000, 1000, 600]
    assert [len(b) for b in plan.batches] == [1000, 1000, 600]
    first_of_second = json.loads(plan.requests[1].body)["contacts"][0]
    assert first_of_second == {"phoneNumber": "12135551000", "personalization": {"N": "1000"}}
    assert plan.duplicates[0] == ("+1 213 555 0000", "12135550000")
    assert _plan("x", raws, batch_size=700).batches[1][0] == "12135550700"


def test_plan_send_nothing_accepted_gives_no_request() -> None:
    plan = _plan("Hi", ["12", "abc", 7])
    assert plan.requests == ()
    assert plan.rejected == (
        ("12", "Invalid phone number. (not a number)"),
        ("abc", "Invalid phone number. (not a number)"),
        (7, "not a string"),
    )
    assert plan.ok


def test_plan_send_contact_id_and_lookup_recipients_follow_the_numbers() -> None:
    plan = _plan(
        "Hi %%N%%",
        [
            {"contactId": "42", "personalization": {"N": "a"}},
            "19492319304",
            acoustic.Contact(lookup={"Email": "x@example.com"}),
            {"contactId": "42"},
            {"personalization": {"N": "b"}},
        ],
        defaults={"N": "you"},
    )
    plan.check_accounting()
    assert plan.accepted == ("19492319304", "contactId:42", "contactLookup:Email=x@example.com")
    assert plan.duplicates == (({"contactId": "42"}, "contactId:42"),)
    assert plan.rejected == (
        ({"personalization": {"N": "b"}}, "no phone number, Contact ID or lookup keys"),
    )
    assert plan.texts == ("Hi you", "Hi a", "Hi you")
    assert json.loads(plan.requests[0].body)["contacts"] == [
        {"phoneNumber": "19492319304"},
        {"contactId": "42", "personalization": {"N": "a"}},
        {"contactLookup": [{"name": "Email", "value": "x@example.com"}]},
    ]


def test_plan_send_settings_and_caller_errors() -> None:
    plan = _plan("Hi", ["19492319304"], sender="US-1", source="s", ttl_in_minutes=5)
    assert plan.settings == {
        "program_id": "1",
        "pod": 1,
        "base_url": None,
        "batch_size": 1000,
        "numbers": "provider",
        "region": None,
        "source": "s",
        "ttl_in_minutes": 5,
    }
    assert [a.kind for a in plan.advice] == ["sender"]
    assert "t" not in plan.settings.values()
    for kw, field in (
        ({"pod": None}, "pod"),
        ({"batch_size": 1001}, "batch_size"),
        ({"program_id": 5}, "program_id"),
        ({"numbers": "strict"}, "numbers"),
        ({"tag_names": ["A"]}, "tag_names"),
        ({"defaults": {"A": True}}, "defaults"),
    ):
        with pytest.raises(InvalidRequest) as info:
            _plan("Hi", ["19492319304"], **kw)
        assert info.value.field == field, kw
    with pytest.raises(TypeError, match="sender must be a str or None, got int"):
        _plan("Hi", ["19492319304"], sender=5)
    with pytest.raises(TypeError, match="unexpected keyword argument 'personalisation_defaults'"):
        _plan("Hi", [], personalisation_defaults={})
    # check_send: the same arguments, the rejections only, no pod needed
    assert acoustic.check_send(
        "", ["19492319304"], credentials=acoustic.Credentials("t"), program_id=""
    ) == (acoustic.check_payload(channel_qualifier="", contacts=["1"], content=""))


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


_ascii = st.text(st.characters(min_codepoint=32, max_codepoint=126), min_size=1).filter(str.strip)


@given(cid=_ascii, secret=_ascii, refresh=_ascii)
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
    args: dict[str, Any] = {
        "client_id": "c",
        "client_secret": "s",
        "refresh_token": "r",
        field: CSECRET + "\ud800",
    }
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
    plan_args: dict[str, Any] = {
        "credentials": acoustic.Credentials("t"),
        "known_programs": known,
    }
    for call in (
        lambda: acoustic.check_payload(**args),
        lambda: acoustic.check_send("Hi", ["19492319304"], **plan_args),
        lambda: acoustic.plan_send("Hi", ["19492319304"], pod=1, **plan_args),
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
                "Hi", hostile(None), credentials=acoustic.Credentials("t"), pod=1
            ),
            "recipients must be an iterable of numbers or recipients, got NoneType",
        ),
        (
            lambda: acoustic.plan_send(
                "Hi", "19492319304", credentials=acoustic.Credentials("t"), pod=1
            ),
            "recipients must be an iterable of numbers or recipients, got str",
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


# --- the cross-provider campaign, Acoustic's exact requests -------------------------------


def _campaign() -> list[Any]:
    """600 recipients: 500 distinct numbers in three written forms (a third of them without a
    code, which the default fills), 60 repeats of earlier numbers, 40 bad numbers."""
    distinct = []
    for i in range(500):
        digits = f"1213555{1000 + i:04d}"
        raw = (
            f"+1 213 555 {1000 + i:04d}"
            if i % 3 == 0
            else digits
            if i % 3 == 1
            else f"+1 (213) 555-{1000 + i:04d}"
        )
        values = [f"Name{i}", f"{i:04d}"] if i % 3 else [f"Name{i}"]
        distinct.append(smscore.providers.Recipient(raw, values))
    repeats = [
        smscore.providers.Recipient(f"1213555{1000 + 5 * j:04d}", ["Again", "9999"])
        for j in range(60)
    ]
    bad = [f"bad-{k}" if k % 2 else "12" for k in range(40)]
    items: list[Any] = [*distinct, *repeats, *bad]
    order = sorted(range(600), key=lambda i: (i * 7919) % 600)  # a fixed shuffle
    shuffled = [items[i] for i in order]
    # a repeat must come after its first occurrence to be the duplicate: keep them last
    return [x for x in shuffled if x not in repeats] + repeats


def test_campaign_template_two_placeholders_defaults_exact_requests() -> None:
    recipients = _campaign()
    plan = acoustic.plan_send(
        smscore.Template("Hi {0}, your code is {1}"),
        recipients,
        credentials=acoustic.Credentials("tok-123"),
        defaults=["Customer", "0000"],
        program_id="129856",
        pod=1,
    )
    plan.check_accounting()
    # the expected contacts, computed independently of smscore
    expected: list[dict[str, Any]] = []
    seen: set[str] = set()
    for r in recipients:
        if not isinstance(r, smscore.providers.Recipient):
            continue
        digits = "".join(ch for ch in r.number if ch.isdigit())
        if digits in seen:
            continue
        seen.add(digits)
        values = list(r.values or [])
        expected.append(
            {
                "phoneNumber": digits,
                "personalization": dict(zip(("0", "1")[: len(values)], values, strict=True)),
            }
        )
    assert (plan.read, len(plan.accepted), len(plan.duplicates), len(plan.rejected)) == (
        600,
        500,
        60,
        40,
    )
    assert plan.accepted == tuple(c["phoneNumber"] for c in expected)
    assert set(plan.rejected) == {
        ("12", "Invalid phone number. (not a number)"),
        *((f"bad-{k}", "Invalid phone number. (not a number)") for k in range(1, 40, 2)),
    }
    assert plan.duplicates[0] == ("12135551000", "12135551000")
    assert plan.ok
    assert plan.advice == ()
    (request,) = plan.requests
    assert request.method == "POST"
    assert request.url == SEND_URL
    assert request.headers == (
        ("Content-Type", "application/json"),
        ("Accept", "application/json"),
        ("Authorization", "Bearer tok-123"),
    )
    assert request.body == json.dumps(
        {
            "content": "Hi %%0%%, your code is %%1%%",
            "contacts": expected,
            "channelQualifier": "129856",
            "personalizationDefaults": {"0": "Customer", "1": "0000"},
        },
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode("utf-8")
    assert plan.batches == (plan.accepted,)
    first = expected[0]["personalization"]
    assert plan.texts[0] == f"Hi {first['0']}, your code is {first.get('1', '0000')}"
    assert plan.segments == (1,) * 500
    assert "Hi Name0, your code is 0000" in plan.texts
    # smaller batches split the same contacts; named tags for the placeholders
    named = acoustic.plan_send(
        smscore.Template("Hi {0}, your code is {1}"),
        recipients,
        credentials=acoustic.Credentials("tok-123"),
        defaults={0: "Customer", 1: "0000"},
        program_id="129856",
        pod=1,
        batch_size=200,
        tag_names=["FIRST NAME", "CODE"],
    )
    assert [len(b) for b in named.batches] == [200, 200, 100]
    body = json.loads(named.requests[2].body)
    assert body["content"] == "Hi %%FIRST NAME%%, your code is %%CODE%%"
    assert body["personalizationDefaults"] == {"FIRST NAME": "Customer", "CODE": "0000"}
    assert body["contacts"][0]["phoneNumber"] == expected[400]["phoneNumber"]
    assert named.texts == plan.texts
    # check_send: the same arguments, no requests built, the same (empty) rejections
    assert (
        acoustic.check_send(
            smscore.Template("Hi {0}, your code is {1}"),
            recipients,
            credentials=acoustic.Credentials("tok-123"),
            defaults=["Customer", "0000"],
            program_id="129856",
        )
        == ()
    )


# --- plan_send: hostile recipients are accounted, never raised ----------------------------


def test_plan_send_malformed_recipients_are_rejected_with_the_reason() -> None:
    bad_contact = acoustic.Contact(contact_id=5)  # type: ignore[arg-type]
    plan = _plan(
        "Hi %%A%%",
        [
            None,
            {"phoneNumber": 5},
            {"phoneNumber": "19492319304", "email": "x"},
            bad_contact,
            smscore.providers.Recipient("19492319305", {"A": "\ud800"}),
            smscore.providers.Recipient("19492319306", {"A": True}),
            smscore.providers.Recipient("19492319307", {"A": "é"}),
        ],
    )
    plan.check_accounting()
    assert plan.accepted == ("19492319307",)
    assert plan.rejected == (
        (None, "not a string"),
        (
            "19492319305",
            "recipients['19492319305'].values: '\\ud800' holds a lone surrogate at 0, which "
            "UTF-8 cannot carry",
        ),
        (
            "19492319306",
            "values['A']: %%A%% has value True of type bool; rule: a value is a str, an int or "
            "a finite float",
        ),
        ({"phoneNumber": 5}, "recipients.phoneNumber: 5 is not a string"),
        (
            {"phoneNumber": "19492319304", "email": "x"},
            "recipients: unknown contact keys ['email']; known: contactId, contactLookup, "
            "personalization, phoneNumber",
        ),
        (bad_contact, "recipients.contactId: 5 is not a string"),
    )
    with pytest.raises(InvalidRequest) as info:
        _plan("Hi \udc00", ["19492319304"])
    assert (info.value.field, info.value.position) == ("message", 3)


_recipient = st.one_of(
    st.sampled_from(["19492319304", "+1 949 231 9304", "12", "1×833920903", "4479460958"]),
    st.text(max_size=6),
    st.builds(
        smscore.providers.Recipient,
        st.sampled_from(["19492319305", "+44 20 7946 0958", "x"]),
        st.one_of(st.none(), st.dictionaries(st.sampled_from(["A", "B"]), st.text(max_size=3))),
    ),
    st.fixed_dictionaries(
        {"contactId": st.sampled_from(["1", " ", "2"])},
        optional={"personalization": st.dictionaries(st.just("A"), st.integers(0, 9))},
    ),
    st.integers(),
)


@given(st.lists(_recipient, max_size=12), st.sampled_from([1, 2, 1000]))
def test_property_plan_send_accounts_every_recipient_once(items: list[Any], size: int) -> None:
    plan = _plan("Hi %%A%%", items, defaults={"B": "b"}, batch_size=size)
    plan.check_accounting()
    assert plan.read == len(items)
    assert len(plan.texts) == len(plan.segments) == len(plan.accepted)
    assert tuple(n for b in plan.batches for n in b) == plan.accepted
    assert len(plan.requests) == len(plan.batches)
    assert all(len(b) <= size for b in plan.batches)
    assert all(r.basis is not None for r in plan.rejections)


def test_plan_send_advice_when_personalization_passes_800() -> None:
    plan = _plan(
        "Dear %%NAME%%",
        [("19492319304", {"NAME": "x" * 796}), ("19492319305", {"NAME": "Ada"})],
    )
    assert plan.ok
    assert [a.to_data() for a in plan.advice] == [
        {
            "kind": "length-reading",
            "message": "1 recipient(s) get a text over 800 characters after personalization "
            "(19492319304: 801 UTF-16 code units); the content as sent is within the limit, "
            "and the seed does not say which one Acoustic counts",
            "subject": "19492319304",
            "field": "recipients",
        }
    ]


def test_parse_send_names_the_recipients_of_the_answered_request() -> None:
    plan = _plan("Hi", ["19492319304", "19492319305", "19492319306"], batch_size=2)
    answer = Response(status=202, body=b'{"id":"tx-1","location":"/s/tx-1"}')
    assert acoustic.parse_send(answer) == acoustic.SendAccepted(id="tx-1", location="/s/tx-1")
    assert acoustic.parse_send(answer, plan=plan, batch=1).recipients == ("19492319306",)
    with pytest.raises(InvalidRequest) as info:
        acoustic.parse_send(answer, plan=plan)
    assert str(info.value) == ("batch: None is not a request of the plan (0 to 1)")
    single = _plan("Hi", ["19492319304"])
    assert acoustic.parse_send(answer, plan=single).recipients == ("19492319304",)
    with pytest.raises(TypeError, match=r"plan must be a smscore\.providers\.SendPlan"):
        acoustic.parse_send(answer, plan="x")  # type: ignore[arg-type]


def test_plan_send_stricter_number_policy_is_not_acoustics_verdict() -> None:
    plan = _plan("Hi", ["15555550123", "nope", "19492319304"], numbers="valid")
    assert plan.accepted == ("19492319304",)
    assert plan.rejected == (
        ("15555550123", "possible but not an assigned range"),
        ("nope", "Invalid phone number. (not a number)"),
    )
    default = _plan("Hi", ["15555550123"])
    assert default.accepted == ("15555550123",)
    assert [a.kind for a in default.advice] == ["number-not-valid"]
