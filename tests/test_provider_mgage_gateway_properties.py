"""mGage Gateway (seed 000) properties: requests round-trip, every input accounted for, and
the tolerant answer reader only ever raises smscore's errors."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from smscore import SmsError, Template
from smscore.providers import mgage_gateway as gw
from smscore.providers._common import Recipient
from smscore.wire import Response

EP = "https://gateway.example.invalid/send"
CREDS = gw.Credentials("u", "p")

_numbers = st.lists(
    st.integers(min_value=2_000_000, max_value=9_999_999).map(lambda n: f"1213{n}"),
    min_size=1,
    max_size=30,
)
_printable = st.characters(blacklist_categories=["Cs"])
_text = st.text(_printable, min_size=1, max_size=200).filter(
    lambda s: len(s.encode("utf-16-le")) // 2 <= 160
)


@given(
    message=_text,
    numbers=_numbers,
    spoof=st.text(_printable, min_size=1, max_size=20),
    program=st.text(_printable, min_size=1, max_size=20).filter(str.strip),
    batch=st.integers(min_value=1, max_value=250),
)
def test_property_request_round_trips(
    message: str, numbers: list[str], spoof: str, program: str, batch: int
) -> None:
    plan = gw.plan_send(
        message,
        numbers,
        credentials=CREDS,
        endpoint=EP,
        program_id=program,
        sender=spoof,
        batch_size=batch,
    )
    assert plan.rejections == ()
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
_values = st.one_of(st.none(), st.lists(st.sampled_from(["Ana", "Zoë", "😀"]), max_size=2))


@given(
    raws=st.lists(st.tuples(_raw, _values), max_size=60),
    batch=st.integers(min_value=1, max_value=7),
)
def test_property_every_input_is_accounted_for_and_grouped_by_text(
    raws: list[tuple[str, list[str] | None]], batch: int
) -> None:
    recipients = [Recipient(raw, values) for raw, values in raws]
    plan = gw.plan_send(
        Template("Hi {0} {1}"),
        recipients,
        credentials=CREDS,
        endpoint=EP,
        program_id="1",
        sender="1",
        batch_size=batch,
        defaults=["you", "!"],
    )
    plan.check_accounting()
    assert plan.read == len(raws)
    assert {r.code for r in plan.rejections} <= {"109", "111"}
    assert all(1 <= len(b) <= batch for b in plan.batches)
    assert len(plan.requests) == len(plan.batches)
    text_of = dict(zip(plan.accepted, plan.texts, strict=True))
    for request, numbers in zip(plan.requests, plan.batches, strict=True):
        sent = gw.parse_send_request(request)["message"]
        assert {text_of[n] for n in numbers} == {sent}
    assert sorted(n for b in plan.batches for n in b) == sorted(plan.accepted)


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
    max_leaves=20,
)


def _parse_only_smscore_errors(response: Response) -> None:
    try:
        result = gw.parse_send(response, numbers=["12135550123"])
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
