"""Send through the local simulator and page through the mGage export (README walk-through).

Run with the simulator extra installed: ``pip install 'smscore[simulator]'``, then
``python examples/walkthrough.py``. It starts the simulator on a free loopback port, sends one
message to three numbers through the mGage gateway client (one is a duplicate, one is not a
number), and reads the messages back from the export, page by page.
"""

from __future__ import annotations

from smscore.simulator import GATEWAY_PATH, running
from smscore.transports import HttpxTransport, MgageExportClient, MgageGatewayClient


def main() -> list[str]:
    """Run the walk-through; returns the lines it prints."""
    lines: list[str] = []
    with running() as sim, HttpxTransport() as transport:
        gateway = MgageGatewayClient(
            transport,
            endpoint=sim.base_url + GATEWAY_PATH,
            username="demo",
            password="demo-password",
            program_id="104967",
            spoof_from="US-35465",
        )
        report = gateway.send("Your code is 4521", ["+1 213 373 4253", "12133734253", "call me"])
        lines.extend(
            f"{o.recipient}: {o.outcome.value} {o.code or ''} {o.message or ''}".rstrip()
            for o in report.outcomes
        )
        export = MgageExportClient(
            transport,
            username="demo",
            password="demo-password",
            base_url=sim.base_url + "/api/messages/program/",
        )
        for page in export.pages("104967", page_size=1):
            lines.extend(
                f"export: {m.type} {m.number} {m.delivery_status} {m.body!r}" for m in page.messages
            )
    return lines


if __name__ == "__main__":
    print("\n".join(main()))
