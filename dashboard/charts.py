"""Horizontal bar charts as data for a server-rendered inline SVG (templates/dashboard/_chart.html).

No JavaScript and no style attributes (strict CSP): geometry goes into SVG attributes, colours
into classes in static/css/zvh.css. A chart only draws what its table shows: a hidden ("< 5") or
missing figure gets no bar, only its text. Every chart is followed by its table."""

from __future__ import annotations

from dataclasses import dataclass, field

from .tables import Cell

LABEL_WIDTH = 250
PLOT_WIDTH = 330
VALUE_GAP = 8
ROW_HEIGHT = 26
BAR_HEIGHT = 16
TOP = 8


@dataclass
class Bar:
    label: str
    text: str
    y: int
    bar_y: int
    text_y: int
    width: float | None  # None: nothing drawn (hidden or missing)
    marker_x: float | None
    marker_text: str
    value_x: float


@dataclass
class Chart:
    key: str
    title: str
    value_label: str
    marker_label: str = ""
    bars: list[Bar] = field(default_factory=list)
    width: int = LABEL_WIDTH + PLOT_WIDTH + 240  # room for "411,0 (80e percentiel: 536,6)"
    height: int = 0
    plot_x: int = LABEL_WIDTH
    axis_y2: int = 0

    @property
    def has_marker(self) -> bool:
        return bool(self.marker_label)

    @property
    def has_bars(self) -> bool:
        """False when every figure is hidden or missing: then there is nothing to draw."""
        return any(bar.width is not None or bar.marker_x is not None for bar in self.bars)


def bar_chart(
    key: str, title: str, rows: list[tuple[str, Cell, Cell | None]], *, value_label: str, marker_label: str = ""
) -> Chart:
    """rows: (label, value cell, optional marker cell such as the prognosis or last year)."""
    values = [v for _, cell, marker in rows for v in (cell.chart_value(), marker.chart_value() if marker else None)]
    top = max([v for v in values if v is not None] or [0]) or 1
    chart = Chart(key=key, title=title, value_label=value_label, marker_label=marker_label)
    for index, (label, cell, marker) in enumerate(rows):
        y = TOP + index * ROW_HEIGHT
        value = cell.chart_value()
        width = round(PLOT_WIDTH * value / top, 1) if value is not None else None
        marker_value = marker.chart_value() if marker is not None else None
        marker_x = round(LABEL_WIDTH + PLOT_WIDTH * marker_value / top, 1) if marker_value is not None else None
        text = cell.display()
        if marker is not None and marker_label and not marker.missing:
            text = f"{text} ({marker_label.lower()}: {marker.display()})"
        chart.bars.append(
            Bar(
                label=label,
                text=text,
                y=y,
                bar_y=y + (ROW_HEIGHT - BAR_HEIGHT) // 2,
                text_y=y + ROW_HEIGHT // 2 + 5,
                width=width,
                marker_x=marker_x,
                marker_text=marker.display() if marker is not None else "",
                value_x=max(LABEL_WIDTH + (width or 0), marker_x or 0) + VALUE_GAP,
            )
        )
    chart.axis_y2 = TOP + len(rows) * ROW_HEIGHT
    chart.height = chart.axis_y2 + TOP
    return chart
