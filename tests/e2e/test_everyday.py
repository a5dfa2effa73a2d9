"""Everyday work in few clicks, in a real browser: rating in the worklist without a page
load, the review in bulk with cards that change in place, and the pages of the new guard
rails and messages passing axe at desktop and phone sizes."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from milepael.followup import services
from milepael.followup.models import Rating
from milepael.plans.models import FollowUpRound, Initiative
from milepael.public import services as public_services
from tests.e2e.conftest import focused, tab_to

pytestmark = pytest.mark.django_db(transaction=True)
SIZES = [(1366, 900), (390, 844)]


class Clicks:
    """Counts what the user does with the mouse, and the full page loads in between."""

    def __init__(self, page):
        self.count = 0
        self.loads = 0
        page.on("load", lambda: setattr(self, "loads", self.loads + 1))

    def click(self, locator) -> None:
        self.count += 1
        locator.click()


def watch_csp(page) -> list[str]:
    """Content Security Policy violations reported by the browser on this page."""
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    return violations


def test_rating_ten_green_milestones_takes_at_most_22_clicks_on_one_page(demo, browse):
    round2 = FollowUpRound.objects.get(ordinal=2)
    page = browse("ejendomme")
    csp = watch_csp(page)
    page.goto(reverse("followup:worklist", args=[round2.pk]))
    clicks = Clicks(page)
    rows = page.locator("li.mp-row").filter(has=page.get_by_role("radio", name="Neutral"))  # rows with a milestone
    assert rows.count() >= 10
    rated = []
    for index in range(10):
        row = rows.nth(index)
        rated.append(row.locator(".mp-number").first.inner_text())
        clicks.click(row.get_by_role("group", name="Smiley for indsats").get_by_text("Glad", exact=True))
        clicks.click(row.get_by_role("group", name="Smiley for økonomi").get_by_text("Glad", exact=True))
    clicks.click(page.get_by_role("button", name=re.compile(r"^Indsend alle færdige")))
    expect(page.get_by_text("10 vurderinger er indsendt.")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert clicks.count <= 22, clicks.count
    assert clicks.loads == 0, "no full page load between the clicks"
    stored = Rating.objects.filter(round=round2, initiative__number__in=rated)
    assert set(stored.values_list("effort", "economy", "status")) == {("green", "green", "submitted")}
    assert stored.count() == 10
    assert not csp, csp


def test_a_row_is_rated_by_keyboard_and_its_comment_appears_when_needed(demo, browse):
    round2 = FollowUpRound.objects.get(ordinal=2)
    initiative = Initiative.objects.get(number="3.04")
    page = browse("ejendomme")
    page.goto(reverse("followup:worklist", args=[round2.pk]))
    comment = page.locator(f"#id_r{initiative.pk}-effort_comment")
    expect(comment).to_be_hidden()  # glad needs no comment, so none is asked for
    first = tab_to(page, lambda f: f["name"] == f"r{initiative.pk}-effort", limit=60)
    assert first["type"] == "radio"
    page.keyboard.press("ArrowRight")  # arrows choose within the group …
    assert page.locator(f"input[name=r{initiative.pk}-effort]:checked").get_attribute("value") == "yellow"
    expect(page.locator("#worklist-live")).to_contain_text("3.04: Kladde gemt kl.")
    expect(comment).to_be_visible()  # … neutral needs a comment, and the field says so
    expect(page.locator(f"#id_r{initiative.pk}-effort_comment-hint")).to_have_text(
        "Skal udfyldes ved neutral eller sur smiley for indsatsen."
    )
    economy = tab_to(page, lambda f: f["name"] == f"r{initiative.pk}-economy", limit=2)  # Tab: the next group
    assert economy["type"] == "radio"
    page.keyboard.press("Space")
    tab_to(page, lambda f: f["id"] == f"id_r{initiative.pk}-effort_comment", limit=2)
    page.keyboard.type("Forsinket en måned.")
    page.keyboard.press("Tab")  # leaving the field saves it
    # The saves are queued one after the other (hx-sync); wait until the last has reached the
    # database (a quiet network alone can come between two queued saves on a loaded machine).
    for _ in range(150):
        rating = Rating.objects.get(round=round2, initiative=initiative)
        if rating.effort_comment:
            break
        page.wait_for_timeout(100)
    assert (rating.effort, rating.economy, rating.status) == ("yellow", "green", "draft")
    assert rating.effort_comment == "Forsinket en måned."
    assert focused(page)["visible"]


def _submit(round_, numbers, user="ejendomme"):
    reporter = get_user_model().objects.get(username=user)
    ratings = []
    for number in numbers:
        initiative = Initiative.objects.get(number=number)
        blank = services.milestone_for(initiative, round_).is_blank
        data = services.RatingInput(effort="none" if blank else "green", economy="green")
        ratings.append(
            services.save_rating(
                initiative=initiative, round_=round_, user=reporter, data=data, expected_version=0, submit=True
            )
        )
    return ratings


def test_the_review_approves_several_in_place_and_returns_with_a_remark(demo, browse):
    round2 = FollowUpRound.objects.get(ordinal=2)
    first, _second, third = _submit(round2, ["3.04", "3.08", "3.17"])
    page = browse("okonomi")
    csp = watch_csp(page)
    page.goto(reverse("followup:review", args=[round2.pk]))
    clicks = Clicks(page)
    page.get_by_text("Vælg 3.04", exact=True).click()
    page.get_by_text("Vælg 3.08", exact=True).click()
    expect(page.get_by_role("button", name="Godkend valgte (2)")).to_be_visible()
    page.get_by_role("button", name="Godkend valgte (2)").click()
    expect(page.locator("#review-live")).to_have_text("2 er godkendt: 3.04, 3.08.")
    assert focused(page)["id"] == f"rating-{first.pk}"  # the focus stays where the user was
    card = page.locator(f"#card-{third.pk}")
    card.get_by_text("Send 3.17 retur …").click()
    card.get_by_label("Bemærkning til centret").fill("Uddyb hvilke delopgaver der er gennemført.")
    card.get_by_role("button", name="Send 3.17 retur").click()
    expect(page.locator("#review-live")).to_have_text("3.17 er sendt retur til centret.")
    page.wait_for_load_state("networkidle")
    assert clicks.loads == 0
    statuses = dict(Rating.objects.filter(round=round2).values_list("initiative__number", "status"))
    assert statuses == {"3.04": "approved", "3.08": "approved", "3.17": "returned"}
    page.reload()
    expect(page.get_by_role("heading", name="Sendt retur – afventer centret")).to_be_visible()
    expect(page.get_by_text("Uddyb hvilke delopgaver der er gennemført.")).to_be_visible()
    assert not csp, csp


@pytest.mark.parametrize("width,height", SIZES)
def test_the_new_pages_pass_axe(demo, browse, axe, width, height):
    round2 = FollowUpRound.objects.get(ordinal=2)
    round1 = FollowUpRound.objects.get(ordinal=1)
    admin = get_user_model().objects.get(username="okonomi")
    returned, _approved = _submit(round2, ["3.04", "3.08"])
    services.return_rating(returned, user=admin, expected_version=returned.version, remark="Uddyb forsinkelsen.")
    public_services.unpublish_round(round1, user=admin)  # so the publishing preview has something to show

    pages = {
        "okonomi": [
            ("forside (administrator)", reverse("start:home")),
            ("gennemgang med kort", reverse("followup:review", args=[round2.pk])),
            ("luk opfølgning", reverse("followup:round_close", args=[round2.pk])),
            ("offentliggør (forhåndsvisning)", reverse("public:publish", args=[round1.pk])),
            ("beskeder", reverse("notifications:inbox")),
            ("indstillinger for beskeder", reverse("notifications:settings")),
        ],
        "ejendomme": [
            ("forside (center)", reverse("start:home")),
            ("arbejdsliste med rækker", reverse("followup:worklist", args=[round2.pk])),
            ("vurdering sendt retur", reverse("followup:rate", args=[round2.pk, returned.initiative_id])),
            ("kalender", reverse("followup:calendar_links")),
            ("beskeder (center)", reverse("notifications:inbox")),
        ],
        "laeser": [("forside (læser)", reverse("start:home"))],
    }
    for user, urls in pages.items():
        page = browse(user)
        page.set_viewport_size({"width": width, "height": height})
        for label, url in urls:
            page.goto(url)
            axe.check(page, f"{label} {width}")

    # Forms that fail: the error summary at the top, linked to the fields.
    page = browse("okonomi")
    page.set_viewport_size({"width": width, "height": height})
    page.goto(reverse("followup:round_close", args=[round2.pk]))
    page.get_by_role("button", name=re.compile("alligevel")).click()
    expect(page.locator(".mp-error-summary a[href='#id_reason']")).to_be_visible()
    axe.check(page, f"luk uden begrundelse {width}")
    page.goto(reverse("public:publish", args=[round1.pk]))
    page.get_by_role("button", name=f"Offentliggør {round1.name}").click()
    expect(page.locator(".mp-error-summary a[href='#id_confirm']")).to_be_visible()
    axe.check(page, f"offentliggør uden bekræftelse {width}")

    page = browse("ejendomme")
    page.set_viewport_size({"width": width, "height": height})
    page.goto(reverse("followup:worklist", args=[round2.pk]))
    row = page.locator("li.mp-row").filter(has=page.get_by_role("radio", name="Neutral")).nth(2)
    row.get_by_role("group", name="Smiley for indsats").get_by_text("Sur", exact=True).click()
    row.get_by_role("group", name="Smiley for økonomi").get_by_text("Sur", exact=True).click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name=re.compile(r"^Indsend alle færdige")).click()
    expect(page.locator(".mp-error-summary")).to_be_visible()
    axe.check(page, f"arbejdsliste med fejl {width}")
    axe.assert_clean()
