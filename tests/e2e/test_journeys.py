"""The round as the three kinds of users live it, in a real browser."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from milepael.demo.services import seed_plan
from milepael.followup.models import Rating
from milepael.plans.models import FollowUpRound, Initiative

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "milepael-demo"
INTERNAL = "[E2E] intern forklaring"
RETURNED = "3.04"
COMMENTED = "3.17"
PUBLIC_COMMENT = "Arbejdet følger planen."


def log_in(page, username: str) -> None:
    page.goto("/")
    assert "/konto/log-ind/" in page.url  # the internal app needs a login
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(re.compile(r"/$"))


def test_reporter_rates_administrator_reviews_and_citizen_sees_the_published_status(demo, browse):
    round_ = FollowUpRound.objects.get(ordinal=2)
    own = list(
        Initiative.objects.filter(responsible_department__name="Ejendomme")
        .order_by("sort_key")
        .values_list("number", flat=True)
    )

    # 1. The reporter logs in, the start page leads to the round's worklist, and every
    #    initiative is rated there, one row each: the first on its own page (a long comment),
    #    the rest in the list, then all submitted at once.
    reporter = browse()
    log_in(reporter, "ejendomme")
    expect(reporter.get_by_text(f"Du mangler at indsende {len(own)} vurderinger i {round_.name}.")).to_be_visible()
    reporter.get_by_role("link", name="Gå til arbejdslisten").click()
    assert reporter.get_by_role("heading", level=1).inner_text() == f"Arbejdsliste: {round_.name}"
    first = own[0]
    reporter.get_by_role("link", name=f"Skriv længere kommentarer til {first}", exact=True).click()
    expect(reporter.get_by_role("heading", level=1)).to_contain_text(first)
    expect(reporter.get_by_role("heading", name="Milepæl i denne opfølgning")).to_be_visible()
    reporter.get_by_label("Glad: milepæl opfyldt").check()
    reporter.get_by_label("Kommentar til indsats").fill(f"{INTERNAL} {first}")
    reporter.get_by_label("Glad: budget overholdt").check()
    reporter.get_by_role("button", name="Indsend og næste").click()
    expect(reporter.get_by_text(f"Vurderingen af {first} er indsendt.")).to_be_visible()
    expect(reporter.get_by_role("heading", level=1)).to_contain_text(own[1])  # on to the next one
    reporter.get_by_role("link", name="Arbejdsliste", exact=True).click()
    for number in own[1:]:
        initiative = Initiative.objects.get(number=number)
        row = reporter.locator(f"#row-{initiative.pk}")
        effort = row.get_by_role("group", name="Smiley for indsats")
        if effort.get_by_role("radio", name="Glad").count():
            effort.get_by_text("Glad", exact=True).click()
        row.get_by_role("group", name="Smiley for økonomi").get_by_text("Glad", exact=True).click()
        expect(reporter.locator("#worklist-live")).to_contain_text(f"{number}: Kladde gemt kl.")
    reporter.get_by_role("button", name=re.compile("^Indsend alle færdige")).click()
    expect(reporter.get_by_text(f"{len(own) - 1} vurderinger er indsendt.")).to_be_visible()
    expect(reporter.locator("span.mp-status", has_text="Indsendt")).to_have_count(len(own))

    # 2. The administrator returns one rating, approves the rest and closes the round.
    admin = browse()
    log_in(admin, "okonomi")
    admin.get_by_role("link", name="Opfølgninger").click()
    admin.get_by_role("link", name=round_.name).click()
    admin.get_by_role("link", name="Gå til gennemgang").click()
    section = admin.locator("section", has=admin.get_by_role("heading", name=re.compile(rf"^{re.escape(RETURNED)} ")))
    section.get_by_text(f"Send {RETURNED} retur …").click()  # the remark field opens in place
    section.get_by_label("Bemærkning til centret").fill("Uddyb hvilke delopgaver der er gennemført.")
    section.get_by_role("button", name=f"Send {RETURNED} retur").click()
    expect(admin.locator("#review-live")).to_have_text(f"{RETURNED} er sendt retur til centret.")
    for number in own:
        if number != RETURNED:
            admin.get_by_role("button", name=f"Godkend {number}", exact=True).click()
            expect(admin.locator("#review-live")).to_have_text(f"{number} er godkendt.")
    admin.wait_for_load_state("networkidle")
    admin.reload()
    expect(admin.get_by_text("Der er ingen indsendte vurderinger at gennemgå.")).to_be_visible()
    admin.goto(reverse("followup:round", args=[round_.pk]))
    admin.get_by_role("link", name=f"Luk {round_.name} …").click()  # a confirmation: what is missing
    admin.get_by_label("Begrundelse for at lukke alligevel").fill("Udvalgsmødet er rykket frem.")
    admin.get_by_role("button", name=f"Luk {round_.name} alligevel").click()
    expect(admin.get_by_text(f"Opfølgningen »{round_.name}« er lukket.")).to_be_visible()

    # … and downloads the committee's PDF of the closed round.
    admin.goto(reverse("reports:plan_reports", args=[seed_plan().pk]))
    with admin.expect_download() as download_info:
        admin.get_by_role("link", name=f"Opfølgning {round_.name} som PDF").click()
    download = download_info.value
    assert download.suggested_filename == f"opfoelgning-{round_.ordinal}-budgetopfoelgning-2018-oekonomiudvalget.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    # The reporter sees the remark on the returned rating.
    reporter.reload()
    expect(reporter.get_by_text("Uddyb hvilke delopgaver der er gennemført.").first).to_be_visible()

    # 3. The administrator publishes the round with one public comment.
    admin.goto(reverse("public:manage"))
    admin.get_by_role("link", name=f"Offentliggør {round_.name} …").click()  # a preview first
    expect(admin.get_by_role("heading", name="Det ser borgerne")).to_be_visible()
    admin.get_by_label("Jeg har set, hvad borgerne får at se, og vil offentliggøre opfølgningen").check()
    admin.get_by_role("button", name=f"Offentliggør {round_.name}").click()
    expect(admin.get_by_text(f"Opfølgningen »{round_.name}« er offentliggjort.")).to_be_visible()
    admin.get_by_role("link", name=f"Offentlige kommentarer til {round_.name}").click()
    commented = Rating.objects.get(round=round_, initiative__number=COMMENTED)
    admin.locator(f"#id_r{commented.pk}-text").fill(PUBLIC_COMMENT)
    admin.get_by_role("button", name="Gem offentlige kommentarer").click()
    expect(admin.get_by_text("1 offentlig kommentar er gemt.")).to_be_visible()

    # 4. A citizen, without logging in, finds the published status.
    citizen = browse()
    citizen.goto("/offentlig/")
    citizen.get_by_role("link", name=re.compile("^Udmøntning af Aftale om budget 2018")).click()
    expect(citizen.get_by_role("columnheader", name=round_.name).first).to_be_visible()
    citizen.get_by_label("Ansvarligt center").select_option(label="Ejendomme")
    citizen.get_by_role("button", name="Vis").click()
    expect(citizen).to_have_url(re.compile(r"department=\d+"))
    # The seed plan's page: the demo committee's plan has Ejendomme's initiatives too.
    in_seed_plan = seed_plan().initiatives.filter(responsible_department__name="Ejendomme").count()
    expect(citizen.locator("table.mp-matrix tbody tr")).to_have_count(in_seed_plan)
    returned_row = citizen.get_by_role("row", name=re.compile(rf"^{re.escape(RETURNED)} "))
    assert "Ikke vurderet" in returned_row.locator("td").last.inner_text()  # sent back: not public
    # In the table (the page also has a card per initiative for phones, hidden by the style
    # sheet, which a loaded machine may not have applied yet).
    citizen.locator("table.mp-matrix").get_by_role("link", name=re.compile(rf"^{re.escape(COMMENTED)} ")).click()
    expect(citizen).to_have_url(re.compile(rf"/indsatser/{re.escape(COMMENTED)}/$"))
    row = citizen.get_by_role("row", name=re.compile(round_.name))
    assert "Glad: milepæl opfyldt" in row.inner_text()
    assert PUBLIC_COMMENT in row.inner_text()
    assert citizen.locator("link[rel=canonical]").get_attribute("href").endswith(f"/indsatser/{COMMENTED}/")
    assert INTERNAL not in citizen.content()
