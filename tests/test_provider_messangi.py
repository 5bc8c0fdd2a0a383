"""Messangi (seed 002): exact requests, predicted rejections, parsing, bad input, properties."""

from __future__ import annotations

import contextlib
import json
import pickle
from collections.abc import Callable
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
from smscore.wire import Basis, Rejection, Response

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec" / "messangi"
SEEDS = ROOT.parent / "shared" / "seeds"
KEY = "sk-live-5f2b9c0e-DO-NOT-LEAK"
CREDS = m.Credentials(KEY)
HEADERS = (
    ("Accept", "application/json"),
    ("Authorization", f"Bearer {KEY}"),
    ("Content-Type", "application/json"),
)
A, B = "+525500000000", "+525511111111"


# --- rules as data ---------------------------------------------------------------------------


def _rules_data() -> dict[str, Any]:
    return {name: rule.to_data() for name, rule in m.RULES.items()}


def test_rules_json_equals_module_constants() -> None:
    rules = json.loads((SPEC / "rules.json").read_text(encoding="utf-8"))
    assert rules["name"] == m.NAME == "messangi"
    assert rules["title"] == m.TITLE
    assert rules["default_base_url"] == m.DEFAULT_BASE_URL
    assert rules["paths"] == {"send": m.SEND_PATH, "batch": m.BATCH_PATH, "status": m.STATUS_PATH}
    assert rules["max_text_units"] == m.MAX_TEXT_UNITS == 1600
    assert rules["max_segments_reading"] == m.MAX_SEGMENTS_READING == 10
    assert rules["default_batch_size"] == m.DEFAULT_BATCH_SIZE == 1000
    assert rules["message_types"] == list(m.MESSAGE_TYPES)
    assert rules["long_code"] == {
        "interval_seconds": m.LONG_CODE_INTERVAL_SECONDS,
        "bulk_limit": m.LONG_CODE_BULK_LIMIT,
        "min_digits": m.LONG_CODE_MIN_DIGITS,
    }
    assert rules["errors"] == dict(m.ERRORS)
    assert rules["statuses"] == dict(m.STATUSES)
    assert list(rules["statuses"]) == list(m.STATUSES)  # seed order kept
    assert rules["status_remedies"] == dict(m.STATUS_REMEDIES)
    assert sorted(rules["final_statuses"]) == sorted(m.FINAL_STATUSES)
    assert rules["rules"] == _rules_data()


def test_every_rule_has_a_basis_and_assumed_ones_say_why() -> None:
    for name, rule in m.RULES.items():
        basis = rule.basis
        assert isinstance(basis, Basis), name
        assert basis.source, name
        if basis.kind == "assumed":
            assert basis.reason, name
        else:
            assert basis.source.startswith("seed 002, "), name
    kinds = {name: rule.basis.kind for name, rule in m.RULES.items()}
    assert kinds["max-text-length"] == "assumed"  # issue 10 point 7
    assert kinds["long-code-rate"] == "documented"  # issue 10 point 10
    assert kinds["callbacks-need-request-dr"] == "documented"


def test_status_enum_matches_catalogue_and_final_set() -> None:
    assert [s.value for s in m.MessageStatus] == list(m.STATUSES)
    assert len(m.MessageStatus) == 16
    in_transit = {s.value for s in m.MessageStatus if not s.final}
    assert in_transit == {"QUEUE", "DEQUEUED", "SENT", "ENROUTE"}


def test_rejectd_and_segments_exceeded_keep_the_seed_text_verbatim() -> None:
    # issue 10 point 8: both sentences, as the seed writes them (its doubled "the the" too)
    assert m.MessageStatus.REJECTD.description == (
        "SMS message was rejected. The mobile operator could have blocked the message."
    )
    assert m.STATUSES["SEGMENTS_EXCEEDED"] == (
        "This status indicates that the number of permissible segments has been surpassed. "
        "This occurs when the message exceeds the 160-character limit per segment, therefore "
        "the the message cannot be sent."
    )
    assert m.STATUS_REMEDIES["SEGMENTS_EXCEEDED"] == (
        "To resolve this issue, ensure that your SMS messages do not exceed 1600 characters to "
        "avoid reaching the segment limit."
    )


@pytest.mark.skipif(
    not any(SEEDS.glob("002_*.txt")), reason="the seed documents sit beside the repository"
)
def test_every_status_text_is_in_the_seed_verbatim() -> None:
    seed = next(SEEDS.glob("002_*.txt")).read_text(encoding="utf-8")
    flat = " ".join(seed.split())
    for text in (*m.STATUSES.values(), *m.STATUS_REMEDIES.values(), m.TEXT_TOO_LONG):
        assert text in flat


def test_vectors_cover_every_status_and_error() -> None:
    vectors = conformance.load_vectors(sorted(SPEC.glob("*.jsonl")))
    assert len(vectors) >= 100
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


def test_every_predicted_rejection_has_a_basis() -> None:
    vectors = conformance.load_vectors(sorted(SPEC.glob("*.jsonl")))
    planned = [v for v in vectors if v.operation in ("send", "batch", "plan")]
    assert len(planned) >= 30
    found = 0
    for v in planned:
        args = dict(v.input)
        creds = m.Credentials(args.pop("api_key"))
        if v.operation == "batch":
            args.setdefault("batch", True)
        plan = m.plan_send(args.pop("message"), args.pop("recipients"), credentials=creds, **args)
        for rejection in plan.rejections:
            found += 1
            assert rejection.basis == m.RULES["max-text-length"].basis, v.id
    assert found >= 5


def test_registry_serves_messangi() -> None:
    from smscore import providers

    p = providers.get("messangi")
    assert p is m
    assert (p.NAME, p.TITLE, p.SEED, p.SENDS) == ("messangi", "Messangi outbound SMS", "002", True)


# --- credentials ------------------------------------------------------------------------------


def test_credentials_masked_and_checked() -> None:
    creds = m.Credentials(KEY)
    assert repr(creds) == str(creds) == "Credentials(api_key='***')"
    assert creds.secrets() == (KEY,)
    assert creds.header() == ("Authorization", f"Bearer {KEY}")
    for bad in ("", "   ", "two\nlines", "clé", 7):
        with pytest.raises(InvalidRequest) as info:
            m.Credentials(bad)  # type: ignore[arg-type]
        assert info.value.field == "api_key"
        assert str(bad) not in str(info.value) or bad == ""
    with pytest.raises(InvalidRequest) as info:
        m.plan_send("hi", [A], credentials=KEY, sender="1")  # type: ignore[arg-type]
    assert (info.value.field, str(info.value)) == (
        "credentials",
        "credentials must be a messangi.Credentials, got str",
    )
    plan = m.plan_send("hi", [A], credentials=CREDS, sender="1")
    assert KEY not in repr(plan)


# --- plan_send: exact requests ------------------------------------------------------------------


def test_plan_send_one_recipient_is_a_single_send() -> None:
    plan = m.plan_send(
        "Hola área", ["+52 55 0000 0000"], credentials=CREDS, sender="2222", request_dr=True
    )
    (r,) = plan.requests
    assert (r.method, r.url, r.headers) == (
        "POST",
        "https://elastic.messangi.me/raven/v2/messages",
        HEADERS,
    )
    assert r.body == (
        b'{"from":"2222","text":"Hola \xc3\xa1rea","to":"+525500000000","requestDR":true}'
    )
    assert (plan.provider, plan.batches, plan.accepted, plan.read) == (
        "messangi",
        ((A,),),
        (A,),
        1,
    )
    assert (plan.texts, plan.segments, plan.rejections, plan.advice) == (
        ("Hola área",),
        (1,),
        (),
        (),
    )
    assert plan.settings["endpoint"] == "single"


def test_plan_send_batch_with_native_params_split_and_forced_modes() -> None:
    rows = [
        {"to": A, "params": ["Elizabeth", 10.65]},
        {"to:": B, "params": ("Joshua", 20.5)},  # the seed's own "to:" typo is read
        m.unwrap(("+525512345678", ["X", 1])),
    ]
    plan = m.plan_send(
        "Hi {0}, your balance is ${1}",
        rows,
        credentials=CREDS,
        sender="12345",
        batch_size=2,
        message_type="MT",
    )
    assert [r.url for r in plan.requests] == [
        "https://elastic.messangi.me/raven/v3/messages/batch"
    ] * 2
    assert plan.requests[0].body == (
        b'{"from":"12345","text":"Hi {0}, your balance is ${1}","to":[{"to":"+525500000000",'
        b'"params":["Elizabeth",10.65]},{"to":"+525511111111","params":["Joshua",20.5]}],'
        b'"type":"MT"}'
    )
    assert plan.requests[1].body == (
        b'{"from":"12345","text":"Hi {0}, your balance is ${1}","to":[{"to":"+525512345678",'
        b'"params":["X",1]}],"type":"MT"}'
    )
    assert plan.batches == ((A, B), ("+525512345678",))
    assert plan.texts == (
        "Hi Elizabeth, your balance is $10.65",
        "Hi Joshua, your balance is $20.5",
        "Hi X, your balance is $1",
    )
    singles = m.plan_send(
        "Hi {0}",
        [{"to": A, "params": ["a"]}, {"to": B, "params": ["b"]}],
        credentials=CREDS,
        sender="1",
        batch=False,
    )
    assert [r.body for r in singles.requests] == [
        b'{"from":"1","text":"Hi a","to":"+525500000000"}',
        b'{"from":"1","text":"Hi b","to":"+525511111111"}',
    ]
    forced = m.plan_send(
        "Hi {0}", [{"to": A, "params": ["a"]}], credentials=CREDS, sender="1", batch=True
    )
    assert forced.requests[0].url.endswith("/v3/messages/batch")


def test_plan_send_template_with_defaults_campaign_exact_requests() -> None:
    """A Template with two placeholders and defaults, 600 recipients with duplicates and bad
    numbers: every input accounted once, one batch per 250, the exact bodies."""
    tpl = smscore.Template("Hi %%FIRST NAME%%, your code is %%PIN%%")
    recipients: list[object] = []
    expected_entries: list[dict[str, Any]] = []
    for i in range(540):
        number = f"+52 55 1000 {i:04d}"
        values: dict[str, Any] = {"PIN": i} if i % 2 else {"PIN": f"{i:04d}", "FIRST NAME": "Ana"}
        recipients.append(smscore.Recipient(number, values))
        expected_entries.append(
            {
                "to": f"+52551000{i:04d}",
                "params": ["there", i] if i % 2 else ["Ana", f"{i:04d}"],
            }
        )
    # duplicates in another spelling, then inputs that are not numbers
    recipients += [smscore.Recipient(f"52551000{i:04d}", {"PIN": "dup"}) for i in range(40)]
    recipients += [f"nope-{chr(97 + i)}" for i in range(20)]
    assert len(recipients) == 600
    plan = m.plan_send(
        tpl,
        recipients,
        credentials=CREDS,
        sender="12345",
        defaults={"FIRST NAME": "there"},
        batch_size=250,
    )
    plan.check_accounting()
    assert (plan.read, len(plan.accepted), len(plan.duplicates), len(plan.rejected)) == (
        600,
        540,
        40,
        20,
    )
    assert plan.duplicates[0] == ("525510000000", "+525510000000")
    assert plan.rejected[0] == ("nope-a", "not a number")
    assert [len(b) for b in plan.batches] == [250, 250, 40]
    sent = [json.loads(r.body) for r in plan.requests]
    assert all(body["text"] == "Hi {0}, your code is {1}" for body in sent)
    assert all(list(body) == ["from", "text", "to"] for body in sent)
    assert [e for body in sent for e in body["to"]] == expected_entries
    assert plan.texts[:2] == ("Hi Ana, your code is 0000", "Hi there, your code is 1")
    assert plan.segments == (1,) * 540
    assert plan.rejections == ()
    assert plan.requests[0].body.startswith(
        b'{"from":"12345","text":"Hi {0}, your code is {1}","to":[{"to":"+525510000000",'
        b'"params":["Ana","0000"]},{"to":"+525510000001","params":["there",1]},'
    )


def test_plan_send_recipient_that_cannot_be_rendered_is_rejected_not_dropped() -> None:
    tpl = smscore.Template("Hi %%NAME%%")
    plan = m.plan_send(
        tpl,
        [smscore.Recipient(A, {"NAME": "Ana"}), smscore.Recipient(B, {})],
        credentials=CREDS,
        sender="1",
    )
    assert plan.accepted == (A,)
    assert plan.rejected == (
        (
            B,
            "values: no value and no default for %%NAME%%; rule: every placeholder needs a "
            "value or a default",
        ),
    )
    plan.check_accounting()
    extra = m.plan_send("Hi {0}", [{"to": A, "params": ["a", "b"]}], credentials=CREDS, sender="1")
    assert extra.rejected == (
        (
            A,
            "values: 2 params given but the text uses {0}..{0}; the extra values would be "
            "ignored; rule: one param per placeholder index",
        ),
    )


def test_jinja_template_is_sent_as_single_sends() -> None:
    tpl = smscore.Template("Hi {{ name | upper }}", dialect="jinja")
    rows = [smscore.Recipient(A, {"name": "ana"}), smscore.Recipient(B, {"name": "bo"})]
    plan = m.plan_send(tpl, rows, credentials=CREDS, sender="1")
    assert [r.body for r in plan.requests] == [
        b'{"from":"1","text":"Hi ANA","to":"+525500000000"}',
        b'{"from":"1","text":"Hi BO","to":"+525511111111"}',
    ]
    assert [a.kind for a in plan.advice] == ["single-sends"]
    with pytest.raises(TemplateError) as info:
        m.plan_send(tpl, rows, credentials=CREDS, sender="1", batch=True)
    assert info.value.field == "template"


def test_value_utf8_cannot_carry_rejects_that_recipient() -> None:
    rows = [{"to": A, "params": ["a\ud800"]}, {"to": B, "params": ["ok"]}]
    plan = m.plan_send("Hi {0}", rows, credentials=CREDS, sender="1")
    assert plan.accepted == (B,)
    assert plan.rejected == (
        (
            A,
            "values has a lone surrogate at position 4: '\\ud800' (rule: text is Unicode "
            "scalar values (no lone surrogate))",
        ),
    )
    assert plan.requests[0].body == b'{"from":"1","text":"Hi ok","to":"+525511111111"}'


def test_huge_placeholder_index_is_a_rejected_recipient_not_a_hang() -> None:
    plan = m.plan_send("Hi {99999999999999999999}", [A], credentials=CREDS, sender="1")
    assert plan.rejected == (
        (
            A,
            "values: no value and no default for {99999999999999999999}; rule: every "
            "placeholder needs a value or a default",
        ),
    )


def test_unknown_keyword_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        m.plan_send("hi", [A], credentials=CREDS, sender="1", personalisation_defaults={})  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        m.check_send("hi", [A], credentials=CREDS, sender="1", requestDR=True)  # type: ignore[call-arg]


def test_sender_is_required() -> None:
    with pytest.raises(InvalidRequest) as info:
        m.plan_send("hi", [A], credentials=CREDS)
    assert info.value.field == "sender"
    assert str(info.value).startswith("sender is required")


# --- issue 10 ------------------------------------------------------------------------------------


def test_point_4_seed_sample_number_builds_by_default() -> None:
    plan = m.plan_send("text demo", ["+580000000005"], credentials=CREDS, sender="12345")
    assert plan.requests[0].body == b'{"from":"12345","text":"text demo","to":"+580000000005"}'
    assert plan.rejections == ()
    assert plan.rejected == ()
    assert [a.kind for a in plan.advice] == ["number-not-valid"]
    r = m.build_send(KEY, sender="12345", text="text demo", to="+580000000005")
    assert r.body == plan.requests[0].body
    strict = m.plan_send(
        "text demo", ["+580000000005"], credentials=CREDS, sender="12345", numbers="valid"
    )
    assert strict.rejected == (("+580000000005", "possible but not an assigned range"),)


def test_point_5_callbacks_without_request_dr_are_advice() -> None:
    plan = m.plan_send(
        "hi", [A], credentials=CREDS, sender="1", callbacks="https://a.example.com/cb"
    )
    assert plan.rejections == ()
    assert json.loads(plan.requests[0].body)["callbacks"] == "https://a.example.com/cb"
    assert [a.to_data() for a in plan.advice] == [
        {
            "kind": "callbacks-without-request-dr",
            "message": "callbacks are sent but request_dr is not True: seed 002 says the "
            "requestDR must be true to notify the status through a callback, so none will fire",
            "field": "callbacks",
        }
    ]
    fired = m.plan_send(
        "hi",
        [A],
        credentials=CREDS,
        sender="1",
        request_dr=True,
        callbacks=["https://a.example.com/cb"],
    )
    assert fired.advice == ()


def test_point_6_and_7_over_1600_is_error_with_an_assumed_basis() -> None:
    over = m.check_send("😀" * 800 + "a", [A], credentials=CREDS, sender="1")
    assert m.check_send("😀" * 800, [A], credentials=CREDS, sender="1") == ()
    assert over == (
        Rejection(
            provider="messangi",
            code="ERROR",
            message="Text exceeds the limit of allowed segments",
            status=None,
            field="message",
            basis=m.RULES["max-text-length"].basis,
        ),
    )
    assert over[0].basis is not None
    assert over[0].basis.kind == "assumed"
    plan = m.plan_send("😀" * 800 + "a", [A], credentials=CREDS, sender="1")
    assert plan.rejections == over
    assert [a.kind for a in plan.advice] == ["length-reading"]
    assert plan.advice[0].message == (
        "seed 002 caps a message at 1600 characters without saying how they are counted: 1601 "
        "UTF-16 code units (over 1600: ERROR predicted), 801 code points (within 1600), 25 "
        "segments (over 10 at the seed's 160 characters per segment)"
    )
    with pytest.raises(smscore.ProviderError) as info:
        plan.raise_for_rejections()
    assert (info.value.code, info.value.message) == (
        "ERROR",
        "Text exceeds the limit of allowed segments",
    )
    # GSM text: code points and units agree; the segment reading alone is advice
    assert m.plan_send("a" * 1530, [A], credentials=CREDS, sender="1").advice == ()
    assert [a.kind for a in m.plan_send("a" * 1531, [A], credentials=CREDS, sender="1").advice] == [
        "length-reading"
    ]


def test_point_6_per_recipient_rejections_name_the_recipient() -> None:
    rows = [{"to": A, "params": ["x" * 1597]}, "bad", {"to": B, "params": ["ж" * 1598]}]
    found = m.check_send("Hi {0}", rows, credentials=CREDS, sender="1")
    assert [(r.code, r.field) for r in found] == [("ERROR", "recipients[2]")]


def test_point_15_email_any_format_external_id_advice() -> None:
    plan = m.plan_send(
        "hi", [A], credentials=CREDS, sender="1", email="not an address", external_id="campaign-42"
    )
    body = json.loads(plan.requests[0].body)
    assert (body["email"], body["externalId"]) == ("not an address", "campaign-42")
    assert [(a.kind, a.subject, a.field) for a in plan.advice] == [
        ("external-id-not-alphanumeric", "campaign-42", "external_id")
    ]
    clean = m.plan_send("hi", [A], credentials=CREDS, sender="1", external_id="Campaign42")
    assert clean.advice == ()


def test_point_10_long_code_advice() -> None:
    numbers = [f"+52551000{i:04d}" for i in range(201)]
    plan = m.plan_send("hi", numbers, credentials=CREDS, sender="+15551234567")
    assert [a.kind for a in plan.advice] == ["long-code-rate", "long-code-bulk"]
    assert plan.settings["long_code"] is True
    short = m.plan_send("hi", numbers, credentials=CREDS, sender="12345")
    assert short.advice == ()
    assert short.settings["long_code"] is False
    told = m.plan_send("hi", numbers[:2], credentials=CREDS, sender="ACME", long_code=True)
    assert told.advice[0].message == (
        "a long code sends one message per second (seed 002): 2 messages take at least 1 s; "
        "MessangiClient(long_code=True) paces its sends"
    )


def test_no_recipient_left_is_advice_and_no_request() -> None:
    plan = m.plan_send("hi", ["nope"], credentials=CREDS, sender="1")
    assert (plan.requests, plan.rejected, [a.kind for a in plan.advice]) == (
        (),
        (("nope", "not a number"),),
        ["no-recipients"],
    )


# --- lower-level builders ---------------------------------------------------------------------


def test_build_send_exact_request() -> None:
    r = m.build_send(CREDS, sender="2222", text="Hola área", to="+52 55 0000 0000", request_dr=True)
    assert r.headers == HEADERS
    assert r.body == (
        b'{"from":"2222","text":"Hola \xc3\xa1rea","to":"+525500000000","requestDR":true}'
    )


def test_build_batch_template_row_failure_raises() -> None:
    tpl = smscore.Template("Hi %%NAME%%")
    with pytest.raises(TemplateError) as info:
        m.build_batch(KEY, sender="1", text=tpl, recipients=[(A, {"NAME": "Ana"}), (B, {})])
    assert info.value.field == "recipients[1]"


def test_build_status_is_the_assumed_get() -> None:
    r = m.build_status(CREDS, message_id="a/b c")
    assert (r.method, r.url, r.body) == (
        "GET",
        "https://elastic.messangi.me/raven/v2/messages/a%2Fb%20c",
        b"",
    )
    assert r.headers == HEADERS[:2]


# --- bad input: typed errors naming field, value and rule ----------------------------------------

BAD_SEND: list[tuple[dict[str, Any], type[Exception], str]] = [
    ({"sender": ""}, InvalidRequest, "sender must not be empty: '' (rule: sender is required)"),
    (
        {"message": "a\ud800b"},
        InvalidRequest,
        "message has a lone surrogate at position 1: '\\ud800' (rule: text is Unicode scalar "
        "values (no lone surrogate))",
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
    (
        {"batch_size": 0},
        InvalidRequest,
        "batch_size is not valid: 0 (rule: an int of at least 1 (default 1000, unverified))",
    ),
    ({"batch": "yes"}, InvalidRequest, "batch must be True, False or None, got 'yes'"),
    (
        {"numbers": "strict"},
        InvalidRequest,
        "numbers must be one of provider, possible, valid, got 'strict'",
    ),
    (
        {"message": b"hi"},
        InvalidRequest,
        "message must be a str or a smscore.Template, got bytes",
    ),
]


@pytest.mark.parametrize(("override", "kind", "message"), BAD_SEND)
def test_bad_send_arguments(override: dict[str, Any], kind: type[Exception], message: str) -> None:
    args: dict[str, Any] = {"message": "hi", "sender": "12345"} | override
    text = args.pop("message")
    with pytest.raises(kind) as info:
        m.plan_send(text, [A], credentials=CREDS, **args)
    assert str(info.value) == message
    assert isinstance(info.value, SmsError)
    assert isinstance(info.value, ValueError)
    assert KEY not in str(info.value)
    assert KEY not in repr(info.value.__dict__)


def test_build_send_bad_number_names_the_field() -> None:
    with pytest.raises(InvalidNumber) as info:
        m.build_send(KEY, sender="1", text="hi", to="12")
    assert str(info.value) == "to: number '12' is not a phone number (region None): not a number"


def test_credentials_never_shown() -> None:
    r = m.build_send(KEY, sender="1", text="hi", to=A)
    assert KEY not in repr(r)
    assert "Bearer ***" in repr(r)
    assert KEY not in json.dumps(r.masked())


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


def test_parse_callback_takes_a_response_and_the_body_too() -> None:
    expected = m.DeliveryReport(
        id="m1", status=m.MessageStatus.EXPIRED, final=True, delivered=False, timestamp=5
    )
    body = {"id": "m1", "status": "EXPIRED", "timestamp": 5}
    assert m.callback_response(body) == Response(
        status=200, body=b'{"id": "m1", "status": "EXPIRED", "timestamp": 5}'
    )
    assert m.parse_callback(m.callback_response(body)) == expected
    assert m.parse_callback(m.callback_response(json.dumps(body))) == expected
    assert m.parse_callback(body) == expected
    assert m.parse_callback(json.dumps(body).encode()) == expected


def test_batch_answer_per_recipient_outcomes_for_a_plan() -> None:
    plan = m.plan_send("hi", [A, B, "+525512345678"], credentials=CREDS, sender="1")
    body = (
        b'{"data":{"ids":[{"id":"i1","mobile":"525500000000"}],"invalidNumber":["+525511111111"]}}'
    )
    result = m.parse_send(Response(status=200, body=body), plan=plan)
    assert isinstance(result, m.BatchResult)
    assert result.recipients(plan.batches[0]) == (
        m.RecipientResult(number=A, outcome="accepted", message_id="i1"),
        m.RecipientResult(
            number=B, outcome="rejected", reason="refused by format (seed 002 data.invalidNumber)"
        ),
        m.RecipientResult(
            number="+525512345678",
            outcome="unknown",
            reason="the batch answer does not mention this number",
        ),
    )


def test_parse_send_reads_a_batch_answer_too() -> None:
    body = b'{"data":{"ids":[{"id":"x","mobile":"+525500000000"}],"requestDR":true,"email":"a"}}'
    result = m.parse_send(Response(status=200, body=body))
    assert result == m.BatchResult(
        messages=(m.BatchMessage(id="x", mobile=A),), request_dr=True, email="a"
    )
    assert m.parse_batch(Response(status=200, body=body)) == result


def test_segment_report_seed_emoji_example() -> None:
    r = m.segment_report("😀" + "a" * 149)
    assert (r.encoding, r.segments, r.part_units, r.length) == ("UCS-2", 3, (67, 67, 17), 151)


def test_run_vector_rejects_malformed_input() -> None:
    with pytest.raises(InvalidVector) as info:
        m.run_vector("send", {"api_key": "k", "sender": "1", "message": "x"})
    assert str(info.value) == "messangi vector: missing input keys ['recipients']"
    with pytest.raises(InvalidVector) as info:
        m.run_vector("explode", {})
    assert info.value.field == "operation"
    with pytest.raises(InvalidVector):
        m.run_vector("parse_send", {"response": {"status": "200"}})


# --- properties ------------------------------------------------------------------------------

PARSERS: tuple[Callable[[Response], object], ...] = (
    m.parse_send,
    m.parse_batch,
    m.parse_status,
    m.parse_error,
)
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


raw_numbers = st.one_of(
    st.sampled_from([A, B, "525500000000", "+52 55 1111 1111", "+580000000005", "nope", "12"]),
    st.integers(10**9, 10**9 + 50).map(lambda n: f"+5255{n}"),
)


@given(rows=st.lists(raw_numbers, max_size=30), size=st.integers(1, 5))
def test_property_plan_accounts_every_input_once(rows: list[str], size: int) -> None:
    plan = m.plan_send("Hi", rows, credentials=CREDS, sender="1", batch_size=size)
    plan.check_accounting()
    assert plan.read == len(rows)
    assert len(set(plan.accepted)) == len(plan.accepted)
    sent = [n for batch in plan.batches for n in batch]
    assert sent == list(plan.accepted)
    assert len(plan.texts) == len(plan.segments) == len(plan.accepted)
    for request in plan.requests:
        body = json.loads(request.body)
        numbers = [e["to"] for e in body["to"]] if isinstance(body["to"], list) else [body["to"]]
        assert all(n in plan.accepted for n in numbers)


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
        numbers="possible",
    )
    assert len(reqs) == -(-len(rows) // size)
    sent = [entry for r in reqs for entry in json.loads(r.body)["to"]]
    assert sent == [{"to": n, "params": p} for n, p in zip(numbers, padded, strict=True)]
    assert all(json.loads(r.body)["text"] == text for r in reqs)


# --- hostile input at the boundary (tests/test_hostile_inputs.py found these) -----------------

DEEP = b"[" * 100_000 + b"]" * 100_000
ENVELOPE_PARSERS: dict[str, Callable[[Response], object]] = {
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
        "response must be a smscore.Response (or the callback body: bytes, str or a mapping), "
        f"got {type(payload).__name__}"
    )


@pytest.mark.parametrize("region", [[], 0, {"MX": 1}])
def test_region_of_the_wrong_type_is_an_invalid_request(region: object) -> None:
    calls: tuple[Callable[[], object], ...] = (
        lambda: m.build_send(KEY, sender="1", text="hi", to=A, region=region),  # type: ignore[arg-type]
        lambda: m.build_batch(KEY, sender="1", text="hi", recipients=[A], region=region),  # type: ignore[arg-type]
        lambda: m.plan_send("hi", [A], credentials=CREDS, sender="1", region=region),  # type: ignore[arg-type]
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
        m.run_vector(
            "send",
            {"api_key": "k", "sender": "1", "message": "hi", "recipients": [A], "region": []},
        )
    assert info.value.field == "region"


@pytest.mark.parametrize("value", [[b"x"], {"a": {1j}}, "\ud800"])
def test_run_vector_callback_json_that_is_not_json_is_invalid_vector(value: object) -> None:
    with pytest.raises(InvalidVector) as info:
        m.run_vector("parse_callback", {"json": value})
    assert info.value.field == "json"
    assert str(info.value).startswith("messangi vector: json must be a JSON value (")
