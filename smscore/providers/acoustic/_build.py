"""The requests behind :mod:`smscore.providers.acoustic`: credentials, hosts, and the token,
send and status requests (pure: no I/O, no clock). Builders never raise for what Acoustic
would refuse: that is data (:func:`~._check.check_payload`); they raise
:class:`~smscore.errors.InvalidRequest` only for what cannot be built (an unknown pod, a
wrong type, text JSON cannot carry)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from ...errors import InvalidRequest
from ...wire import Request, bearer_auth, percent_encode, query_string, redact_url, split_url
from .._guard import check_secret, require_iterable
from ._check import _programs, payload_rejections
from ._rules import MAX_CONTACTS, MIN_CONTACTS, PATHS, POD_HOSTS
from ._send import ContactLike, check_str_map, optional_fields, scan, send_body

if TYPE_CHECKING:
    from ...templates import Template

__all__ = [
    "JSON_HEADERS",
    "Credentials",
    "base_url_for_pod",
    "build_send",
    "build_sends",
    "build_status",
    "build_token",
    "resolve_base",
    "template_content",
]

JSON_HEADERS: Final = (("Content-Type", "application/json"), ("Accept", "application/json"))
_CRED_RULE: Final = (
    "an Acoustic credential is ASCII text without control characters (it travels in a header "
    "or an OAuth form)"
)


def _check_credential(value: object, name: str) -> str:
    """Non-empty printable ASCII; the error names the field, never the value."""
    check_secret(value, name, _CRED_RULE)
    assert isinstance(value, str)
    if not value.strip():
        raise InvalidRequest(f"{name}: must be a non-empty string", field=name, rule=_CRED_RULE)
    for i, ch in enumerate(value):
        if not " " <= ch <= "~":
            what = "a control character" if ch < " " or ch == "\x7f" else "a non-ASCII character"
            raise InvalidRequest(
                f"{name} has {what} at position {i} (the value is not shown: it is a "
                "credential); HTTP header values and Acoustic's OAuth fields are ASCII",
                field=name,
                rule=_CRED_RULE,
                position=i,
            )
    return value


@dataclass(frozen=True, slots=True)
class Credentials:
    """Acoustic credentials: the OAuth access token the send and status carry (``Bearer``),
    and the refresh-token grant's ``client_id``, ``client_secret`` and ``refresh_token`` that
    fetch one (:func:`build_token`). Give the access token, the three OAuth fields, or both.
    Every value is non-empty printable ASCII; ``repr`` masks them all.

    >>> c = Credentials("tok-123")
    >>> c
    Credentials(access_token='***', client_id=None, client_secret=None, refresh_token=None)
    >>> c.secrets()
    ('tok-123',)
    """

    access_token: str | None = field(default=None)
    client_id: str | None = field(default=None, kw_only=True)
    client_secret: str | None = field(default=None, kw_only=True)
    refresh_token: str | None = field(default=None, kw_only=True)

    def __post_init__(self) -> None:
        oauth = (self.client_id, self.client_secret, self.refresh_token)
        for name, value in zip(
            ("access_token", "client_id", "client_secret", "refresh_token"),
            (self.access_token, *oauth),
            strict=True,
        ):
            if value is not None:
                _check_credential(value, name)
        given = [v is not None for v in oauth]
        if any(given) and not all(given):
            missing = [
                n
                for n, g in zip(("client_id", "client_secret", "refresh_token"), given, strict=True)
                if not g
            ]
            raise InvalidRequest(
                f"{missing[0]}: the OAuth refresh-token grant needs client_id, client_secret "
                "and refresh_token together",
                field=missing[0],
                rule="RFC 6749 §6: refresh-token grant fields",
            )
        if self.access_token is None and not any(given):
            raise InvalidRequest(
                "access_token: give an access token, or client_id, client_secret and "
                "refresh_token to fetch one",
                field="access_token",
                rule="Acoustic calls carry an OAuth access token",
            )

    def __repr__(self) -> str:
        names = ("access_token", "client_id", "client_secret", "refresh_token")
        shown = ", ".join(
            f"{name}={None if getattr(self, name) is None else '***'!r}" for name in names
        )
        return f"Credentials({shown})"

    def secrets(self) -> tuple[str, ...]:
        """Every secret string given (for scrubbing echoed text)."""
        return tuple(
            v
            for v in (self.access_token, self.client_id, self.client_secret, self.refresh_token)
            if v is not None
        )

    def header(self) -> tuple[str, str]:
        """The ``Authorization: Bearer <access token>`` header (RFC 6750) of sends and status.

        >>> Credentials("tok").header()
        ('Authorization', 'Bearer tok')
        """
        if self.access_token is None:
            raise InvalidRequest(
                "credentials.access_token: the send and status carry an access token; fetch "
                "one with build_token and parse_token, then Credentials.with_token",
                field="credentials.access_token",
                rule="Authorization: Bearer <access token>",
            )
        return bearer_auth(self.access_token)

    def with_token(self, access_token: str) -> Credentials:
        """The same credentials with a new access token (after :func:`parse_token`)."""
        return Credentials(
            access_token,
            client_id=self.client_id,
            client_secret=self.client_secret,
            refresh_token=self.refresh_token,
        )

    @property
    def has_oauth(self) -> bool:
        """Whether the refresh-token grant's three fields are given."""
        return self.refresh_token is not None


def require_credentials(value: object) -> Credentials:
    """``value`` if it is a :class:`Credentials`, else a TypeError naming ``credentials``."""
    if not isinstance(value, Credentials):
        raise TypeError(
            "credentials must be a smscore.providers.acoustic.Credentials, got "
            f"{type(value).__name__}"
        )
    return value


def _access_token(credentials: object, token: object) -> str:
    """The bearer token from exactly one of ``credentials`` and ``token``."""
    if credentials is not None and token is not None:
        raise InvalidRequest(
            "token: give credentials or token, not both",
            field="token",
            rule="one access token per request",
        )
    if credentials is not None:
        return require_credentials(credentials).header()[1].removeprefix("Bearer ")
    if not isinstance(token, str):
        raise InvalidRequest(
            "token: give credentials (an acoustic.Credentials) or a non-empty access token",
            field="token",
            rule="RFC 6750 bearer token",
        )
    return token


def base_url_for_pod(pod: str | int) -> str:
    """``https://<pod host>`` for an Acoustic pod (1-9, A, B), from the map in providers.md.

    >>> base_url_for_pod("A")
    'https://api-campaign-ap-1.goacoustic.com'
    """
    key = str(pod).strip().upper() if isinstance(pod, str | int) else None
    host = POD_HOSTS.get(key) if key is not None else None
    if host is None:
        raise InvalidRequest(
            f"pod: {pod!r} is not an Acoustic pod; known pods: {', '.join(POD_HOSTS)}",
            field="pod",
            value=pod,
            rule="providers.md: pod host map (map, never compute)",
        )
    return f"https://{host}"


def resolve_base(pod: str | int | None, base_url: str | None) -> str:
    """The ``https://host`` of every call, from exactly one of ``pod`` and ``base_url``."""
    if base_url is None:
        if pod is None:
            raise InvalidRequest(
                "pod: give an Acoustic pod (1-9, A, B) or a base_url",
                field="pod",
                value=None,
                rule="one of pod or base_url is required",
            )
        return base_url_for_pod(pod)
    shown: object = redact_url(base_url) if isinstance(base_url, str) else base_url
    if pod is not None:
        raise InvalidRequest(
            f"base_url: give either pod ({pod!r}) or base_url ({shown!r}), not both",
            field="base_url",
            value=shown,
            rule="one of pod or base_url",
        )
    if not isinstance(base_url, str) or not base_url.startswith(("https://", "http://")):
        raise InvalidRequest(
            f"base_url: {shown!r} is not an http(s) URL",
            field="base_url",
            value=shown,
            rule="base_url starts with https:// or http://",
        )
    split_url(base_url, "base_url")
    return base_url.rstrip("/")


def build_token(
    *,
    credentials: Credentials | None = None,
    client_id: str | None = None,
    client_secret: str | None = None,
    refresh_token: str | None = None,
    pod: str | int | None = None,
    base_url: str | None = None,
) -> Request:
    """The OAuth refresh-token grant: ``POST https://<pod host>/oauth/token``, form-encoded.

    The grant's fields come from ``credentials`` or from the three keywords. The secrets
    reach only the body; the request's ``repr`` and ``masked()`` hide ``client_secret`` and
    ``refresh_token``.

    >>> r = build_token(pod=1, client_id="cid", client_secret="s3", refresh_token="rt")
    >>> r.body
    b'grant_type=refresh_token&client_id=cid&client_secret=s3&refresh_token=rt'
    """
    base = resolve_base(pod, base_url)
    if credentials is not None:
        creds = require_credentials(credentials)
        if client_id is not None or client_secret is not None or refresh_token is not None:
            raise InvalidRequest(
                "client_id: give credentials or the three OAuth fields, not both",
                field="client_id",
                rule="one source of credentials",
            )
        if not creds.has_oauth:
            raise InvalidRequest(
                "credentials.refresh_token: the token request needs client_id, client_secret "
                "and refresh_token",
                field="credentials.refresh_token",
                rule="RFC 6749 §6: refresh-token grant fields",
            )
        client_id, client_secret, refresh_token = (
            creds.client_id,
            creds.client_secret,
            creds.refresh_token,
        )
    fields = (
        ("client_id", client_id),
        ("client_secret", client_secret),
        ("refresh_token", refresh_token),
    )
    for name, value in fields:
        if value is None:
            raise InvalidRequest(
                f"{name}: must be a non-empty string",
                field=name,
                rule="RFC 6749 §6: refresh-token grant fields",
            )
        _check_credential(value, name)
    body = query_string((("grant_type", "refresh_token"), *fields))  # type: ignore[arg-type]
    return Request(
        method="POST",
        url=base + PATHS["token"],
        headers=(
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Accept", "application/json"),
        ),
        body=body.encode("ascii"),
    )


def template_content(content: object) -> str:
    """The ``%%TAG%%`` content of a ``smscore.Template`` (smscore.templates.acoustic_content)."""
    from ...templates import Template, acoustic_content

    if not isinstance(content, Template):
        raise InvalidRequest(
            f"content: {content!r} is not a string or a smscore.Template",
            field="content",
            value=content,
            rule="seed 003: content is a string",
        )
    return acoustic_content(content)


def content_text(content: object) -> str | None:
    """``content`` as the body's text: a str as is, a Template as %%TAG%% text."""
    if content is None or isinstance(content, str):
        return content
    return template_content(content)


def build_send(
    *,
    credentials: Credentials | None = None,
    token: str | None = None,
    channel_qualifier: str | None,
    contacts: Sequence[ContactLike],
    content: str | Template | None = None,
    personalization_defaults: Mapping[str, str] | None = None,
    source: str | None = None,
    content_id: str | None = None,
    character_swap_enabled: bool | None = None,
    ttl_in_minutes: int | None = None,
    campaign_name: str | None = None,
    pod: str | int | None = None,
    base_url: str | None = None,
    known_programs: Collection[str] | None = None,
    check: bool = False,
) -> Request:
    """One external-consent send: ``POST /rest/channels/sms/externalconsentsends``, Bearer.

    The low-level builder: contacts go out as given (:data:`ContactLike`: a phone number,
    ``(phone, personalization)``, a :class:`Contact` by phone, Contact ID or lookup keys, or
    Acoustic's own JSON object); :func:`plan_send` is the one send interface. The access
    token comes from ``credentials`` or ``token``. ``content`` is ``%%TAG%%`` text or a
    ``smscore.Template``. What Acoustic would refuse is built anyway (predictions are data:
    :func:`check_payload`); ``check=True`` raises the first whole-request prediction as the
    :class:`~smscore.ProviderError` Acoustic would answer (as ``SendPlan.raise_for_rejections``).

    >>> r = build_send(pod=1, token="t", channel_qualifier="129856", contacts=["19492319304"],
    ...                content="Hi")
    >>> r.body
    b'{"content":"Hi","contacts":[{"phoneNumber":"19492319304"}],"channelQualifier":"129856"}'
    """
    text = content_text(content)
    url = resolve_base(pod, base_url) + PATHS["send"]
    headers = (*JSON_HEADERS, bearer_auth(_access_token(credentials, token)))
    if not isinstance(contacts, Sequence) or isinstance(contacts, str):
        raise InvalidRequest(
            f"contacts: {type(contacts).__name__} is not a sequence of contacts",
            field="contacts",
            value=contacts,
            rule="contacts is a list",
        )
    if channel_qualifier is not None and not isinstance(channel_qualifier, str):
        raise InvalidRequest(
            f"channelQualifier: {channel_qualifier!r} is not a string",
            field="channelQualifier",
            value=channel_qualifier,
            rule="providers.md: channelQualifier is a string (the SMS program id)",
        )
    if personalization_defaults is not None:
        check_str_map(personalization_defaults, "personalizationDefaults")
    programs = _programs(known_programs)
    extra = optional_fields(source, content_id, character_swap_enabled, ttl_in_minutes, None)
    extra += optional_fields(None, None, None, None, campaign_name)
    found = scan(contacts, (), True)
    if check:
        rejections = payload_rejections(
            channel_qualifier, len(contacts), text, content_id, programs, found.empty_at
        )
        if rejections:
            raise rejections[0].to_error()
    return Request(
        method="POST",
        url=url,
        headers=headers,
        body=send_body(text, found.items, channel_qualifier, personalization_defaults, extra),
    )


def build_sends(
    *,
    contacts: Iterable[ContactLike],
    batch_size: int = MAX_CONTACTS,
    **options: Any,
) -> tuple[Request, ...]:
    """Any number of contacts as sends of at most ``batch_size`` (1-1000) contacts each.

    Other keyword arguments are those of :func:`build_send`.

    >>> rs = build_sends(pod=1, token="t", channel_qualifier="1", content="Hi",
    ...                  contacts=[str(19495000000 + i) for i in range(2500)])
    >>> [r.body.count(b"phoneNumber") for r in rs]
    [1000, 1000, 500]
    """
    check_batch_size(batch_size)
    items = (
        contacts
        if isinstance(contacts, list | tuple)
        else list(require_iterable(contacts, "contacts", "contacts"))
    )
    if not items:
        raise InvalidRequest(
            "contacts: no contacts to send to",
            field="contacts",
            value=0,
            rule="seed 003: at least 1 contact",
        )
    return tuple(
        build_send(contacts=items[start : start + batch_size], **options)
        for start in range(0, len(items), batch_size)
    )


def check_batch_size(batch_size: object) -> int:
    """``batch_size`` if it is an int from 1 to 1000, else InvalidRequest."""
    if (
        isinstance(batch_size, bool)
        or not isinstance(batch_size, int)
        or not (MIN_CONTACTS <= batch_size <= MAX_CONTACTS)
    ):
        raise InvalidRequest(
            f"batch_size: {batch_size!r} is not between 1 and {MAX_CONTACTS}",
            field="batch_size",
            value=batch_size,
            rule="seed 003: a send holds 1 to 1000 contacts",
        )
    return batch_size


def build_status(
    *,
    credentials: Credentials | None = None,
    token: str | None = None,
    transaction_id: str,
    pod: str | int | None = None,
    base_url: str | None = None,
) -> Request:
    """The status of a send: ``GET /rest/channels/sms/sends/{id}/status`` (id percent-encoded).

    >>> build_status(pod=1, token="t", transaction_id="6adb75b2-158df6e11e8").url
    'https://api-campaign-us-1.goacoustic.com/rest/channels/sms/sends/6adb75b2-158df6e11e8/status'
    """
    url = resolve_base(pod, base_url)
    auth = bearer_auth(_access_token(credentials, token))
    if not isinstance(transaction_id, str) or not transaction_id.strip():
        raise InvalidRequest(
            f"transaction_id: {transaction_id!r} is not a non-empty string",
            field="transaction_id",
            value=transaction_id,
            rule="seed 003: the transaction id returned by the send",
        )
    try:
        path = PATHS["status"].format(id=percent_encode(transaction_id))
    except UnicodeEncodeError:
        raise InvalidRequest(
            f"transaction_id: {transaction_id!r} is not valid Unicode",
            field="transaction_id",
            value=transaction_id,
            rule="the id is UTF-8 text",
        ) from None
    return Request(method="GET", url=url + path, headers=(("Accept", "application/json"), auth))
