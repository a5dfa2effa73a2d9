"""An administrator imports a revised plan from Word in the browser: the preview at desktop
and phone width (axe-clean, no CSP violations), a new department decided on, then saved.

Set MILEPAEL_SCREENSHOTS=/some/dir to keep screenshots of the preview at both sizes."""

import dataclasses
import os
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from milepael.demo.services import seed_plan
from milepael.exchange.seed_plan import parse_plan_text
from milepael.organisation.models import Department, DepartmentAlias
from milepael.plans.models import EconomyAmount, Initiative
from tests.conftest import PLAN_SEED
from tests.exchange.word_builder import plan_document

pytestmark = pytest.mark.django_db(transaction=True)
SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


def revised_plan_docx() -> bytes:
    """The demo plan as Word, revised: 3.04's department spelled as another unit calls it,
    a milestone reworded, and a new initiative for a department Milepæl does not know."""
    plan = parse_plan_text(PLAN_SEED.read_text(encoding="utf-8"))
    initiatives = {i.number: i for i in plan.initiatives}
    initiatives["3.04"].responsible_department = "Center for Ejendomme"
    initiatives["8.03"].milestones[0].text = "<p>Projektomfanget er aftalt med IT-Forsyningen.</p>"
    theme = plan.themes[-1]
    theme.initiatives.append(
        dataclasses.replace(
            theme.initiatives[-1], number="8.12", title="Ny digital postløsning", responsible_department="Borgerservice"
        )
    )
    return plan_document(plan, "numbered")


def csp_violations(page) -> list[str]:
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text) if "Content Security Policy" in m.text else None)
    return messages


def screenshot(page, name: str) -> None:
    folder = os.environ.get("MILEPAEL_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_administrator_previews_decides_and_saves_a_revised_plan_from_word(demo, browse, axe, tmp_path):
    EconomyAmount.objects.all().delete()  # the demo stores its texts' amounts; the preview offers them anew
    document = tmp_path / "udmoentning-revideret.docx"
    document.write_bytes(revised_plan_docx())
    page = browse("okonomi")
    violations = csp_violations(page)
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        page.goto(reverse("exchange:import_plan"))
        page.get_by_label(
            "Udmøntning som Word-dokument (.docx), tekstfil (.txt) eller Excel-ark (.xlsx)"
        ).set_input_files(str(document))
        page.get_by_role("button", name="Vis forhåndsvisning").click()
        expect(page.get_by_role("heading", name="Forhåndsvisning")).to_be_visible()
        expect(page.get_by_text("2 nye centre at tage stilling til")).to_be_visible()
        axe.check(page, f"forhåndsvisning ({size})")
        screenshot(page, f"import-preview-{size}")
    axe.assert_clean()

    # The amounts the economy texts state are offered, each beside its checkbox: ticked for an
    # initiative without amounts; the clerk unticks 3.17's.
    expect(page.get_by_role("heading", name="Beløb fra økonomiteksterne")).to_be_visible()
    expect(page.get_by_label("Brug beløbene for 3.04")).to_be_checked()
    page.get_by_label("Brug beløbene for 3.17").uncheck()

    # »Center for Ejendomme« resembles Ejendomme: the clerk must say which it is.
    page.get_by_role("button", name="Gem importen").click()
    expect(page.get_by_text("Vælg, om centret skal oprettes, eller hvilket center det er.")).to_be_visible()
    assert Initiative.objects.filter(number="8.12").count() == 0
    expect(page.get_by_label("Brug beløbene for 3.17")).not_to_be_checked()  # the choice is kept
    page.get_by_label("Center for Ejendomme").select_option(label="Ejendomme")
    expect(page.get_by_label("Borgerservice")).to_have_value("new")  # kept as the page preselected it
    page.get_by_role("button", name="Gem importen").click()
    expect(page.get_by_text("Udmøntningen er importeret:")).to_be_visible()
    screenshot(page, "import-saved")

    plan = seed_plan()
    assert plan.initiatives.get(number="3.04").responsible_department.name == "Ejendomme"
    assert plan.initiatives.get(number="8.12").responsible_department.name == "Borgerservice"
    assert DepartmentAlias.objects.get().name == "Center for Ejendomme"
    # Saved with the import: the ticked initiatives' amounts, not 3.17's.
    assert EconomyAmount.objects.filter(initiative__plan=plan, initiative__number="3.04").count() == 5
    assert not EconomyAmount.objects.filter(initiative__plan=plan, initiative__number="3.17").exists()
    assert not Department.objects.filter(name="Center for Ejendomme").exists()
    assert violations == []
