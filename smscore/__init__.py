"""smscore: compose and validate SMS messages and build each provider's exact request.

Sans-I/O: text, numbers and templates go in; a :class:`Request` comes out; a
:class:`Response` goes back in and a typed result comes out. Providers stay namespaced::

    from smscore.providers import messangi
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from .numbers import NumberCheck, check_number, normalize_number
    from .numbers.recipients import (
        RecipientChunk,
        Recipients,
        prepare_recipients,
        stream_recipients,
    )
    from .providers import Recipient, SendPlan
    from .templates import ComposedMessage, Composition, Template, ValueCause, compose
    from .text import Encoding, Replacement, Segmentation, Ucs2Cause, segment
    from .verdicts import Advice, Basis, Rejection
    from .wire import Request, Response

#: Public name -> the module that defines it. Imported on first use (PEP 562), so that
#: ``import smscore`` costs only the error tree; ``from smscore import segment`` and
#: ``smscore.segment`` load the text engine then, once.
_LAZY: dict[str, str] = {
    **dict.fromkeys(("NumberCheck", "check_number", "normalize_number"), "numbers"),
    **dict.fromkeys(
        ("RecipientChunk", "Recipients", "prepare_recipients", "stream_recipients"),
        "numbers.recipients",
    ),
    **dict.fromkeys(("Recipient", "SendPlan"), "providers"),
    **dict.fromkeys(
        ("ComposedMessage", "Composition", "Template", "ValueCause", "compose"), "templates"
    ),
    **dict.fromkeys(("Encoding", "Replacement", "Segmentation", "Ucs2Cause", "segment"), "text"),
    **dict.fromkeys(("Advice", "Basis", "Rejection"), "verdicts"),
    **dict.fromkeys(("Request", "Response"), "wire"),
}


if not TYPE_CHECKING:  # a type checker sees the imports above; a typo stays an error there

    def __getattr__(name: str) -> Any:
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module 'smscore' has no attribute {name!r}")
        import importlib

        value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
        globals()[name] = value  # the next access is a plain module attribute
        return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


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
