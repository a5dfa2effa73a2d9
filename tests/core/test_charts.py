"""Charts: valid SVG and PNG, Danish numbers, a Danish alt text, the same file for the same data."""

import os
import struct
import subprocess
import sys
from decimal import Decimal

import pytest
from django.conf import settings

from milepael.core.charts import (
    BAR_COLOUR,
    Segment,
    Series,
    alt_text,
    inline_svg,
    key_figure_chart,
    stacked_bar,
    without_css,
)
from tests.core.svg import SVG, parse_svg

SICKNESS = Series(
    "Sygefravær",
    "pct.",
    (
        ("2013", Decimal("5.7")),
        ("2014", Decimal("5.9")),
        ("2015", Decimal("5.3")),
        ("2016", Decimal("5.1")),
        ("2017 (1-3. kv.)", Decimal("4.6")),
    ),
)


def svg_texts(root) -> list[str]:
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def test_svg_is_valid_xml_with_danish_numbers_and_a_title():
    chart = key_figure_chart(SICKNESS, format="svg")
    assert chart.content_type == "image/svg+xml"
    root = parse_svg(chart.content)
    assert root.tag == f"{SVG}svg"
    texts = svg_texts(root)
    assert "Sygefravær (pct.)" in texts
    for label in ("5,7", "5,9", "5,3", "5,1", "4,6"):
        assert label in texts
    assert "2017 (1-3. kv.)" in texts
    assert not any("5.7" in text or "4.6" in text for text in texts)


def test_svg_axis_uses_decimal_commas_for_fractional_ticks():
    small = Series("Andel", "pct.", (("2016", Decimal("0.4")), ("2017", Decimal("0.9"))))
    texts = svg_texts(parse_svg(key_figure_chart(small).content))
    ticks = [t for t in texts if t.replace(",", "").isdigit() and "," in t]
    assert ticks, texts
    assert not [t for t in texts if t.replace(".", "").isdigit() and "." in t]


def test_png_has_the_png_signature_and_a_useful_size():
    chart = key_figure_chart(SICKNESS, format="png")
    assert chart.content_type == "image/png"
    assert chart.content[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", chart.content[16:24])
    assert width >= 1000 and height >= 500


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="pdf"):
        key_figure_chart(SICKNESS, format="pdf")


def test_same_data_gives_the_same_svg():
    other = Series(SICKNESS.name, SICKNESS.unit, tuple(SICKNESS.points))
    assert key_figure_chart(SICKNESS).content == key_figure_chart(other).content


def test_period_labels_are_text_not_tex():
    series = Series("Udgift", "mio. kr.", (("$2016$", Decimal("12")), ("<2017>", Decimal("1234.5"))))
    texts = svg_texts(parse_svg(key_figure_chart(series).content))
    assert "$2016$" in texts
    assert "<2017>" in texts
    assert "1.234,5" in texts


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        (
            SICKNESS.points,
            "Sygefravær faldt fra 5,7 pct. i 2013 til 4,6 pct. i 2017 (1-3. kv.). Højest var 5,9 pct. i 2014.",
        ),
        (
            (("2013", Decimal("4.6")), ("2017", Decimal("5.7"))),
            "Sygefravær steg fra 4,6 pct. i 2013 til 5,7 pct. i 2017.",
        ),
        (
            (("2013", Decimal("5")), ("2015", Decimal("4")), ("2017", Decimal("5"))),
            "Sygefravær var 5 pct. i både 2013 og 2017. Lavest var 4 pct. i 2015.",
        ),
        ((("2013", Decimal("5.7")),), "Sygefravær var 5,7 pct. i 2013."),
        ((), "Sygefravær: ingen værdier."),
    ],
)
def test_alt_text_summarises_the_series_in_danish(points, expected):
    assert alt_text(Series("Sygefravær", "pct.", points)) == expected
    if points:
        assert key_figure_chart(Series("Sygefravær", "pct.", points)).alt_text == expected


def test_inline_svg_is_labelled_for_screen_readers_and_ids_are_unique_per_chart():
    first = inline_svg(SICKNESS, "noegletal-1")
    second = inline_svg(SICKNESS, "noegletal-2")
    assert not first.startswith("<?xml")
    root = parse_svg(first)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "noegletal-1-title noegletal-1-desc"
    assert root.find(f"{SVG}title").text == "Sygefravær (pct.)"
    assert root.find(f"{SVG}desc").text.startswith("Sygefravær faldt fra 5,7 pct. i 2013")
    ids_first = {element.get("id") for element in root.iter() if element.get("id")}
    ids_second = {element.get("id") for element in parse_svg(second).iter() if element.get("id")}
    assert ids_first and not ids_first & ids_second
    assert all(i.startswith("noegletal-1") for i in ids_first)


def test_matplotlib_is_not_imported_when_the_site_starts():
    code = (
        "import django, sys; django.setup(); "
        "import milepael.term.views, milepael.core.charts, milepael.reports.charts, milepael.term.admin, config.urls; "
        "sys.exit('matplotlib' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def bars(format: str = "svg"):
    segments = [
        Segment("Glad", (3, 4), "#2e8540"),
        Segment("Sur", (1, 0), "#d9362c", hatch="//"),
    ]
    return stacked_bar(
        ["1. runde", "2. runde"], segments, title="Smileys", alt_text="3 glade, 1 sur; 4 glade.", format=format
    )


def test_a_stacked_bar_chart_is_svg_or_png_with_its_title_and_alt_text():
    chart = bars()
    assert (chart.content_type, chart.title, chart.alt_text) == ("image/svg+xml", "Smileys", "3 glade, 1 sur; 4 glade.")
    assert parse_svg(chart.content).tag == f"{SVG}svg"
    assert bars().content == chart.content
    assert bars("png").content[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(ValueError, match="pdf"):
        bars("pdf")


def test_a_key_figure_chart_is_titled_with_name_and_unit():
    assert key_figure_chart(SICKNESS).title == "Sygefravær (pct.)"


def test_no_chart_svg_has_css_which_the_content_security_policy_would_block():
    """Our CSP allows no inline styles: a `style` attribute or element is ignored and the
    chart turns black. Everything is presentation attributes instead."""
    for svg in (key_figure_chart(SICKNESS).content.decode(), bars().content.decode(), inline_svg(SICKNESS, "n-1")):
        assert "style=" not in svg
        assert "<style" not in svg
        root = parse_svg(svg)
        assert root.get("stroke-linejoin") == "round"  # matplotlib's one stylesheet rule, kept
    key_figure = parse_svg(key_figure_chart(SICKNESS).content)
    assert {element.get("fill") for element in key_figure.iter(f"{SVG}path")} >= {BAR_COLOUR, "#ffffff"}
    title = next(t for t in key_figure.iter(f"{SVG}text") if t.text == "Sygefravær (pct.)")
    assert (title.get("font-family"), title.get("font-weight")) == ("DejaVu Sans, sans-serif", "700")
    hatched = parse_svg(bars().content)
    assert any(element.get("fill", "").startswith("url(#") for element in hatched.iter(f"{SVG}path"))


def test_css_the_conversion_does_not_know_is_refused_not_dropped():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><style>text { fill: red }</style></svg>'
    with pytest.raises(ValueError, match="unexpected CSS"):
        without_css(svg)
