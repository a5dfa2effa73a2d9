"""Every page, internal and public, passes axe-core's WCAG 2.1 A and AA rules in Chromium."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from milepael.followup import services as followup
from milepael.plans.models import FollowUpRound, ImplementationPlan, Initiative
from milepael.public.models import Publication
from milepael.term.models import ElectionTerm

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


def test_internal_pages_for_the_administrator(demo, browse, axe):
    plan = ImplementationPlan.objects.get()
    round1, round2 = FollowUpRound.objects.get(ordinal=1), FollowUpRound.objects.get(ordinal=2)
    initiative = Initiative.objects.get(number="3.04")
    _submit_some_ratings(round2)
    page = browse("okonomi")
    for label, url in [
        ("forside", reverse("plans:home")),
        ("udmøntning", reverse("plans:plan", args=[plan.pk])),
        ("udmøntning filtreret", reverse("plans:plan", args=[plan.pk]) + "?theme=3&q=bygning"),
        ("indsats", reverse("followup:initiative", args=[plan.pk, "3.04"])),
        ("opfølgninger", reverse("followup:rounds")),
        ("opfølgning (åben)", reverse("followup:round", args=[round2.pk])),
        ("opfølgning (lukket)", reverse("followup:round", args=[round1.pk])),
        ("arbejdsliste", reverse("followup:worklist", args=[round2.pk])),
        ("gennemgang", reverse("followup:review", args=[round2.pk])),
        ("smileyoversigt", reverse("followup:plan_smileys", args=[plan.pk])),
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
    ]:
        page.goto(url)
        axe.check(page, label)

    page.goto(reverse("followup:economy_revision", args=[initiative.pk]))
    page.get_by_role("button", name="Gem revideret økonomi").click()
    assert page.locator(".form-error-message").count() > 0
    axe.check(page, "revideret økonomi med fejl")

    page.goto(reverse("exchange:import_plan"))
    page.get_by_role("button", name="Vis forhåndsvisning").click()
    axe.check(page, "import med fejl")
    axe.assert_clean()


def test_rating_form_for_the_reporter_also_with_errors(demo, browse, axe):
    round2 = FollowUpRound.objects.get(ordinal=2)
    initiative = Initiative.objects.get(number="3.04")
    page = browse("ejendomme")
    page.goto(reverse("followup:worklist", args=[round2.pk]))
    axe.check(page, "arbejdsliste (center)")
    page.goto(reverse("followup:rate", args=[round2.pk, initiative.pk]))
    axe.check(page, "vurdering")
    page.get_by_label("Sur: ikke opfyldt og ikke realistisk").check()
    page.get_by_label("Sur: budget ikke overholdt").check()
    page.get_by_role("button", name="Indsend til gennemgang").click()
    expect(page.locator("#id_effort_comment-error")).to_contain_text(
        "Forklar en neutral eller sur smiley for indsatsen."
    )
    expect(page.locator(".mp-error-summary a[href='#id_effort_comment']")).to_be_visible()
    axe.check(page, "vurdering med valideringsfejl")
    axe.assert_clean()


def test_public_pages_login_and_accessibility_statement(demo, browse, axe):
    assert Publication.objects.get(round__ordinal=1).is_live  # the demo publishes round 1
    plan = ImplementationPlan.objects.get()
    page = browse()
    for label, url in [
        ("offentlig forside", reverse("public:index")),
        ("offentlig udmøntning", reverse("public:plan", args=[plan.pk])),
        ("offentlig udmøntning filtreret", reverse("public:plan", args=[plan.pk]) + "?theme=3&status=green"),
        ("offentlig udmøntning uden resultater", reverse("public:plan", args=[plan.pk]) + "?theme=1&status=red"),
        ("offentlig indsats", reverse("public:initiative", args=[plan.pk, "3.04"])),
        ("offentlig indsats med punktopstilling", reverse("public:initiative", args=[plan.pk, "6.02"])),
        ("tilgængelighedserklæring", reverse("public:accessibility")),
        ("log ind", reverse("login")),
    ]:
        page.goto(url)
        axe.check(page, label)
    page.get_by_label("Brugernavn").fill("okonomi")
    page.get_by_label("Adgangskode").fill("forkert-kode")
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_text("Brugernavn eller adgangskode er forkert.")).to_be_visible()
    axe.check(page, "log ind med fejl")
    axe.assert_clean()
