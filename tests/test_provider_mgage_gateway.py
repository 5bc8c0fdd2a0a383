"""mGage Gateway (seed 000): exact requests, predicted statuses with their basis, advice."""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

import pytest

from smscore import InvalidRequest, InvalidVector, ProviderError, Template
from smscore.providers import get
from smscore.providers import mgage_gateway as gw
from smscore.providers._common import Recipient, intake
from smscore.wire import Advice, Basis, Request, Response

RULES = Path(__file__).resolve().parent.parent / "spec" / "mgage-gateway" / "rules.json"
EP = "https://gateway.example.invalid/send"
SECRET = "s3cr3t-pa55"
CREDS = gw.Credentials("acme", SECRET)
AUTH = (("Authorization", "Basic YWNtZTpzM2NyM3QtcGE1NQ=="),)
ARGS: dict[str, Any] = {
    "credentials": CREDS,
    "endpoint": EP,
    "program_id": "104967",
    "sender": "US-35465",
}
Q = "&message_billed=no&message_type=sms&numbers="
TAIL = "&spoof_from=US-35465&program_id=104967"


def test_rules_json_equals_module_data_and_every_rule_has_a_basis() -> None:
    assert json.loads(RULES.read_text(encoding="utf-8")) == gw.rules_data()
    assert set(gw.STATUS_TEXTS) == {s.value for s in gw.GatewayStatus}
    order = ["105", "104", "106", "114", "201", "108", "107", "109", "111", "112", "113"]
    assert list(gw.RULES) == order
    kinds = {code: rule.basis.kind for code, rule in gw.RULES.items()}
    assert kinds == {
        "105": "assumed",
        "104": "documented",
        "106": "documented",
        "114": "documented",
        "201": "documented",
        "108": "documented",
        "107": "assumed",
        "109": "documented",
        "111": "documented",
        "112": "documented",
        "113": "documented",
    }
    assert gw.RULES["111"].basis.source.startswith('seed 000, "Request Parameters", numbers')


def test_registry_serves_the_package() -> None:
    provider = get("mgage-gateway")
    assert provider is gw
    assert (gw.NAME, gw.TITLE, gw.SEED, gw.SENDS) == (
        "mgage-gateway",
        "mGage Gateway API 2.0",
        "000",
        True,
    )


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
            url=f"{EP}?message=Hi%20%26%20bye{Q}12135550123%2C447911123456{TAIL}"
            "&allow_long_messages=yes",
            headers=AUTH,
            body=b"",
        ),
    )
    assert plan.batches == (("12135550123", "447911123456"),)
    assert plan.accepted == ("12135550123", "447911123456")
    assert plan.duplicates == (("12135550123", "12135550123"),)
    assert plan.rejected == (("12", "not a number"),)
    assert (plan.read, plan.texts, plan.segments) == (4, ("Hi & bye", "Hi & bye"), (1, 1))
    assert (plan.rejections, plan.advice, plan.ok, plan.provider) == ((), (), True, gw.NAME)
    assert plan.settings["spoof_from"] == "US-35465"
    plan.check_accounting()


CAMPAIGN = Template("Hi %%FIRST NAME%%, your code is %%PIN%%")
DEFAULTS = {"FIRST NAME": "there", "PIN": "0000"}


def _campaign_recipients() -> list[Any]:
    return [
        Recipient("+1 213 555 0123", {"FIRST NAME": "Ada", "PIN": "1234"}),
        Recipient("12135550124", {"PIN": "1234"}),
        "12135550125",
        Recipient("12135550123", {"FIRST NAME": "Bob"}),  # a duplicate: Ada keeps the number
        "not a number",
        Recipient("12135550126", {"FIRST NAME": "Ada", "PIN": "1234"}),
        Recipient("+44 7911 123456", {"FIRST NAME": "Zoë", "PIN": "1"}),
        "(213) 555-0127",  # national format without a region
        "12135550128",
        Recipient("+1 213 555 0126"),  # a duplicate of Ada's second number
    ]


def test_template_campaign_exact_requests() -> None:
    plan = gw.plan_send(CAMPAIGN, _campaign_recipients(), defaults=DEFAULTS, **ARGS)
    url = f"{EP}?message=Hi%20{{}}%2C%20your%20code%20is%20{{}}{Q}{{}}{TAIL}"
    assert [r.url for r in plan.requests] == [
        url.format("Ada", "1234", "12135550123%2C12135550126"),
        url.format("there", "1234", "12135550124"),
        url.format("there", "0000", "12135550125%2C12135550128"),
        url.format("Zo%C3%AB", "1", "447911123456"),
    ]
    assert all(r.headers == AUTH and r.body == b"" for r in plan.requests)
    assert plan.batches == (
        ("12135550123", "12135550126"),
        ("12135550124",),
        ("12135550125", "12135550128"),
        ("447911123456",),
    )
    assert plan.accepted == (
        "12135550123",
        "12135550124",
        "12135550125",
        "12135550126",
        "447911123456",
        "12135550128",
    )
    assert plan.texts == (
        "Hi Ada, your code is 1234",
        "Hi there, your code is 1234",
        "Hi there, your code is 0000",
        "Hi Ada, your code is 1234",
        "Hi Zoë, your code is 1",
        "Hi there, your code is 0000",
    )
    assert plan.segments == (1, 1, 1, 1, 1, 1)
    assert plan.duplicates == (
        ("12135550123", "12135550123"),
        ("+1 213 555 0126", "12135550126"),
    )
    assert plan.rejected == (
        ("not a number", "not a number"),
        ("(213) 555-0127", "national format: give a region"),
    )
    assert (plan.read, plan.rejections) == (10, ())
    plan.check_accounting()


def test_600_recipient_campaign_accounting_is_the_shared_intake() -> None:
    recipients: list[Any] = []
    for i in range(600):
        if i % 10 == 9:
            recipients.append("call me")
        elif i % 7 == 6:
            recipients.append(Recipient(f"+1 213 555 {i // 7:04d}", {"PIN": str(i)}))
        else:
            recipients.append(Recipient(f"1213555{i:04d}", {"FIRST NAME": f"N{i % 3}"}))
    plan = gw.plan_send(CAMPAIGN, recipients, defaults=DEFAULTS, **ARGS)
    shared = intake(recipients, region=None, style="digits")
    assert plan.accepted == tuple(shared.numbers)
    assert plan.duplicates == tuple(shared.duplicates)
    assert plan.rejected == tuple(shared.rejected)
    assert (plan.read, len(plan.accepted), len(plan.duplicates), len(plan.rejected)) == (
        600,
        474,  # 463 plain numbers + 11 "+1 213 555 ..." numbers not seen before
        66,  # the "+1 213 555 ..." numbers whose plain form came first
        60,  # "call me"
    )
    assert plan.ok
    assert sum(len(b) for b in plan.batches) == 474
    assert len({gw.parse_send_request(r)["message"] for r in plan.requests}) == len(set(plan.texts))
    plan.check_accounting()


def test_template_batches_split_per_text_at_batch_size() -> None:
    recipients = [Recipient(f"1213555{i:04d}", [("A" if i % 2 else "B")]) for i in range(7)]
    plan = gw.plan_send(Template("Hi {0}"), recipients, batch_size=2, **ARGS)
    assert plan.batches == (
        ("12135550000", "12135550002"),
        ("12135550004", "12135550006"),
        ("12135550001", "12135550003"),
        ("12135550005",),
    )
    assert [gw.parse_send_request(r)["message"] for r in plan.requests] == ["Hi B"] * 2 + [
        "Hi A"
    ] * 2


def test_recipient_without_a_value_or_default_is_rejected_with_the_reason() -> None:
    plan = gw.plan_send(
        CAMPAIGN,
        [Recipient("12135550123", {"PIN": "1"}), Recipient("12135550124", {"FIRST NAME": "A"})],
        defaults={"PIN": "0"},
        **ARGS,
    )
    assert plan.accepted == ("12135550124",)
    assert plan.texts == ("Hi A, your code is 0",)
    assert plan.rejected == (
        (
            "12135550123",
            "template: values: no value and no default for %%FIRST NAME%%; rule: every "
            "placeholder needs a value or a default",
        ),
    )
    plan.check_accounting()


def test_long_message_is_a_rejection_with_an_assumed_basis_not_an_exception() -> None:
    plan = gw.plan_send("x" * 161, ["12135550123"], **ARGS)
    assert plan.ok is False
    (r,) = plan.rejections
    assert (r.code, r.message, r.field, r.basis) == (
        "107",
        "Too many characters in message – should be < 160, found 161.",
        "message",
        gw.RULES["107"].basis,
    )
    assert r.basis is not None
    assert r.basis.kind == "assumed"
    assert plan.segments == (2,)
    assert plan.advice == ()  # ASCII: every reading says over
    with pytest.raises(ProviderError) as info:
        plan.raise_for_rejections()
    assert (info.value.code, info.value.status) == ("107", None)
    assert gw.plan_send("x" * 161, ["12135550123"], allow_long_messages="yes", **ARGS).ok


def test_length_readings_are_advice_where_they_differ() -> None:
    # 40 emoji: 80 units, 40 code points, 2 segments (UCS-2: 80 > 70 units)
    plan = gw.plan_send("😀" * 40, ["12135550123"], **ARGS)
    assert plan.rejections == ()
    assert plan.advice == (
        Advice(
            kind="length-reading",
            message="the 160-character limit (status 107) is counted as UTF-16 code units, an "
            "assumption: 80 units (within); read as code points it is 40 (within), as SMS "
            "segments 2 (more than one SMS); allow_long_messages='yes' avoids 107 under "
            "every reading",
            subject="😀" * 40,
            field="message",
        ),
    )
    assert gw.plan_send("😀" * 41, ["12135550123"], **ARGS).advice[0].subject == "😀" * 39 + "…"
    assert gw.plan_send("Hi 😀", ["12135550123"], **ARGS).advice == ()  # all within
    assert gw.plan_send("😀" * 40, ["12135550123"], allow_long_messages=True, **ARGS).advice == ()


def test_check_send_lists_every_status_in_order_each_with_a_basis() -> None:
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
    assert all(r.basis == gw.RULES[r.code].basis for r in got)
    assert gw.check_send("Hi", ["12135550123"], **ARGS) == ()
    assert [r.code for r in gw.check_send("Hi", ["12"], program_id="1", sender="1")] == ["111"]


def test_seed_sample_number_plans_with_advice_and_strictness_is_asked_for() -> None:
    plan = gw.plan_send("Hi", ["1555796383", "15555550123"], **ARGS)
    assert (plan.ok, plan.accepted) == (True, ("1555796383", "15555550123"))
    assert [(a.kind, a.subject) for a in plan.advice] == [
        ("number-not-valid", "1555796383"),
        ("number-not-valid", "15555550123"),
    ]
    strict = gw.plan_send("Hi", ["1555796383", "15555550123"], numbers="valid", **ARGS)
    assert strict.rejected == (
        ("1555796383", "too short for the country"),
        ("15555550123", "possible but not an assigned range"),
    )
    assert [r.code for r in strict.rejections] == ["111"]
    possible = gw.plan_send("Hi", ["1555796383", "15555550123"], numbers="possible", **ARGS)
    assert possible.accepted == ("15555550123",)


def test_dedup_off_keeps_repeats_and_the_same_request_is_113() -> None:
    raws = ["12135550123", "12", "+1 213 555 0123"]
    plan = gw.plan_send("Hi", raws, dedup=False, batch_size=1, **ARGS)
    assert plan.batches == (("12135550123",), ("12135550123",))
    assert (plan.duplicates, plan.rejected, plan.ok) == ((), (("12", "not a number"),), True)
    together = gw.plan_send("Hi", raws, dedup=False, **ARGS)
    assert [r.code for r in together.rejections] == ["113"]
    assert together.batches == (("12135550123", "12135550123"),)


def test_112_when_a_request_would_carry_more_than_250() -> None:
    raws = [f"1213555{i:04d}" for i in range(251)]
    assert [r.message for r in gw.check_send("Hi", raws, batch_size=None, **ARGS)] == [
        "Too many numbers in request – max. 250, received: 251."
    ]
    assert [len(b) for b in gw.plan_send("Hi", raws, **ARGS).batches] == [250, 1]


@pytest.mark.parametrize(
    ("kwargs", "field", "text"),
    [
        ({"recipients": "12135550123"}, "recipients", "recipients must be an iterable"),
        ({"recipients": 5}, "recipients", "recipients must be iterable, got int"),
        ({"endpoint": None}, "endpoint", "endpoint is required"),
        ({"endpoint": "gw.example/send"}, "endpoint", "absolute http(s) URL"),
        ({"endpoint": f"{EP}?x=1"}, "endpoint", "no query or fragment"),
        ({"endpoint": f"https://acme:{SECRET}@gw.example/s"}, "endpoint", "must not carry"),
        ({"country": "UK"}, "endpoint", "does not match country 'UK'"),
        ({"batch_size": 0}, "batch_size", "batch_size must be a positive int or None, got 0"),
        ({"message": "a\ud800"}, "message", "lone surrogate"),
        ({"message": b"Hi"}, "message", "message must be a str or a smscore.Template"),
        ({"program_id": ""}, "program_id", "program_id must not be empty"),
        ({"allow_long_messages": 1.0}, "allow_long_messages", "must be a bool, 'yes', 'no'"),
        ({"message_billed": None}, "message_billed", "must be a bool, 'yes' or 'no', got None"),
        ({"region": 0}, "region", "region must be a str (a region such as 'US') or None"),
        ({"numbers": "strict"}, "numbers", "numbers must be one of provider, possible, valid"),
        ({"dedup": "no"}, "dedup", "dedup must be a bool, got str"),
        ({"defaults": "x"}, "defaults", "defaults must be a mapping (tags), a sequence"),
        ({"credentials": ("acme", SECRET)}, "credentials", "credentials must be a mgage_gateway"),
    ],
)
def test_configuration_errors_raise_invalid_request_naming_the_field(
    kwargs: dict[str, Any], field: str, text: str
) -> None:
    args: dict[str, Any] = {"message": "Hi", "recipients": ["12135550123"], **ARGS, **kwargs}
    with pytest.raises(InvalidRequest) as info:
        gw.plan_send(**args)
    assert info.value.field == field
    assert text in str(info.value)
    assert SECRET not in str(info.value)


def test_unknown_keyword_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="spoof_from"):
        gw.plan_send("Hi", ["12135550123"], spoof_from="1", **ARGS)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="credentials"):
        gw.plan_send("Hi", ["12135550123"], program_id="1")  # type: ignore[call-arg]


def test_credentials_masked_checked_and_never_shown() -> None:
    assert repr(CREDS) == "Credentials(username='***', password='***')"
    assert CREDS.secrets() == ("acme", SECRET)
    plan = gw.plan_send("Hi", ["12135550123"], **ARGS)
    token = plan.requests[0].headers[0][1].split()[1]
    for shown in (repr(plan), repr(plan.requests), str(plan.requests[0].masked())):
        assert SECRET not in shown
        assert token not in shown
    for bad, field in ((("a:b", SECRET), "username"), (("acme", SECRET + "\ud800"), "password")):
        with pytest.raises(InvalidRequest) as info:
            gw.Credentials(*bad)
        assert info.value.field == field
        shown = repr(info.value) + repr(pickle.loads(pickle.dumps(info.value)))
        assert SECRET not in shown
    with pytest.raises(InvalidRequest) as info:
        gw.Credentials("acme", 1234)  # type: ignore[arg-type]
    assert str(info.value) == (
        "password must be a str, got int (the value is not shown: it is a credential)"
    )


def test_build_send_from_normalized_numbers_equals_the_plan() -> None:
    numbers = [f"1213555{i:04d}" for i in range(300)]
    plan = gw.plan_send("Hi", numbers, **ARGS)
    built = gw.build_send("Hi", plan.accepted, **ARGS)
    assert built == plan.requests
    for bad, named in (
        (["12135550123", "+12135550124"], "+12135550124"),
        (["12135550123", ""], ""),
        (["1%2C2"], "1%2C2"),
        (["1", "%", "C"], "%"),
        (["١٢٣"], "١٢٣"),
        ([12135550123], 12135550123),
    ):
        with pytest.raises(InvalidRequest) as info:
            gw.build_send("Hi", bad, **ARGS)  # type: ignore[arg-type]
        assert (info.value.field, info.value.value) == ("numbers", named)


def test_check_request_reads_numbers_as_sent() -> None:
    def codes(query: str) -> list[str]:
        return [r.code for r in gw.check_request(Request(method="POST", url=f"{EP}?{query}"))]

    base = "message=Hi&message_billed=no&message_type=sms&spoof_from=1&program_id=1"
    assert codes(f"{base}&numbers=%2B12135550123") == ["111"]  # a non-digit
    assert codes(f"{base}&numbers=0012135550123") == ["111"]  # no country code
    assert codes(f"{base}&numbers=1555796383") == []  # the seed's sample number
    assert codes(f"{base}&numbers=12135550123%2C12135550123") == ["113"]
    assert codes("message=Hi&numbers=12135550123") == ["104", "106"]  # never 105
    with pytest.raises(InvalidRequest) as info:
        gw.parse_send_request(Request(method="POST", url=f"{EP}?message=a&message=b"))
    assert info.value.field == "message"


def test_parse_send_takes_the_numbers_from_the_plan() -> None:
    plan = gw.plan_send("Hi", ["12135550123", "447911123456"], batch_size=1, **ARGS)
    body = b"<r><number>447911123456</number><code>0</code></r>"
    result = gw.parse_send(Response(status=200, body=body), plan=plan, batch=1)
    assert (result.ok, result.missing) == (True, ())
    assert result.recipients == (
        gw.RecipientStatus(
            number="447911123456",
            code="0",
            message="Request accepted onto the platform.",
            accepted=True,
        ),
    )
    first = gw.parse_send(Response(status=200, body=body), plan=plan, batch=0)
    assert (first.ok, first.missing) == (False, ("12135550123",))
    with pytest.raises(InvalidRequest) as info:
        gw.parse_send(Response(status=200, body=body), plan=plan)
    assert info.value.field == "batch"
    one = gw.plan_send("Hi", ["12135550123", "447911123456"], **ARGS)
    whole = gw.parse_send(Response(status=200, body=b"0: Request accepted"), plan=one)
    assert [(r.number, r.accepted) for r in whole.recipients] == [
        ("12135550123", True),
        ("447911123456", True),
    ]
    with pytest.raises(TypeError, match="not both"):
        gw.parse_send(Response(status=200, body=body), plan=one, numbers=["1"])


def test_parse_keeps_raw_body_and_reports_unknown_codes() -> None:
    body = b"<r><recipient><number>12135550123</number><code>999</code></recipient></r>"
    result = gw.parse_send(Response(status=200, body=body), numbers=["12135550123"])
    assert result.body == body
    assert result.recipients == (
        gw.RecipientStatus(number="12135550123", code="999", message="", accepted=False),
    )
    assert result.ok is False
    with pytest.raises(ProviderError) as info:
        gw.parse_send(Response(status=400, body=b"status=108"))
    assert (info.value.code, info.value.message, info.value.status) == (
        "108",
        "Message must not be empty.",
        400,
    )


VECTOR_SEND: dict[str, Any] = {
    "message": "hi",
    "recipients": ["12135550123"],
    "endpoint": EP,
    "username": "acme",
    "password": SECRET,
    "program_id": "1",
    "sender": "1",
}


@pytest.mark.parametrize("key", ["recipients", "endpoint", "username", "password", "program_id"])
def test_run_vector_missing_required_key_is_invalid_vector(key: str) -> None:
    data = {k: v for k, v in VECTOR_SEND.items() if k != key}
    for operation in ("send", "plan"):
        with pytest.raises(InvalidVector) as info:
            gw.run_vector(operation, data)
        assert (info.value.field, info.value.value) == ("input", [key])


def test_run_vector_message_xor_template_and_wrong_types() -> None:
    with pytest.raises(InvalidVector) as info:
        gw.run_vector("send", {**VECTOR_SEND, "template": "Hi {0}"})
    assert info.value.field == "message"
    with pytest.raises(InvalidVector) as info:
        gw.run_vector("send", {**VECTOR_SEND, "message_types": 7})
    assert str(info.value) == (
        "input does not fit operation 'send': message_types must be a collection of message "
        "types (str), got int"
    )
    assert info.value.value == sorted({*VECTOR_SEND, "message_types"})  # the keys, no secret


def test_every_predicted_rejection_has_a_basis() -> None:
    cases: list[dict[str, Any]] = [
        {"message": "", "recipients": []},
        {"message": "x" * 200, "recipients": ["12"]},
        {"message": "Hi", "recipients": ["12135550123"] * 2, "dedup": False, "country": "X"},
        {"message": "Hi", "recipients": ["12135550123"], "message_billed": "?", "sender": None},
    ]
    for case in cases:
        for r in gw.check_send(**{**ARGS, **case}):
            assert isinstance(r.basis, Basis)
            assert r.basis == gw.RULES[r.code].basis
