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
# A phone (below 40em, ~290 px for the chart): a chart of its own, 320 units wide so its text is
# shown at about its real size, each bar under its label, the figure after the bar or, when that
# does not fit, on a line of its own.
NARROW_WIDTH = 320
NARROW_PLOT = 170
NARROW_LINE = 18
CHAR_WIDTH = 7.2  # of a 13-unit sans-serif glyph, on average, to decide whether the text fits


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
class NarrowBar:
    label: str
    text: str
    label_y: int
    bar_y: int
    width: float | None
    marker_x: float | None
    text_x: float
    text_y: int


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
    def narrow(self) -> dict:
        """The same bars laid out for a phone (templates/dashboard/_chart.html)."""
        scale = NARROW_PLOT / PLOT_WIDTH
        bars, y = [], TOP
        for bar in self.bars:
            width = round(bar.width * scale, 1) if bar.width is not None else None
            marker_x = round((bar.marker_x - LABEL_WIDTH) * scale, 1) if bar.marker_x is not None else None
            after = max(width or 0, marker_x or 0) + VALUE_GAP
            fits = after + len(bar.text) * CHAR_WIDTH <= NARROW_WIDTH
            bar_y = y + NARROW_LINE + 2
            text_x, text_y = (after, bar_y + 13) if fits else (0, bar_y + BAR_HEIGHT + NARROW_LINE)
            bars.append(NarrowBar(bar.label, bar.text, y + 13, bar_y, width, marker_x, text_x, text_y))
            y = text_y + 12
        return {"width": NARROW_WIDTH, "height": y, "bars": bars}

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
