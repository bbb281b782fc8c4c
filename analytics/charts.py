"""Charts of the dashboards as SVG drawn on the server with pygal.

Pages show each chart as an <img> (so nothing in it can run, whatever the browser) next to a data
table with the same figures for screen readers and keyboard users. pygal writes a configuration
<script> into every SVG for its optional tooltips; it is taken out of the tree before the SVG
leaves the server, and the response's own Content-Security-Policy forbids scripts anyway (it
allows only the chart's inline <style>: an SVG image cannot load the site's stylesheet).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.etree import ElementTree

import pygal
from pygal.style import Style

# Text and series colours with at least 4.5:1 contrast on white (WCAG 2.1 AA).
STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1f2933",
    foreground_strong="#111827",
    foreground_subtle="#4b5563",
    colors=("#1d4ed8", "#b91c1c", "#047857", "#7c3aed", "#b45309", "#0f766e"),
    font_family="system-ui, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=14,
    title_font_size=16,
    value_font_size=12,
)

# What the SVG response allows itself: its own inline <style>, nothing else.
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; script-src 'none'; frame-ancestors 'self'"


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | Decimal | int | None]


def _svg(chart) -> bytes:
    tree = chart.render_tree()
    for parent in list(tree.iter()):
        for child in list(parent):
            if str(child.tag).rsplit("}", 1)[-1] == "script":
                parent.remove(child)
    return b"<?xml version='1.0' encoding='utf-8'?>\n" + ElementTree.tostring(tree, encoding="utf-8")


def _number(value) -> float | None:
    return None if value is None else float(value)


def _chart(kind, *, title: str, labels: Sequence[str], series: Sequence[Series], **config) -> bytes:
    chart = kind(
        style=STYLE,
        js=[],
        width=config.pop("width", 720),
        height=config.pop("height", 320),
        title=title,
        explicit_size=True,
        legend_at_bottom=True,
        print_values=False,
        show_legend=len(series) > 1,
        **config,
    )
    chart.x_labels = list(labels)
    for each in series:
        chart.add(each.name, [_number(v) for v in each.values])
    return _svg(chart)


def bars(*, title: str, labels: Sequence[str], series: Sequence[Series], **config) -> bytes:
    return _chart(pygal.Bar, title=title, labels=labels, series=series, **config)


def lines(*, title: str, labels: Sequence[str], series: Sequence[Series], **config) -> bytes:
    return _chart(pygal.Line, title=title, labels=labels, series=series, dots_size=4, **config)


def horizontal_bars(*, title: str, labels: Sequence[str], series: Sequence[Series], **config) -> bytes:
    return _chart(pygal.HorizontalBar, title=title, labels=labels, series=series, **config)
