"""Charts drawn under our CSP (no inline styles): what the reader sees is the chart, not a
black box. The pixels of the rendered chart are sampled, since a style the CSP blocks
makes no error a page test would see."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from milepael.core.charts import BAR_COLOUR
from milepael.term.models import ElectionTerm

pytestmark = pytest.mark.django_db(transaction=True)


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def _close(pixel, target, tolerance: int = 24) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], target, strict=True))


def test_the_key_figure_chart_on_the_term_page_is_drawn_in_its_colours(demo, browse):
    page = browse("laeser")
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(reverse("term:term", args=[ElectionTerm.objects.get().pk]))
    chart = page.locator("svg.mp-chart").first
    chart.scroll_into_view_if_needed()
    image = Image.open(io.BytesIO(chart.screenshot())).convert("RGB")
    pixels = list(image.getdata())

    dark = sum(1 for p in pixels if max(p) < 60)
    bar = sum(1 for p in pixels if _close(p, _rgb(BAR_COLOUR)))
    white = sum(1 for p in pixels if min(p) > 235)
    assert dark / len(pixels) < 0.2, f"{dark / len(pixels):.0%} of the chart is (near) black"
    assert bar / len(pixels) > 0.02, f"the bar colour {BAR_COLOUR} covers only {bar} pixels"
    assert white / len(pixels) > 0.4, "the chart's background is not white"
    assert not [text for text in console if "Content Security Policy" in text]
