"""The provider registry: one package per provider API, each the same shape.

Each provider package holds, from the bottom up: its rules as data (limits, the error catalogue
with the provider's exact texts, and each rule's basis: documented in a seed with the section,
or assumed with the reason), then build / check / parse, then its face (the package
``__init__``). Send providers (``mgage-gateway``, ``messangi``, ``acoustic``) share one
interface (:mod:`smscore.providers._common`)::

    from smscore import providers
    gw = providers.get("mgage-gateway")
    plan = gw.plan_send("Hi", ["12135550123"], credentials=gw.Credentials("u", "p"),
                        program_id="1", endpoint="https://gw.example/send")

Every package has ``NAME``, ``TITLE``, ``SEED``, ``SENDS``, ``Credentials`` and
``run_vector(operation, input)`` (the conformance harness). A fifth provider is one new
package plus one line in :data:`_MODULES`. Packages are imported on first use.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from types import ModuleType
from typing import Final

from ..errors import InvalidRequest
from ._common import Recipient, SendPlan

__all__ = ["PROVIDERS", "SEND_PROVIDERS", "Recipient", "SendPlan", "get"]

#: Provider name -> the package that implements it (imported lazily).
_MODULES: Final[Mapping[str, str]] = {
    "mgage-gateway": "smscore.providers.mgage_gateway",
    "mgage-export": "smscore.providers.mgage_export",
    "messangi": "smscore.providers.messangi",
    "acoustic": "smscore.providers.acoustic",
}

#: The providers that send messages (they have ``plan_send``, ``check_send``, ``parse_send``).
SEND_PROVIDERS: Final = ("mgage-gateway", "messangi", "acoustic")


class _Registry(Mapping[str, ModuleType]):
    """Name -> provider package, imported on first access."""

    def __getitem__(self, name: str) -> ModuleType:
        return importlib.import_module(_MODULES[name])

    def __iter__(self) -> Iterator[str]:
        return iter(_MODULES)

    def __len__(self) -> int:
        return len(_MODULES)

    def __repr__(self) -> str:
        return f"PROVIDERS({', '.join(_MODULES)})"


#: Every provider by name: ``PROVIDERS["messangi"]`` is :mod:`smscore.providers.messangi`.
PROVIDERS: Final[Mapping[str, ModuleType]] = _Registry()


def get(name: str) -> ModuleType:
    """The provider package called ``name`` (``"mgage-gateway"``, ``"mgage-export"``,
    ``"messangi"``, ``"acoustic"``).

    >>> get("messangi").NAME
    'messangi'
    """
    if not isinstance(name, str) or name not in _MODULES:
        raise InvalidRequest(
            f"unknown provider {name!r}; known: {', '.join(_MODULES)}",
            field="provider",
            value=name,
            rule="smscore.providers.PROVIDERS",
        )
    return PROVIDERS[name]
