"""Requests and responses as plain data, and the helpers every provider module shares.

A :class:`Request` is what a transport sends (method, URL, headers, body bytes); a
:class:`Response` is what it got back. Nothing here does I/O. Credentials given to
:func:`basic_auth` or :func:`bearer_auth` end up only in the ``Authorization`` header value,
and every ``repr`` of a request masks that value.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as _dt
import enum
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import SplitResult, quote, unquote, unquote_plus, urlsplit

from .errors import InvalidRequest, UnexpectedResponse
from .verdicts import Advice, Basis, Rejection

__all__ = [
    "SENSITIVE_FORM_FIELDS",
    "SENSITIVE_HEADERS",
    "Advice",
    "Basis",
    "Rejection",
    "Request",
    "Response",
    "basic_auth",
    "bearer_auth",
    "json_body",
    "mask_secret",
    "percent_encode",
    "query_string",
    "redact_url",
    "request_secrets",
    "scrub",
    "scrub_response",
    "split_url",
    "to_data",
]

#: Header names whose values are never shown (compared case-insensitively).
SENSITIVE_HEADERS = frozenset({"authorization", "proxy-authorization", "x-api-key", "cookie"})

#: Form fields whose values are never shown (an OAuth grant carries them in the body,
#: RFC 6749 §6 and §4.4); masked in ``application/x-www-form-urlencoded`` bodies.
SENSITIVE_FORM_FIELDS = frozenset(
    {"client_secret", "refresh_token", "access_token", "password", "client_assertion", "code"}
)

Headers = tuple[tuple[str, str], ...]


def mask_secret(value: str) -> str:
    """Mask a credential-bearing header value, keeping only the scheme.

    >>> mask_secret("Bearer abc.def")
    'Bearer ***'
    """
    scheme, sep, _rest = value.partition(" ")
    return f"{scheme} ***" if sep else "***"


def _masked_headers(headers: Headers) -> Headers:
    return tuple(
        (name, mask_secret(value) if name.lower() in SENSITIVE_HEADERS else value)
        for name, value in headers
    )


# "scheme://user:password@" inside a body (a callback URL in a JSON body): the password goes.
# Linear: each attempt starts at "://" and stops at the next "/", "@" or quote.
_BODY_USERINFO: Final = re.compile(rb"(://[^/\s:@\"']*:)[^@/\s\"']*@")


def _masked_body(headers: Headers, body: bytes) -> bytes:
    if b"@" in body and b"://" in body:
        body = _BODY_USERINFO.sub(rb"\1***@", body)
    content_type = _header(headers, "content-type") or ""
    if not body or not content_type.lower().startswith("application/x-www-form-urlencoded"):
        return body
    fields = []
    for part in body.split(b"&"):
        name, sep, _value = part.partition(b"=")
        secret = name.decode("ascii", "replace") in SENSITIVE_FORM_FIELDS
        fields.append(name + sep + b"***" if secret and sep else part)
    return b"&".join(fields)


def _header(headers: Headers, name: str) -> str | None:
    wanted = name.lower()
    for key, value in headers:
        if key.lower() == wanted:
            return value
    return None


@dataclass(frozen=True, slots=True, kw_only=True)
class Request:
    """One HTTP request, exactly as it goes on the wire.

    >>> r = Request(method="GET", url="https://example.test/x", headers=(("Accept", "*/*"),))
    >>> r.header("accept")
    '*/*'
    """

    method: str
    url: str
    headers: Headers = ()
    body: bytes = b""

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (case-insensitive), or ``None``."""
        return _header(self.headers, name)

    def masked(self) -> dict[str, Any]:
        """The request as JSON-ready data with credentials masked (for logs and the CLI).

        Sensitive headers keep only their scheme; in a form-encoded body the values of
        :data:`SENSITIVE_FORM_FIELDS` become ``***``.
        """
        data = self.to_data()
        data["url"] = redact_url(self.url)
        data["headers"] = dict(_masked_headers(self.headers))
        data["body"] = _masked_body(self.headers, self.body).decode("utf-8")
        return data

    def to_data(self) -> dict[str, Any]:
        """The request as JSON-ready data, unmasked: the conformance vectors' ``request`` form.

        The body is decoded as UTF-8 text (every provider body is text).
        """
        return {
            "method": self.method,
            "url": self.url,
            "headers": dict(self.headers),
            "body": self.body.decode("utf-8"),
        }

    def __repr__(self) -> str:
        return (
            f"Request(method={self.method!r}, url={redact_url(self.url)!r}, "
            f"headers={_masked_headers(self.headers)!r}, "
            f"body={_masked_body(self.headers, self.body)!r})"
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Response:
    """One HTTP response as received: status, headers, body bytes."""

    status: int
    headers: Headers = ()
    body: bytes = b""

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (case-insensitive), or ``None``."""
        return _header(self.headers, name)

    def text(self) -> str:
        """The body decoded as UTF-8 (undecodable bytes replaced)."""
        return self.body.decode("utf-8", errors="replace")

    def json(self, provider: str) -> Any:
        """The body parsed as JSON, or :class:`UnexpectedResponse` naming ``provider``."""
        try:
            return json.loads(self.body)
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            # RecursionError: nested deeper than the parser goes (a body of 100,000 "[")
            raise UnexpectedResponse(
                provider,
                f"response body is not JSON ({exc.__class__.__name__})",
                status=self.status,
                body=self.body,
            ) from None


def _check_credential(value: object, field: str, rule: str, *, ascii_only: bool = False) -> str:
    """A credential must be text that UTF-8 can carry, with no control characters.

    ``ascii_only``: the credential goes verbatim into a header value (a bearer token, an API
    key header), which httpx encodes as ASCII: anything else would fail there with a
    ``UnicodeEncodeError`` holding the whole header, so it is refused here. (Basic
    credentials are base64 of UTF-8 and may be any text.) The message names the field, the
    rule and the position, never the value (it is a secret).
    """
    if not isinstance(value, str):
        raise InvalidRequest(
            f"{field} must be a str, got {type(value).__name__}", field=field, rule=rule
        )
    for i, ch in enumerate(value):
        if "\ud800" <= ch <= "\udfff":
            raise InvalidRequest(
                f"{field} has a lone surrogate at position {i}: it cannot be encoded as UTF-8",
                field=field,
                rule=rule,
                position=i,
            )
        if ch < " " or ch == "\x7f":
            raise InvalidRequest(
                f"{field} has a control character at position {i} (RFC 9110 §5.5)",
                field=field,
                rule=rule,
                position=i,
            )
        if ascii_only and ch > "\x7f":
            raise InvalidRequest(
                f"{field} has a non-ASCII character at position {i}: a header value carries "
                "it verbatim, and HTTP clients send header values as ASCII (RFC 9110 §5.5)",
                field=field,
                rule=rule,
                position=i,
            )
    return value


def basic_auth(username: str, password: str) -> tuple[str, str]:
    """The ``Authorization`` header for HTTP Basic (RFC 7617), as a (name, value) pair.

    Errors name the field and the rule, never the credential.

    >>> basic_auth("user", "pass")
    ('Authorization', 'Basic dXNlcjpwYXNz')
    """
    rule = "RFC 7617: Basic credentials are UTF-8 text without control characters"
    _check_credential(username, "username", rule)
    _check_credential(password, "password", rule)
    if ":" in username:
        raise InvalidRequest(
            "username must not contain ':' (RFC 7617 §2)",
            field="username",
            rule="no colon in a Basic user-id",
        )
    token = base64.b64encode(f"{username}:{password}".encode()).decode("ascii")
    return ("Authorization", f"Basic {token}")


def bearer_auth(token: str) -> tuple[str, str]:
    """The ``Authorization`` header for a bearer token (RFC 6750), as a (name, value) pair.

    >>> bearer_auth("abc")
    ('Authorization', 'Bearer abc')
    """
    if not isinstance(token, str) or not token.strip() or any(c in token for c in "\r\n"):
        raise InvalidRequest(
            "bearer token must be a non-empty single-line str",
            field="token",
            rule="RFC 6750 bearer token",
        )
    _check_credential(token, "token", "RFC 6750 bearer token", ascii_only=True)
    return ("Authorization", f"Bearer {token}")


def percent_encode(value: str, safe: str = "") -> str:
    """Percent-encode ``value`` as UTF-8 (RFC 3986), spaces as ``%20``.

    Only unreserved characters (``A-Z a-z 0-9 - . _ ~``) and those in ``safe`` stay literal.
    A lone surrogate (not encodable as UTF-8) raises :class:`InvalidRequest`.

    >>> percent_encode("a b&c=d+é")
    'a%20b%26c%3Dd%2B%C3%A9'
    """
    if not isinstance(value, str):
        raise TypeError(f"percent_encode: value must be a str, got {type(value).__name__}")
    if not isinstance(safe, str):
        raise TypeError(f"percent_encode: safe must be a str, got {type(safe).__name__}")
    try:
        return quote(value, safe=safe, encoding="utf-8", errors="strict")
    except UnicodeEncodeError as exc:
        raise InvalidRequest(
            f"value has a lone surrogate at position {exc.start}: it cannot be encoded as UTF-8",
            field="value",
            rule="parameters are UTF-8 percent-encoded",
            position=exc.start,
        ) from None


def query_string(params: Iterable[tuple[str, str]] | Mapping[str, str], safe: str = "") -> str:
    """Join parameters into a query string, in the order given, every value percent-encoded.

    >>> query_string([("a", "1 2"), ("b", "x,y")])
    'a=1%202&b=x%2Cy'
    """
    given: object = params
    if isinstance(given, str | bytes) or not isinstance(given, Iterable):
        raise TypeError(
            "query_string: params must be a mapping or (name, value) pairs, "
            f"got {type(params).__name__}"
        )
    items = params.items() if isinstance(params, Mapping) else params
    out = []
    for item in items:
        if not (isinstance(item, tuple) and len(item) == 2 and all(type(x) is str for x in item)):
            raise TypeError(f"query_string: params items must be (str, str) pairs, got {item!r}")
        out.append(f"{percent_encode(item[0])}={percent_encode(item[1], safe)}")
    return "&".join(out)


def json_body(data: Any) -> bytes:
    """The one JSON encoding every provider body uses: compact, UTF-8, keys in given order.

    Data JSON cannot carry (NaN, infinities, lone surrogates, other objects) raises
    :class:`InvalidRequest`.

    >>> json_body({"text": "é", "n": 1})
    b'{"text":"\\xc3\\xa9","n":1}'
    """
    try:
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InvalidRequest(
            f"body has a lone surrogate at position {exc.start} of its JSON text: "
            "it cannot be encoded as UTF-8",
            field="body",
            rule="JSON bodies are UTF-8 (RFC 8259 §8.1)",
        ) from None
    except (ValueError, TypeError) as exc:
        raise InvalidRequest(
            f"body is not JSON-encodable: {exc}",
            field="body",
            rule="JSON has no NaN or infinity and only str, number, bool, null, list, object",
        ) from None


def to_data(obj: Any) -> Any:
    """Turn a result (dataclasses, enums, tuples, bytes) into JSON-ready data.

    Requests and rejections take their own ``to_data()`` form; other dataclasses become dicts
    of their fields, str/int enums their value, dates ISO 8601 text, tuples and lists
    lists, bytes UTF-8 text; the conformance vectors' ``result`` form.

    >>> to_data(("a", b"b", {"k": (1, 2)}))
    ['a', 'b', {'k': [1, 2]}]
    """
    if obj is None or isinstance(obj, bool | int | float):
        return obj
    if isinstance(obj, enum.Enum):
        return to_data(obj.value)
    if isinstance(obj, _dt.datetime | _dt.date):
        return obj.isoformat()
    if isinstance(obj, str):
        return str(obj)
    if isinstance(obj, bytes):
        return obj.decode("utf-8", errors="replace")
    if isinstance(obj, Request | Rejection):
        return obj.to_data()
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_data(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, Mapping):
        return {str(k): to_data(v) for k, v in obj.items()}
    if isinstance(obj, tuple | list | frozenset | set):
        return [to_data(v) for v in obj]
    raise TypeError(f"to_data: obj of type {type(obj).__name__} has no JSON form")


# --- untrusted text: URLs, echoed secrets (issue 12) --------------------------------------

#: Shortest value :func:`scrub` searches for: shorter ones would mask ordinary words.
MIN_SCRUBBED = 4


def redact_url(url: object) -> str:
    """``url`` with the password of its user-info masked; never raises, whatever the text.

    >>> redact_url("http://u:s3cret@host.test/p?q=1")
    'http://u:***@host.test/p?q=1'
    >>> redact_url("http://[::1")
    'http://[::1'
    """
    if not isinstance(url, str):
        return f"<{type(url).__name__}>"
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    end = len(rest)
    for stop in "/?#":
        found = rest.find(stop)
        if 0 <= found < end:
            end = found
    authority, tail = rest[:end], rest[end:]
    userinfo, at, hostport = authority.rpartition("@")
    if not at:
        return url
    user, colon, _password = userinfo.partition(":")
    return f"{scheme}://{user}{':***' if colon else ''}@{hostport}{tail}"


def split_url(url: object, field: str) -> SplitResult:
    """``urlsplit(url)`` with its port checked, or :class:`InvalidRequest` naming ``field``.

    urllib raises a bare ``ValueError`` for ``http://[::1`` (an unclosed IPv6 bracket) or a
    port out of range; the error here names the field and shows the URL with its password
    masked (:func:`redact_url`).

    >>> split_url("https://h.test:8443/p", "base_url").port
    8443
    >>> split_url("http://[::1", "Location")
    Traceback (most recent call last):
    ...
    smscore.errors.InvalidRequest: Location is not a readable URL: 'http://[::1' (Invalid IPv6 URL)
    """
    if not isinstance(url, str):
        raise InvalidRequest(
            f"{field} must be a str, got {type(url).__name__}", field=field, rule="a URL is text"
        )
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises for a port that is not a number or out of range
    except ValueError as exc:
        raise InvalidRequest(
            f"{field} is not a readable URL: {redact_url(url)!r} ({exc})",
            field=field,
            value=redact_url(url),
            rule="RFC 3986 URL",
        ) from None
    return parts


def scrub(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every secret (at least :data:`MIN_SCRUBBED` characters) replaced by ``***``.

    Longer secrets go first, so a secret that contains another is masked whole.

    >>> scrub("Bearer tok-123 was rejected", ["tok-123"])
    'Bearer *** was rejected'
    """
    for secret in sorted({s for s in secrets if len(s) >= MIN_SCRUBBED}, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


def request_secrets(request: Request) -> tuple[str, ...]:
    """Every credential ``request`` carries, in the forms a server might echo it.

    Sensitive header values whole and without their scheme, a Basic header's decoded
    ``user:password`` and password, the URL's user-info password, and the values of
    :data:`SENSITIVE_FORM_FIELDS` in a form body (raw and percent-decoded).
    """
    found: list[str] = []
    for name, value in request.headers:
        if name.lower() not in SENSITIVE_HEADERS:
            continue
        scheme, _, credential = value.partition(" ")
        found += [value, credential]
        if scheme.lower() == "basic":
            try:
                pair = base64.b64decode(credential, validate=True).decode("utf-8")
            except ValueError:  # binascii.Error and UnicodeDecodeError are ValueErrors
                pair = ""
            found += [pair, pair.partition(":")[2]]
    try:
        password = urlsplit(request.url).password
    except ValueError:
        password = None
    if password:
        found += [password, unquote(password)]
    for name in SENSITIVE_FORM_FIELDS:
        found += _form_values(request, name)
    return tuple(s for s in found if s)


def _form_values(request: Request, field: str) -> list[str]:
    """The values of ``field`` in a form-encoded body, raw and percent-decoded."""
    content_type = (request.header("content-type") or "").lower()
    if not content_type.startswith("application/x-www-form-urlencoded"):
        return []
    out: list[str] = []
    for part in request.body.decode("utf-8", "replace").split("&"):
        name, sep, value = part.partition("=")
        if sep and unquote_plus(name) == field:
            out += [value, unquote_plus(value)]
    return out


def scrub_response(response: Response, request: Request) -> Response:
    """``response`` with the credentials of ``request`` masked in its body and header values.

    The clients apply it to every answer before parsing, so no text taken from a response
    (an error message, an :class:`UnexpectedResponse` body, a per-recipient outcome) can
    show a credential the server echoed. The same object comes back when nothing matched.

    One exception: a successful OAuth grant (a 2xx answer to a form body with
    ``grant_type``) keeps a ``refresh_token`` equal to the one sent, since the server may
    issue the same one again (RFC 6749 §6) and the caller needs it.
    """
    if 200 <= response.status < 300 and b"grant_type=" in request.body:
        # every credential but the refresh token (one equal to another stays masked)
        kept = [p for p in request.body.split(b"&") if not p.startswith(b"refresh_token=")]
        request = dataclasses.replace(request, body=b"&".join(kept))
    secrets = request_secrets(request)
    if not secrets:
        return response
    body = response.body
    for secret in sorted({s for s in secrets if len(s) >= MIN_SCRUBBED}, key=len, reverse=True):
        body = body.replace(secret.encode("utf-8", "replace"), b"***")
    headers = tuple((k, scrub(v, secrets)) for k, v in response.headers)
    if body == response.body and headers == response.headers:
        return response
    return Response(status=response.status, headers=headers, body=body)
