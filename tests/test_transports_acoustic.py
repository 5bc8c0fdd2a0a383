"""Acoustic clients: ``credentials=acoustic.Credentials(...)``, ``send_plan``, and outcomes for
contacts sent by Contact ID or lookup keys (they once raised KeyError: no phoneNumber)."""

from __future__ import annotations

import asyncio
import json

import pytest

from smscore import InvalidRequest, ProviderError, Request, Response
from smscore.providers import acoustic, messangi
from smscore.transports import (
    AcousticClient,
    AsyncAcousticClient,
    AsyncMockTransport,
    MockTransport,
    Outcome,
)

TOKEN = b'{"access_token":"tok-%d","expires_in":14400}'
OAUTH = acoustic.Credentials(client_id="c", client_secret="s", refresh_token="r")
LOOKUP: dict[str, object] = {"contactLookup": [{"name": "EMAIL", "value": "a@b.test"}]}
ACCEPTED = Response(status=202, body=b'{"id":"tx-1"}')


def _plan(**settings: object) -> acoustic.SendPlan:
    base: dict[str, object] = {
        "credentials": acoustic.Credentials("plan-token"),
        "program_id": "1",
        "pod": 1,
    }
    return acoustic.plan_send(
        "Hi %%A%%",
        ["19495001234", {"contactId": "42"}, LOOKUP, "19495001234", "x"],
        defaults={"A": "you"},
        **{**base, "batch_size": 2, **settings},  # type: ignore[arg-type]
    )


class _Server:
    """Tokens tok-1, tok-2...; sends answered from ``answers`` (then 202 tx-<n>)."""

    def __init__(self, *answers: Response) -> None:
        self.answers = list(answers)
        self.tokens = 0
        self.sends = 0

    def __call__(self, request: Request) -> Response:
        if request.url.endswith("/oauth/token"):
            self.tokens += 1
            return Response(status=200, body=TOKEN % self.tokens)
        self.sends += 1
        if self.answers:
            return self.answers.pop(0)
        return Response(status=202, body=b'{"id":"tx-%d"}' % self.sends)


def _auths(transport: MockTransport | AsyncMockTransport) -> list[str | None]:
    return [r.header("authorization") for r in transport.requests if "/oauth/" not in r.url]


# --- credentials ---------------------------------------------------------------------------


def test_client_takes_credentials_with_the_oauth_fields() -> None:
    transport = MockTransport(_Server())
    client = AcousticClient(transport, credentials=OAUTH, pod=1)
    assert client.send(channel_qualifier="1", contacts=["19495001234"], content="Hi").id == "tx-1"
    assert client.token_requests == 1
    assert transport.requests[0].body == (
        b"grant_type=refresh_token&client_id=c&client_secret=s&refresh_token=r"
    )
    assert _auths(transport) == ["Bearer tok-1"]


def test_the_old_keyword_form_still_works() -> None:
    transport = MockTransport(_Server())
    client = AcousticClient(transport, client_id="c", client_secret="s", refresh_token="r", pod=1)
    client.send(channel_qualifier="1", contacts=["19495001234"], content="Hi")
    assert _auths(transport) == ["Bearer tok-1"]


def test_an_access_token_alone_is_used_and_a_401_is_not_retried() -> None:
    expired = Response(status=401, body=b"")
    transport = MockTransport(_Server(expired))
    client = AcousticClient(transport, credentials=acoustic.Credentials("given-tok"), pod=1)
    report = client.send_batches(channel_qualifier="1", contacts=["19495001234"], content="Hi")
    assert [(o.outcome, o.code) for o in report.outcomes] == [(Outcome.REJECTED, "401")]
    assert (client.token_requests, _auths(transport)) == (0, ["Bearer given-tok"])


def test_a_given_access_token_with_oauth_fields_is_refreshed_after_a_401() -> None:
    transport = MockTransport(_Server(Response(status=401, body=b"")))
    client = AcousticClient(transport, credentials=OAUTH.with_token("given-tok"), pod=1)
    assert client.send(channel_qualifier="1", contacts=["19495001234"], content="Hi").id == "tx-2"
    assert _auths(transport) == ["Bearer given-tok", "Bearer tok-1"]
    client.send(channel_qualifier="1", contacts=["19495001234"], content="Hi")
    assert (client.token_requests, _auths(transport)[-1]) == (1, "Bearer tok-1")


def test_credentials_and_keywords_together_are_refused() -> None:
    with pytest.raises(InvalidRequest) as info:
        AcousticClient(MockTransport(_Server()), credentials=OAUTH, client_id="c", pod=1)
    assert (info.value.field, str(info.value)) == (
        "client_id",
        "client_id: give credentials or client_id, client_secret and refresh_token, not both",
    )


def test_no_credentials_is_refused() -> None:
    with pytest.raises(InvalidRequest) as info:
        AsyncAcousticClient(AsyncMockTransport(_Server()), pod=1)
    assert (info.value.field, str(info.value)) == (
        "credentials",
        "credentials: give credentials=acoustic.Credentials(...) (an access token, or "
        "client_id, client_secret and refresh_token to fetch one)",
    )


def test_half_the_oauth_keywords_name_the_missing_one() -> None:
    with pytest.raises(InvalidRequest) as info:
        AcousticClient(MockTransport(_Server()), client_id="c", client_secret="s", pod=1)
    assert (info.value.field, str(info.value)) == (
        "refresh_token",
        "refresh_token: the OAuth refresh-token grant needs client_id, client_secret and "
        "refresh_token together",
    )


def test_credentials_of_another_provider_are_a_type_error() -> None:
    with pytest.raises(TypeError) as info:
        AcousticClient(MockTransport(_Server()), credentials=messangi.Credentials("k"), pod=1)  # type: ignore[arg-type]
    assert str(info.value) == (
        "credentials must be a smscore.providers.acoustic.Credentials, got Credentials"
    )


def test_client_repr_shows_no_credential() -> None:
    client = AcousticClient(
        MockTransport(_Server()), credentials=OAUTH.with_token("tok-S3CRET"), pod=1
    )
    assert repr(client) == "AcousticClient(pod=1, base_url=None)"


# --- contacts by Contact ID or lookup keys ----------------------------------------------------


def test_send_batches_names_contacts_by_id_and_lookup() -> None:
    transport = MockTransport(_Server())
    client = AcousticClient(transport, credentials=OAUTH, pod=1)
    contacts: list[acoustic.ContactLike] = ["19495001234", {"contactId": "42"}, LOOKUP]
    report = client.send_batches(channel_qualifier="1", contacts=contacts, content="Hi")
    assert [(o.recipient, o.outcome, o.message_id) for o in report.outcomes] == [
        ("19495001234", Outcome.ACCEPTED, "tx-1"),
        ("contactId:42", Outcome.ACCEPTED, "tx-1"),
        ("contactLookup:EMAIL=a@b.test", Outcome.ACCEPTED, "tx-1"),
    ]


def test_a_failed_send_names_contacts_by_id() -> None:
    server = _Server(Response(status=503, body=b'{"meta":{"generalErrors":["Down"]}}'))
    client = AcousticClient(MockTransport(server), credentials=OAUTH, pod=1)
    report = client.send_batches(
        channel_qualifier="1", contacts=[{"contactId": "42"}], content="Hi"
    )
    assert [(o.recipient, o.outcome, o.message) for o in report.outcomes] == [
        ("contactId:42", Outcome.UNKNOWN, "not known whether sent: Down")
    ]


# --- send_plan -------------------------------------------------------------------------------


def test_send_plan_sends_every_request_with_the_clients_token() -> None:
    plan = _plan()
    transport = MockTransport(_Server())
    client = AcousticClient(transport, credentials=OAUTH, pod=1)
    report = client.send_plan(plan)
    assert report.requests == 2
    assert [(o.recipient, o.outcome, o.message_id) for o in report.outcomes] == [
        ("19495001234", Outcome.ACCEPTED, "tx-1"),
        ("contactId:42", Outcome.ACCEPTED, "tx-1"),
        ("contactLookup:EMAIL=a@b.test", Outcome.ACCEPTED, "tx-2"),
    ]
    sends = [r for r in transport.requests if "/oauth/" not in r.url]
    assert [(r.url, r.body) for r in sends] == [(r.url, r.body) for r in plan.requests]
    assert [r.headers for r in sends] == [
        (
            ("Content-Type", "application/json"),
            ("Accept", "application/json"),
            ("Authorization", "Bearer tok-1"),
        )
    ] * 2
    assert (plan.rejected, plan.duplicates) == (
        (("x", "Invalid phone number. (not a number)"),),
        (("19495001234", "19495001234"),),
    )


def test_send_plan_refreshes_once_after_a_401() -> None:
    transport = MockTransport(_Server(Response(status=401, body=b"")))
    client = AcousticClient(transport, credentials=OAUTH, pod=1)
    report = client.send_plan(_plan(batch_size=1000))
    assert [o.message_id for o in report.outcomes] == ["tx-2"] * 3
    assert _auths(transport) == ["Bearer tok-1", "Bearer tok-2"]


def test_send_plan_failure_is_reported_per_contact_and_goes_on() -> None:
    server = _Server(Response(status=400, body=b'{"meta":{"generalErrors":["Bad"]}}'))
    client = AcousticClient(MockTransport(server), credentials=OAUTH, pod=1)
    report = client.send_plan(_plan())
    assert [(o.recipient, o.outcome, o.code) for o in report.outcomes] == [
        ("19495001234", Outcome.REJECTED, "400"),
        ("contactId:42", Outcome.REJECTED, "400"),
        ("contactLookup:EMAIL=a@b.test", Outcome.ACCEPTED, None),
    ]


def test_send_plan_refuses_a_plan_with_rejections_before_sending() -> None:
    transport = MockTransport(_Server())
    client = AcousticClient(transport, credentials=OAUTH, pod=1)
    with pytest.raises(ProviderError) as info:
        client.send_plan(_plan(known_programs={"2"}))
    assert str(info.value) == (
        "acoustic: 400: SMS Program is inactive or not found with identifier 1."
    )
    assert transport.requests == []


def test_send_plan_refuses_a_plan_for_another_host() -> None:
    transport = MockTransport(_Server())
    client = AcousticClient(transport, credentials=OAUTH, pod=2)
    with pytest.raises(InvalidRequest) as info:
        client.send_plan(_plan())
    assert (info.value.field, str(info.value)) == (
        "plan",
        "plan: a request goes to "
        "'https://api-campaign-us-1.goacoustic.com/rest/channels/sms/externalconsentsends', "
        "not to this client's host 'https://api-campaign-us-2.goacoustic.com': the client's "
        "token only goes there",
    )
    assert transport.requests == []


def test_send_plan_refuses_another_providers_plan() -> None:
    plan = messangi.plan_send(
        "hi", ["+525500000000"], credentials=messangi.Credentials("k-123456"), sender="1234"
    )
    client = AcousticClient(MockTransport(_Server()), credentials=OAUTH, pod=1)
    with pytest.raises(InvalidRequest) as info:
        client.send_plan(plan)
    assert (info.value.field, str(info.value)) == (
        "plan",
        "plan: a 'messangi' plan, not an 'acoustic' one",
    )
    with pytest.raises(TypeError) as type_info:
        client.send_plan("plan")  # type: ignore[arg-type]
    assert str(type_info.value) == "plan must be a smscore.providers.SendPlan, got str"


def test_async_send_plan_with_a_given_token() -> None:
    plan = _plan()
    transport = AsyncMockTransport(_Server())

    async def main() -> list[tuple[str, Outcome, str | None]]:
        client = AsyncAcousticClient(
            transport, credentials=acoustic.Credentials("given-tok"), pod=1
        )
        report = await client.send_plan(plan)
        assert (report.requests, client.token_requests) == (2, 0)
        return [(o.recipient, o.outcome, o.message_id) for o in report.outcomes]

    outcomes = asyncio.run(main())
    assert sorted(outcomes) == [
        ("19495001234", Outcome.ACCEPTED, outcomes[0][2]),
        ("contactId:42", Outcome.ACCEPTED, outcomes[0][2]),
        ("contactLookup:EMAIL=a@b.test", Outcome.ACCEPTED, outcomes[2][2]),
    ]
    assert {outcomes[0][2], outcomes[2][2]} == {"tx-1", "tx-2"}
    assert _auths(transport) == ["Bearer given-tok"] * 2
    bodies = sorted(
        json.loads(r.body)["contacts"][0].get("phoneNumber", "") for r in transport.requests
    )
    assert bodies == ["", "19495001234"]
