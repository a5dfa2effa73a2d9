"""Every page, internal and public, passes axe-core's WCAG 2.1 A and AA rules in Chromium, at
1366×900 and at 390×844, and breaks no rule of the Content Security Policy (no refused inline
style or script, in the console or as a `securitypolicyviolation` event)."""

import os
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from milepael.demo.services import seed_plan
from milepael.followup import services as followup
from milepael.plans.models import FollowUpRound, Initiative
from milepael.public.models import Publication
from milepael.term.models import ElectionTerm
from tests.e2e.conftest import VIEWPORTS, tab_to

pytestmark = pytest.mark.django_db(transaction=True)


def _submit_some_ratings(round_: FollowUpRound, count: int = 2) -> None:
    """So the review page has something to review."""
    admin = get_user_model().objects.get(username="okonomi")
    initiatives = Initiative.objects.filter(plan__agreement_id=round_.agreement_id).order_by("sort_key")[:count]
    for initiative in initiatives:
        milestone = followup.milestone_for(initiative, round_)
        followup.save_rating(
            initiative=initiative,
            round_=round_,
            user=admin,
            data=followup.RatingInput(
                effort="none" if milestone is None or milestone.is_blank else "yellow",
                effort_comment="Forsinket.",
                economy="green",
            ),
            expected_version=0,
            submit=True,
        )


def _check_every_page(page, pages, axe, csp) -> None:
    """Each page at both sizes: axe and the CSP watch."""
    csp.attach(page)
    for size, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        for label, url in pages:
            page.goto(url)
            csp.check(page, f"{label} ({size})")
            axe.check(page, f"{label} ({size})")


def internal_pages() -> list[tuple[str, str]]:
    plan = seed_plan()
    round1, round2 = FollowUpRound.objects.get(ordinal=1), FollowUpRound.objects.get(ordinal=2)
    initiative = Initiative.objects.get(number="3.04")
    return [
        ("forside", reverse("plans:home")),
        ("udmøntning", reverse("followup:plan", args=[plan.pk])),
        ("udmøntning filtreret", reverse("followup:plan", args=[plan.pk]) + "?theme=3&q=bygning"),
        ("indsats", reverse("followup:initiative", args=[plan.pk, "3.04"])),
        ("opfølgninger", reverse("followup:rounds")),
        ("opfølgning (åben)", reverse("followup:round", args=[round2.pk])),
        ("opfølgning (lukket)", reverse("followup:round", args=[round1.pk])),
        ("arbejdsliste", reverse("followup:worklist", args=[round2.pk])),
        ("gennemgang", reverse("followup:review", args=[round2.pk])),
        ("smileyoversigt", reverse("followup:plan_smileys", args=[plan.pk])),
        ("overblik", reverse("followup:overview", args=[plan.pk])),
        ("vurdering (administrator)", reverse("followup:rate", args=[round2.pk, initiative.pk])),
        ("vurdering i lukket runde", reverse("followup:rate", args=[round1.pk, initiative.pk])),
        ("revideret økonomi", reverse("followup:economy_revision", args=[initiative.pk])),
        ("import", reverse("exchange:import_plan")),
        ("offentliggørelse", reverse("public:manage")),
        ("offentlige kommentarer", reverse("public:manage_comments", args=[round1.pk])),
        ("rapporter", reverse("reports:plan_reports", args=[plan.pk])),
        ("opfølgningsrapport (html)", reverse("reports:followup_report", args=[plan.pk, 1, "html"])),
        ("udmøntningsrapport (html)", reverse("reports:plan_report", args=[plan.pk, "html"])),
        ("valgperioder", reverse("term:list")),
        ("statusrapport for valgperioden", reverse("term:term", args=[ElectionTerm.objects.get().pk])),
        ("videreførelse", reverse("plans:carry_over", args=[plan.pk])),
        ("vurderinger fra Excel", reverse("exchange:import_ratings", args=[round2.pk])),
        ("kalender", reverse("followup:calendar_links")),
        ("søgning", reverse("search:search") + "?q=skole"),
        ("søgning uden resultater", reverse("search:search") + "?q=xyzzy&year=2018"),
        ("side findes ikke (intern)", "/ingen-side-her/"),
    ]


def test_internal_pages_for_the_administrator(demo, browse, axe, csp):
    initiative = Initiative.objects.get(number="3.04")
    _submit_some_ratings(FollowUpRound.objects.get(ordinal=2))
    page = browse("okonomi")
    _check_every_page(page, internal_pages(), axe, csp)
    csp.assert_clean()

    page.set_viewport_size(VIEWPORTS["1366×900"])
    page.goto(reverse("followup:economy_revision", args=[initiative.pk]))
    page.get_by_role("button", name="Gem revideret økonomi").click()
    assert page.locator(".form-error-message").count() > 0
    axe.check(page, "revideret økonomi med fejl")

    page.goto(reverse("exchange:import_plan"))
    page.get_by_role("button", name="Vis forhåndsvisning").click()
    axe.check(page, "import med fejl")
    axe.assert_clean()


def test_rating_form_for_the_reporter_also_with_errors(demo, browse, axe, csp):
    round2 = FollowUpRound.objects.get(ordinal=2)
    initiative = Initiative.objects.get(number="3.04")
    page = browse("ejendomme")
    pages = [
        ("arbejdsliste (center)", reverse("followup:worklist", args=[round2.pk])),
        ("vurdering", reverse("followup:rate", args=[round2.pk, initiative.pk])),
    ]
    _check_every_page(page, pages, axe, csp)
    csp.assert_clean()
    page.set_viewport_size(VIEWPORTS["1366×900"])
    page.goto(reverse("followup:rate", args=[round2.pk, initiative.pk]))
    page.get_by_label("Sur: ikke opfyldt og ikke realistisk").check()
    page.get_by_label("Sur: budget ikke overholdt").check()
    page.get_by_role("button", name="Indsend til gennemgang").click()
    expect(page.locator("#id_effort_comment-error")).to_contain_text(
        "Forklar en neutral eller sur smiley for indsatsen."
    )
    expect(page.locator(".mp-error-summary a[href='#id_effort_comment']")).to_be_visible()
    axe.check(page, "vurdering med valideringsfejl")
    axe.assert_clean()


def public_pages() -> list[tuple[str, str]]:
    plan = seed_plan()
    return [
        ("offentlig forside", reverse("public:index")),
        ("offentlig udmøntning", reverse("public:plan", args=[plan.pk])),
        ("offentlig udmøntning filtreret", reverse("public:plan", args=[plan.pk]) + "?theme=3&status=green"),
        ("offentlig udmøntning uden resultater", reverse("public:plan", args=[plan.pk]) + "?theme=1&status=red"),
        ("offentlig indsats", reverse("public:initiative", args=[plan.pk, "3.04"])),
        ("offentlig indsats med punktopstilling", reverse("public:initiative", args=[plan.pk, "6.02"])),
        ("tilgængelighedserklæring", reverse("public:accessibility")),
        ("åbne data", reverse("public:open_data")),
        ("side findes ikke (offentlig)", "/offentlig/ingen-side-her/"),
        ("log ind", reverse("login")),
    ]


def test_public_pages_login_and_accessibility_statement(demo, browse, axe, csp):
    assert Publication.objects.get(round__ordinal=1).is_live  # the demo publishes round 1
    page = browse()
    _check_every_page(page, public_pages(), axe, csp)
    csp.assert_clean()
    page.get_by_label("Brugernavn").fill("okonomi")
    page.get_by_label("Adgangskode").fill("forkert-kode")
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_text("Brugernavn eller adgangskode er forkert.")).to_be_visible()
    axe.check(page, "log ind med fejl")
    axe.assert_clean()


@pytest.mark.parametrize("size", [(1366, 900), (390, 844)], ids=["desktop", "phone"])
def test_overview_pages_at_desktop_and_phone_size(demo, browse, axe, size):
    """Overblik with changes since round 1 (two ratings of round 2 approved), its tables
    unfolded, and the readers' start page with its overview panel."""
    from milepael.followup.models import Rating

    plan = seed_plan()
    round2 = FollowUpRound.objects.get(ordinal=2)
    _submit_some_ratings(round2)
    admin = get_user_model().objects.get(username="okonomi")
    for rating in Rating.objects.filter(round=round2):
        followup.approve_rating(rating, user=admin, expected_version=rating.version)
    overview = reverse("followup:overview", args=[plan.pk])
    for username, label, url in [
        ("laeser", "forside (læser)", reverse("start:home")),
        ("laeser", "overblik", overview),
        ("okonomi", "overblik, dårligere", overview + "?direction=worse"),
        ("politisk", "overblik, 1. runde", overview + "?round=1"),
        ("laeser", "aftalen", reverse("followup:agreement", args=[plan.agreement_id])),
        ("okonomi", "opfølgning, fremdrift pr. udvalg", reverse("followup:round", args=[round2.pk])),
        (
            "laeser",
            "rapport for hele aftalen",
            reverse("reports:agreement_report", args=[plan.agreement_id, 2, "html"]),
        ),
    ]:
        page = browse(username)
        page.set_viewport_size({"width": size[0], "height": size[1]})
        page.goto(url)
        page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
        axe.check(page, f"{label} {size[0]}×{size[1]}")
        if label == "overblik":
            expect(page.locator(".mp-changes")).to_be_visible()
        if label in ("aftalen", "rapport for hele aftalen"):
            expect(page.get_by_role("link", name="[DEMO] Børne- og Skoleudvalget")).to_be_visible()
            if folder := os.environ.get("MILEPAEL_SCREENSHOTS"):  # to look at the page
                name = label.replace(" ", "-")
                page.screenshot(path=f"{folder}/{name}-{size[0]}x{size[1]}.png", full_page=True)
    axe.assert_clean()


SIDEWAYS_JS = """() => [document.documentElement, ...document.querySelectorAll('.mp-scroll')]
  .filter((el) => el === document.documentElement || el.offsetParent !== null)
  .filter((el) => el.scrollWidth > el.clientWidth + 1)
  .map((el) => el === document.documentElement ? 'the page' : (el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')))"""


@pytest.mark.parametrize("width", [390, 320])
def test_public_pages_need_no_sideways_scrolling_on_a_phone(demo, browse, width):
    """What the accessibility statement promises (WCAG 1.4.10): at phone width the initiatives
    are cards, and nothing on a public page is wider than the screen."""
    page = browse()
    page.set_viewport_size({"width": width, "height": 844})
    wide = {}
    for label, url in public_pages():
        if label == "log ind":
            continue
        page.goto(url)
        page.evaluate("document.fonts.ready.then(() => true)")  # measured in the real typeface
        if overflowing := page.evaluate(SIDEWAYS_JS):
            wide[label] = overflowing
    assert wide == {}


def test_error_pages_in_both_layouts(demo, browse, axe, csp, settings):
    """The Danish 404 and 500 pages (DEBUG off, as in production) pass axe and the CSP at both
    sizes and lead back to where the visitor came from."""
    settings.ROOT_URLCONF = "tests.security.urls_with_errors"
    page = browse()
    pages = [
        ("500 (intern)", "/fejl/"),
        ("500 (offentlig)", "/offentlig/fejl/"),
        ("404 (offentlig)", "/offentlig/udmoentninger/999/"),
    ]
    _check_every_page(page, pages, axe, csp)
    csp.assert_clean()
    axe.assert_clean()
    page.goto("/offentlig/fejl/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Der opstod en fejl")
    page.get_by_role("link", name="Til forsiden med status på budgetaftalen").click()
    expect(page).to_have_url(re.compile(r"/offentlig/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Status på budgetaftalens indsatser")


def test_folded_public_plan_page_opens_a_theme_with_the_keyboard(demo, browse, axe, csp, settings):
    """A large plan's public page: folded themes with counts at both sizes; Tab to a theme's
    »Vis …« and Enter brings its rows (htmx) with the focus on them; the theme's own page (the
    link without JavaScript) passes too."""
    settings.MILEPAEL_FOLD_THEMES_ABOVE = 10  # the demo plan folds like a plan 100 times its size
    plan = seed_plan()
    theme = Initiative.objects.filter(plan=plan).order_by("sort_key").first().theme
    folded_url = reverse("public:plan", args=[plan.pk])
    page = browse()
    _check_every_page(
        page,
        [
            ("offentlig udmøntning foldet", folded_url),
            ("offentligt tema", reverse("public:theme", args=[plan.pk, theme.number])),
        ],
        axe,
        csp,
    )
    for size, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        page.goto(folded_url)
        body = page.locator(f"#theme-body-{theme.number}")
        expect(body.locator(".mp-public-card")).to_have_count(0)
        tab_to(page, lambda info: info["tag"] == "a" and info["text"].startswith("Vis "))
        page.keyboard.press("Enter")
        first = Initiative.objects.filter(plan=plan, theme=theme).order_by("sort_key").first()
        expect(body.get_by_role("link", name=re.compile(re.escape(first.number))).first).to_be_attached()
        visible = body.locator(".mp-scroll" if size == "1366×900" else ".mp-public-card").first
        expect(visible).to_be_visible()
        assert page.evaluate(f"document.getElementById('theme-body-{theme.number}').contains(document.activeElement)")
        csp.check(page, f"tema åbnet ({size})")
        axe.check(page, f"offentlig udmøntning foldet, tema åbnet ({size})")
    axe.assert_clean()
    csp.assert_clean()
