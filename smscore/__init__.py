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
from .numbers import NumberCheck, check_number, normalize_number
from .numbers.recipients import RecipientChunk, Recipients, prepare_recipients, stream_recipients
from .providers import Recipient, SendPlan
from .templates import ComposedMessage, Composition, Template, ValueCause, compose
from .text import Encoding, Replacement, Segmentation, Ucs2Cause, segment
from .verdicts import Advice, Basis, Rejection
from .wire import Request, Response

__version__ = "0.1.0"

__all__ = [
    "Advice",
    "Basis",
    "ComposedMessage",
    "Composition",
    "Encoding",
    "InvalidNumber",
    "InvalidRequest",
    "InvalidText",
    "InvalidVector",
    "NumberCheck",
    "ProviderError",
    "Recipient",
    "RecipientChunk",
    "Recipients",
    "Rejection",
    "Replacement",
    "Request",
    "Response",
    "Segmentation",
    "SendPlan",
    "SmsError",
    "Template",
    "TemplateError",
    "TransportError",
    "Ucs2Cause",
    "UnexpectedResponse",
    "ValueCause",
    "__version__",
    "check_number",
    "compose",
    "normalize_number",
    "prepare_recipients",
    "segment",
    "stream_recipients",
]
