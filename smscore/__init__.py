"""smscore: compose and validate SMS messages and build each provider's exact request.

Sans-I/O: text, numbers and templates go in; a :class:`Request` comes out; a
:class:`Response` goes back in and a typed result comes out. Providers stay namespaced::

    from smscore.providers import messangi
"""

from __future__ import annotations

from .errors import (
    InvalidNumber,
    InvalidRequest,
    InvalidText,
    InvalidVector,
    ProviderError,
    SmsError,
    TemplateError,
    TransportError,
    UnexpectedResponse,
)
from .wire import Rejection, Request, Response

# --- text (issue 2) ---
# --- numbers and recipients (issue 3) ---
# --- templates and composition (issue 4) ---

__version__ = "0.1.0"

__all__ = [
    "InvalidNumber",
    "InvalidRequest",
    "InvalidText",
    "InvalidVector",
    "ProviderError",
    "Rejection",
    "Request",
    "Response",
    "SmsError",
    "TemplateError",
    "TransportError",
    "UnexpectedResponse",
    "__version__",
]
