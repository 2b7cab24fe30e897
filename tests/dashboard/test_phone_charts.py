"""On a phone each chart has a layout of its own (dashboard/charts.py `Chart.narrow`): 320 units
wide, so its text shows at about its real size; each bar under its label; a figure that does not
fit after its bar goes on a line of its own. Nothing is drawn beside the chart or on another row."""

from dashboard.charts import CHAR_WIDTH, bar_chart
from dashboard.tables import Cell


def test_the_phone_chart_keeps_every_bar_and_text_inside_its_width_and_its_own_rows():
    rows = [
        ("COM – Casus op maat", Cell(411), Cell(536.6, kind="stat")),
        ("Gemeente Sint-Michielsgestel", Cell(8), None),
        ("PGA-OG", Cell(2, suppressed=True), Cell(15)),
    ]
    chart = bar_chart("proef", "Proef", rows, value_label="Casussen", marker_label="80e percentiel")
    narrow = chart.narrow
    assert narrow["width"] == 320
    previous_bottom = 0
    for bar in narrow["bars"]:
        assert bar.label_y > previous_bottom
        assert (bar.width or 0) <= 170 and (bar.marker_x or 0) <= 170
        assert bar.text_x + len(bar.text) * CHAR_WIDTH <= narrow["width"]
        previous_bottom = max(bar.text_y, bar.bar_y + 16)
    assert narrow["height"] > previous_bottom
    long_text = narrow["bars"][0]  # "411 (80e percentiel: …)" does not fit after its bar
    assert long_text.text_x == 0 and long_text.text_y > long_text.bar_y + 16  # its own line
    assert narrow["bars"][2].width is None  # "< 5": no bar, only its text
