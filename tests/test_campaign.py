"""One campaign, three providers, one interface (issue 9).

A Template with two placeholders and defaults goes to 600 recipients (duplicates written in
other formats, bad numbers, recipients without values) through each send provider's
``plan_send``; the accounting is the same for all three and each gives its exact requests.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest

import smscore
from smscore import Recipient, SendPlan, Template, providers

TEMPLATE = Template("Hi %%FIRST NAME%%, your code is %%PIN%%")
DEFAULTS = {"FIRST NAME": "Valued Customer", "PIN": "0000"}
NAMES = ("Ada", "Grace", None)  # None: no value, the default fills it
PINS = ("1111", "2222")
BAD = ("nope", "", "12", "call me maybe", "+", "555")


def campaign() -> list[Recipient]:
    """500 distinct US numbers, 60 repeats in other formats, 40 bad inputs: 600 in all."""
    out: list[Recipient] = []
    for i in range(500):
        values: dict[str, str] = {"PIN": PINS[i % 2]}
        name = NAMES[i % 3]
        if name is not None:
            values["FIRST NAME"] = name
        out.append(Recipient(f"+1 213 373 {4000 + i}", values))
    for i in range(60):  # the same numbers again, written as bare digits and with dashes
        raw = f"1213373{4000 + i * 7}" if i % 2 else f"+1-213-373-{4000 + i * 7}"
        out.append(Recipient(raw, {"PIN": "9999"}))
    out.extend(Recipient(BAD[i % len(BAD)], {}) for i in range(40))
    assert len(out) == 600
    return out


def text_for(i: int) -> str:
    name = NAMES[i % 3] or DEFAULTS["FIRST NAME"]
    return f"Hi {name}, your code is {PINS[i % 2]}"


def plans() -> dict[str, SendPlan]:
    gw = providers.get("mgage-gateway")
    ms = providers.get("messangi")
    ac = providers.get("acoustic")
    recipients = campaign()
    return {
        "mgage-gateway": gw.plan_send(
            TEMPLATE,
            recipients,
            credentials=gw.Credentials("user", "s3cret-pw"),
            sender="87767",
            defaults=DEFAULTS,
            program_id="104967",
            endpoint="https://gw.example/send",
        ),
        "messangi": ms.plan_send(
            TEMPLATE,
            recipients,
            credentials=ms.Credentials("API-KEY-123"),
            sender="12345",
            defaults=DEFAULTS,
        ),
        "acoustic": ac.plan_send(
            TEMPLATE,
            recipients,
            credentials=ac.Credentials("tok-abc"),
            defaults=DEFAULTS,
            program_id="prog-1",
            pod=1,
        ),
    }


@pytest.fixture(scope="module")
def all_plans() -> dict[str, SendPlan]:
    return plans()


def test_every_provider_gives_the_same_accounting(all_plans: dict[str, SendPlan]) -> None:
    for name, plan in all_plans.items():
        assert plan.provider == name
        assert plan.read == 600
        assert (len(plan.accepted), len(plan.duplicates), len(plan.rejected)) == (500, 60, 40)
        plan.check_accounting()
        assert plan.rejections == ()
        assert plan.texts == tuple(text_for(i) for i in range(500))
        assert plan.segments == (1,) * 500
        assert plan.total_segments == 500
    raws = {
        name: ([raw for raw, _ in p.duplicates], [raw for raw, _ in p.rejected])
        for name, p in all_plans.items()
    }
    assert raws["mgage-gateway"] == raws["messangi"] == raws["acoustic"]
    assert raws["messangi"][1] == [BAD[i % len(BAD)] for i in range(40)]
    e164 = [f"+1213373{4000 + i}" for i in range(500)]
    assert list(all_plans["messangi"].accepted) == e164
    assert list(all_plans["mgage-gateway"].accepted) == [n[1:] for n in e164]
    assert list(all_plans["acoustic"].accepted) == [n[1:] for n in e164]


def test_mgage_gateway_sends_one_request_per_distinct_text(
    all_plans: dict[str, SendPlan],
) -> None:
    plan = all_plans["mgage-gateway"]
    # six distinct texts (3 names x 2 PINs), each to at most 250 numbers
    groups: dict[str, list[str]] = {}
    for i in range(500):
        groups.setdefault(text_for(i), []).append(f"1213373{4000 + i}")
    expected = [
        "https://gw.example/send?message="
        + quote(text, safe="")
        + "&message_billed=no&message_type=sms&numbers="
        + "%2C".join(numbers)
        + "&spoof_from=87767&program_id=104967"
        for text, numbers in groups.items()
    ]
    assert len(expected) == 6
    assert [r.url for r in plan.requests] == expected
    assert all(r.method == "POST" and r.body == b"" for r in plan.requests)
    assert plan.requests[0].url.startswith(
        "https://gw.example/send?message=Hi%20Ada%2C%20your%20code%20is%201111"
        "&message_billed=no&message_type=sms&numbers=12133734000%2C12133734006%2C"
    )
    # Basic base64("user:s3cret-pw"), masked in every repr
    assert plan.requests[0].headers == (("Authorization", "Basic dXNlcjpzM2NyZXQtcHc="),)
    assert "s3cret" not in repr(plan)
    assert "dXNlcjpzM2NyZXQtcHc" not in repr(plan)


def test_messangi_sends_one_batch_with_positional_params(all_plans: dict[str, SendPlan]) -> None:
    plan = all_plans["messangi"]
    assert len(plan.requests) == 1
    request = plan.requests[0]
    assert request.method == "POST"
    assert request.url == "https://elastic.messangi.me/raven/v3/messages/batch"
    assert dict(request.headers)["Authorization"] == "Bearer API-KEY-123"
    body = json.loads(request.body)
    assert body["from"] == "12345"
    assert body["text"] == "Hi {0}, your code is {1}"
    assert body["to"] == [
        {
            "to": f"+1213373{4000 + i}",
            "params": [NAMES[i % 3] or DEFAULTS["FIRST NAME"], PINS[i % 2]],
        }
        for i in range(500)
    ]
    assert request.body.startswith(
        b'{"from":"12345","text":"Hi {0}, your code is {1}","to":'
        b'[{"to":"+12133734000","params":["Ada","1111"]},'
    )
    assert "API-KEY-123" not in repr(plan)


def test_acoustic_personalizes_with_tags_and_defaults(all_plans: dict[str, SendPlan]) -> None:
    plan = all_plans["acoustic"]
    bodies: list[dict[str, Any]] = [json.loads(r.body) for r in plan.requests]
    assert {r.url for r in plan.requests} == {
        "https://api-campaign-us-1.goacoustic.com/rest/channels/sms/externalconsentsends"
    }
    contacts = [c for b in bodies for c in b["contacts"]]
    assert contacts == [
        {
            "phoneNumber": f"1213373{4000 + i}",
            "personalization": (
                {"FIRST NAME": NAMES[i % 3], "PIN": PINS[i % 2]}
                if NAMES[i % 3]
                else {"PIN": PINS[i % 2]}
            ),
        }
        for i in range(500)
    ]
    for body in bodies:
        assert body["content"] == "Hi %%FIRST NAME%%, your code is %%PIN%%"
        assert body["channelQualifier"] == "prog-1"
        assert body["personalizationDefaults"] == DEFAULTS
    assert "tok-abc" not in repr(plan)


def test_check_send_returns_the_plans_rejections_without_building() -> None:
    gw = providers.get("mgage-gateway")
    ms = providers.get("messangi")
    ac = providers.get("acoustic")
    long_text = "x" * 1601
    found = {
        "mgage-gateway": gw.check_send(
            long_text,
            ["12133734253"],
            credentials=gw.Credentials("u", "p"),
            program_id="1",
            endpoint="https://gw.example/send",
        ),
        "messangi": ms.check_send(
            long_text, ["+12133734253"], credentials=ms.Credentials("k"), sender="12345"
        ),
        "acoustic": ac.check_send(
            long_text, ["12133734253"], credentials=ac.Credentials("t"), program_id="p", pod=1
        ),
    }
    for name, rejections in found.items():
        assert rejections, name
        for rejection in rejections:
            assert rejection.provider == name
            assert rejection.basis is not None, (name, rejection)


@pytest.mark.parametrize("name", ["mgage-gateway", "messangi", "acoustic"])
def test_an_unknown_keyword_is_a_type_error(name: str) -> None:
    provider = providers.get(name)
    with pytest.raises(TypeError):
        provider.plan_send("Hi", ["12133734253"], credentials=None, personalisation_defaults={})


def test_the_convenience_raises_the_first_rejection_the_same_way_for_all() -> None:
    ms = providers.get("messangi")
    plan = ms.plan_send(
        "x" * 1601, ["+12133734253"], credentials=ms.Credentials("k"), sender="12345"
    )
    assert not plan.ok
    with pytest.raises(smscore.ProviderError) as info:
        plan.raise_for_rejections()
    assert info.value.code == plan.rejections[0].code


def test_the_provider_policy_sends_wire_form_numbers_as_given_and_never_rewrites_a_guess() -> None:
    from smscore.providers._common import intake

    raws = ["1555796383", "+580000000005", "555-0100", "+1 555 796 383", "+1 213 373 4253"]
    got = intake(raws, region=None, style="digits")
    # written as the provider takes them: sent as given, phonenumbers' opinion as advice
    assert got.numbers == ["1555796383", "580000000005", "12133734253"]
    assert [(a.kind, a.subject) for a in got.advice] == [
        ("number-not-valid", "1555796383"),
        ("number-not-valid", "+580000000005"),
    ]
    # rewritten by smscore and not valid: rejected with phonenumbers' reason, never sent to
    # the country the digits happen to spell ("555-0100" is not Brazil's +55 50100)
    assert got.rejected == [
        ("555-0100", "too short for the country"),
        ("+1 555 796 383", "too short for the country"),
    ]
    strict = intake(raws, region=None, style="digits", numbers="valid")
    assert strict.numbers == ["12133734253"]
    with pytest.raises(smscore.InvalidRequest, match="numbers must be one of provider, possible"):
        intake(raws, region=None, style="digits", numbers="lenient")
