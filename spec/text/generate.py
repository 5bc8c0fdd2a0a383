"""Generate spec/text/segment.jsonl: the ``text`` provider's conformance vectors.

Run from the repository root: ``python spec/text/generate.py``. Each case's encoding, parts,
units and capacity are computed here, one character at a time, from the tables in
``smscore/_gsm.py`` (TS 23.038) and the header sizes (TS 23.040 §9.2.3.24), and checked
against ``smscore.segment`` before the vector is written; the "why UCS-2" report and the
replacements are taken from ``segment`` itself (their exact texts are pinned in tests/).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from smscore import _gsm, segment
from smscore.text import run_vector

OUT = Path(__file__).resolve().parent / "segment.jsonl"


def _reference(text: str) -> dict[str, Any]:
    """Default tables only: encoding, parts, units, capacity by a per-character greedy fill."""
    if all(c in _gsm.BASIC_CHARS or c in _gsm.EXTENSION_CHARS for c in text):
        cost = {c: 2 if c in _gsm.EXTENSION_CHARS else 1 for c in text}
        encoding, single, concat = "GSM-7", 160, 153
    else:
        cost = {c: 2 if ord(c) > 0xFFFF else 1 for c in text}
        encoding, single, concat = "UCS-2", 70, 67
    units = sum(cost[c] for c in text)
    if units <= single:
        return {"encoding": encoding, "parts": [text], "units": units, "capacity": single}
    parts, current, used = [], "", 0
    for c in text:
        if used + cost[c] > concat:
            parts.append(current)
            current, used = "", 0
        current += c
        used += cost[c]
    parts.append(current)
    return {"encoding": encoding, "parts": parts, "units": units, "capacity": concat}


CASES: list[tuple[str, str, dict[str, Any]]] = [
    ("empty", "the empty text is GSM-7 with one empty part", {"text": ""}),
    ("gsm-160", "160 septets fit one part", {"text": "a" * 160}),
    ("gsm-161", "161 septets: two parts of 153 + 8", {"text": "a" * 161}),
    ("gsm-306", "two full concatenated parts", {"text": "b" * 306}),
    ("gsm-307", "one more septet: a third part", {"text": "b" * 307}),
    ("ucs2-70", "70 units fit one UCS-2 part", {"text": "ж" * 70}),
    ("ucs2-71", "71 units: 67 + 4", {"text": "ж" * 71}),
    ("ucs2-134", "two full UCS-2 parts", {"text": "я" * 134}),
    ("ucs2-135", "a third UCS-2 part", {"text": "я" * 135}),
    ("gsm-1600", "the default limit exactly", {"text": "c" * 1600}),
    ("ext-only-80", "80 extension characters: 160 septets", {"text": "{" * 80}),
    ("ext-only-81", "81 extension characters: 76 + 5", {"text": "}" * 81}),
    ("ext-straddle-153", "€ at septets 153-154 moves whole", {"text": "a" * 152 + "€" + "b" * 9}),
    ("ext-fits-153", "€ at septets 152-153 stays", {"text": "a" * 151 + "€" + "b" * 9}),
    ("ext-last-single", "an extension char ends a lone part at 160", {"text": "a" * 158 + "€"}),
    ("ext-over-single", "159 + 2 septets: concatenated", {"text": "a" * 159 + "|"}),
    ("ext-all-kinds", "every extension character", {"text": "\f^{}\\[~]|€"}),
    ("emoji-only-35", "35 emoji: 70 units", {"text": "😀" * 35}),
    ("emoji-only-36", "36 emoji: 33 + 3", {"text": "😀" * 36}),
    (
        "emoji-straddle-67",
        "an emoji at units 67-68 moves whole",
        {"text": "ж" * 66 + "🎉" + "x" * 4},
    ),
    ("emoji-fits-67", "an emoji at units 66-67 stays", {"text": "ж" * 65 + "🎉" + "x" * 4}),
    ("astral-music", "an astral symbol outside emoji", {"text": "𝄞" * 40}),
    ("backtick", "a backtick is not GSM", {"text": "use `code`"}),
    ("escape-literal", "a literal ESC forces UCS-2", {"text": "a\x1bb"}),
    ("cedilla-small", "only capital Ç is GSM", {"text": "ça"}),
    ("cedilla-capital", "capital Ç is GSM (0x09)", {"text": "Ça"}),
    ("greek-gsm", "the Greek capitals of the default alphabet", {"text": "ΔΦΓΛΩΠΨΣΘΞ"}),
    ("currency-gsm", "£ ¥ ¤ and $ are GSM, € is extension", {"text": "£1 ¥2 ¤3 $4 €5"}),
    ("crlf-split", "CR LF may be split", {"text": "a" * 152 + "\r\n" + "b" * 7}),
    ("tab", "a tab is not GSM", {"text": "a\tb"}),
    ("curly-quote", "typographic apostrophe forces UCS-2", {"text": "Don’t"}),
    ("zwj-family", "a ZWJ sequence may be split", {"text": "👨\u200d👩\u200d👧" * 9}),
]
OPTION_CASES: list[tuple[str, str, dict[str, Any]]] = [
    (
        "graphemes-zwj",
        "graphemes keep ZWJ sequences whole",
        {"text": "👨\u200d👩\u200d👧" * 9, "graphemes": True},
    ),
    (
        "graphemes-crlf",
        "graphemes keep CR LF whole",
        {"text": "a" * 152 + "\r\n" + "b" * 7, "graphemes": True},
    ),
    (
        "turkish-155",
        "Turkish locking shift, one part of 155",
        {"text": "ğ" + "a" * 154, "language": "tr"},
    ),
    (
        "turkish-156",
        "Turkish locking shift, 149 per part",
        {"text": "ğ" + "a" * 155, "language": "turkish"},
    ),
    (
        "turkish-both-tables",
        "default locking + Turkish single shift",
        {"text": "èı", "language": "tr"},
    ),
    (
        "spanish-77",
        "Spanish single shift: 154 septets in 155",
        {"text": "á" * 77, "language": "es"},
    ),
    ("spanish-78", "Spanish single shift: 74 + 4 pairs", {"text": "á" * 78, "language": "es"}),
    (
        "portuguese-euro",
        "Portuguese locking: € is one septet",
        {"text": "€" * 200, "language": "pt"},
    ),
    (
        "portuguese-both",
        "both Portuguese tables: 146 per part",
        {"text": "ªΦ" + "a" * 150, "language": "pt"},
    ),
    (
        "portuguese-conflict",
        "no single combination holds è and ª",
        {"text": "èª", "language": "pt"},
    ),
    (
        "lookalikes",
        "lookalikes replaced: one segment saved",
        {"text": "It’s “fine” … " * 6, "replace": "lookalikes"},
    ),
    ("lookalikes-none", "nothing to replace", {"text": "plain", "replace": "lookalikes"}),
    ("limit-none", "limit null lifts the limit", {"text": "d" * 1700, "limit": None}),
    ("limit-custom", "a custom limit that fits", {"text": "e" * 10, "limit": 10}),
]
ERROR_CASES: list[tuple[str, str, dict[str, Any]]] = [
    ("limit-1601", "one over the default limit", {"text": "a" * 1601}),
    ("limit-emoji", "the limit counts UTF-16 units", {"text": "😀" * 801}),
    ("limit-custom-over", "over a custom limit", {"text": "e" * 11, "limit": 10}),
    ("lone-surrogate", "a lone surrogate cannot be encoded", {"text": "ok \ud83d!"}),
    ("bad-language", "an unknown language", {"text": "x", "language": "klingon"}),
    ("bad-limit", "a negative limit", {"text": "x", "limit": -1}),
    (
        "grapheme-too-long",
        "a cluster longer than a part",
        {"text": "a" + "\u0301" * 80, "graphemes": True},
    ),
]


def _vector(name: str, description: str, data: dict[str, Any], expect: dict[str, Any]) -> str:
    vector = {
        "id": f"text/{name}",
        "provider": "text",
        "operation": "segment",
        "description": description,
        "input": data,
        "expect": expect,
    }
    return json.dumps(vector, ensure_ascii=True)


def main() -> None:
    lines = []
    for name, description, data in CASES:
        outcome = run_vector("segment", data)
        ref = _reference(data["text"])
        got = outcome["result"]
        assert {k: got[k] for k in ref} == ref, name
        assert got["segments"] == len(ref["parts"]), name
        lines.append(_vector(name, description, data, outcome))
    for name, description, data in OPTION_CASES:
        outcome = run_vector("segment", data)
        assert (
            "".join(outcome["result"]["parts"])
            == segment(data["text"], limit=None, replace=data.get("replace")).text
        ), name
        lines.append(_vector(name, description, data, outcome))
    for name, description, data in ERROR_CASES:
        outcome = run_vector("segment", data)
        assert "error" in outcome, name
        lines.append(_vector(name, description, data, outcome))
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} vectors to {OUT}")


if __name__ == "__main__":
    main()
