"""Render + segment per recipient against a compiled Jinja2 template plus ``smsutil.split``.

Goal (issue 4): at least 10x faster than the obvious alternative, under 5 µs per recipient,
for a 150-character template with three placeholders. Each group runs 1000 recipients, so
the per-recipient time is the mean divided by 1000. Both sides produce the same texts and
the same segment counts (checked before timing).
"""

from __future__ import annotations

from typing import Any

import jinja2
import smsutil
from pytest_benchmark.fixture import BenchmarkFixture

from smscore import Template, segment
from smscore.templates._compose import compose

N = 1000
SOURCE = (
    "Hi %%FIRST NAME%%, your order %%ORDER%% has shipped and arrives on %%DATE%%. Track it at "
    "example.com/t or reply STOP to opt out of these updates. Thanks!"
)
JINJA_SOURCE = (
    "Hi {{ first_name }}, your order {{ order }} has shipped and arrives on {{ date }}. Track it "
    "at example.com/t or reply STOP to opt out of these updates. Thanks!"
)
FORMAT_SOURCE = (
    "Hi {first_name}, your order {order} has shipped and arrives on {date}. Track it at "
    "example.com/t or reply STOP to opt out of these updates. Thanks!"
)
FIRST = ["Elizabeth", "Joshua", "Maria", "Chen", "Oluwaseun", "Ann"]
VALUES = [
    {"FIRST NAME": FIRST[i % 6], "ORDER": f"A{1000000 + i}", "DATE": f"{1 + i % 28} March"}
    for i in range(N)
]
JINJA_VALUES = [
    {"first_name": v["FIRST NAME"], "order": v["ORDER"], "date": v["DATE"]} for v in VALUES
]
ROWS = [(f"+1213555{i:04d}", v) for i, v in enumerate(VALUES)]

TEMPLATE = Template(SOURCE)
JINJA = jinja2.Environment(autoescape=False).from_string(JINJA_SOURCE)


def _smscore() -> list[int]:
    render = TEMPLATE.render
    return [segment(render(v)).segments for v in VALUES]


def _jinja_smsutil() -> list[int]:
    render = JINJA.render
    return [len(smsutil.split(render(v)).parts) for v in JINJA_VALUES]


def _compose() -> int:
    return compose(TEMPLATE, ROWS).total_segments


def _check_same_work() -> None:
    ours = [TEMPLATE.render(v) for v in VALUES]
    theirs = [JINJA.render(v) for v in JINJA_VALUES]
    assert ours == theirs
    assert 140 <= len(ours[0]) <= 160, len(ours[0])
    assert _smscore() == _jinja_smsutil()
    assert _compose() == sum(_smscore())


_check_same_work()


def test_render_segment_smscore(benchmark: BenchmarkFixture) -> None:
    benchmark.group = "render + segment, 1000 recipients"
    assert benchmark(_smscore) == [1] * N


def test_render_segment_compose(benchmark: BenchmarkFixture) -> None:
    benchmark.group = "render + segment, 1000 recipients"
    assert benchmark(_compose) == N


def test_render_segment_jinja2_smsutil(benchmark: BenchmarkFixture) -> None:
    benchmark.group = "render + segment, 1000 recipients"
    assert benchmark(_jinja_smsutil) == [1] * N


def _render(render: Any, values: list[Any]) -> list[str]:
    return [render(v) for v in values]


def test_render_smscore(benchmark: BenchmarkFixture) -> None:
    benchmark.group = "render only, 1000 recipients"
    assert len(benchmark(_render, TEMPLATE.render, VALUES)) == N


def test_render_jinja2(benchmark: BenchmarkFixture) -> None:
    benchmark.group = "render only, 1000 recipients"
    assert len(benchmark(_render, JINJA.render, JINJA_VALUES)) == N


def test_render_str_format_map(benchmark: BenchmarkFixture) -> None:
    benchmark.group = "render only, 1000 recipients"
    assert len(benchmark(_render, FORMAT_SOURCE.format_map, JINJA_VALUES)) == N
