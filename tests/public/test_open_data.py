"""Open data: every published plan as CSV, JSON and Excel with the documented columns, and an
Atom feed of published rounds. Only published fields: approved smileys and public comments of
published rounds; never drafts, internal comments or unpublished rounds."""

import csv
import io
import json

import pytest
from defusedxml import ElementTree as ET
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from milepael.followup import services as followup
from milepael.followup.models import Rating
from milepael.public import opendata, services
from tests.public.conftest import PUBLIC_COMMENT, SECRETS
from tests.public.test_public_pages import TestQueryCount

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
FORMULA = '=HYPERLINK("http://angriber.example","Klik")'


def data_url(world, fmt: str) -> str:
    return reverse("public:plan_data", args=[world.plan.pk, fmt])


def get_csv(client, world) -> tuple[bytes, list[dict]]:
    content = client.get(data_url(world, "csv")).content
    reader = csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";")
    assert reader.fieldnames == opendata.KEYS
    return content, list(reader)


def get_json(client, world) -> dict:
    return json.loads(client.get(data_url(world, "json")).content)


def get_xlsx(client, world) -> list[dict]:
    sheet = load_workbook(io.BytesIO(client.get(data_url(world, "xlsx")).content)).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert list(header) == opendata.KEYS
    return [dict(zip(header, row, strict=True)) for row in rows]


def by_number(rows) -> dict:
    return {row["indsats_nummer"]: row for row in rows}


def test_csv_is_utf8_with_bom_and_semicolons_with_only_published_fields(client, world):
    content, rows = get_csv(client, world)
    assert content.startswith(b"\xef\xbb\xbfudmoentning_id;udmoentning;")
    assert len(rows) == world.plan.initiatives.count()  # one published round: one row each
    assert {row["opfoelgning"] for row in rows} == {world.round1.name}
    rows = by_number(rows)
    approved = rows[world.approved.number]
    assert approved["indsats_smiley"] == "green" and approved["indsats_vurdering"] == "Glad"
    assert approved["offentlig_kommentar"] == PUBLIC_COMMENT
    assert approved["url"].endswith(reverse("public:initiative", args=[world.plan.pk, world.approved.number]))
    # Returned, submitted and draft ratings of the published round are not rated in public.
    for initiative in (world.returned, world.submitted, world.draft):
        row = rows[initiative.number]
        assert (row["indsats_smiley"], row["oekonomi_smiley"]) == ("", ""), initiative.number
        assert row["indsats_vurdering"] == "Ikke vurderet"
    # 1.02 is approved red in round 2, which is not published: only its round 1 (yellow) shows.
    assert rows[world.unpublished.number]["indsats_smiley"] == "yellow"
    text = content.decode("utf-8-sig")
    assert world.round2.name not in text
    for secret in SECRETS.values():
        assert secret not in text


def test_json_has_the_schema_and_the_same_rows(client, world):
    document = get_json(client, world)
    assert document["skema"] == "milepael-aabne-data" and document["skemaversion"] == opendata.SCHEMA_VERSION
    assert document["felter"] == opendata.KEYS
    assert document["udmoentning"]["id"] == world.plan.pk
    rows = by_number(document["raekker"])
    _content, csv_rows = get_csv(client, world)
    assert set(rows) == set(by_number(csv_rows))
    assert rows[world.approved.number]["budgetaar"] == world.plan.agreement.budget_year  # numbers are numbers
    assert rows[world.returned.number]["indsats_smiley"] is None  # not rated is null
    assert rows[world.approved.number]["offentlig_kommentar"] == PUBLIC_COMMENT
    text = json.dumps(document, ensure_ascii=False)
    assert world.round2.name not in text
    for secret in SECRETS.values():
        assert secret not in text


def test_xlsx_has_the_same_columns_and_rows(client, world):
    rows = get_xlsx(client, world)
    assert len(rows) == world.plan.initiatives.count()
    row = by_number(rows)[world.approved.number]
    assert row["indsats_smiley"] == "green" and row["offentlig_kommentar"] == PUBLIC_COMMENT
    assert row["tema_nummer"] == world.approved.theme.number
    cells = " ".join(str(value) for row in rows for value in row.values())
    for secret in SECRETS.values():
        assert secret not in cells


def test_a_formula_in_a_public_comment_stays_text(client, world, administrator):
    rating = Rating.objects.get(initiative=world.approved, round=world.round1)
    services.set_public_comment(rating, user=administrator, text=FORMULA)
    _content, rows = get_csv(client, world)
    assert by_number(rows)[world.approved.number]["offentlig_kommentar"] == "'" + FORMULA
    assert by_number(get_json(client, world)["raekker"])[world.approved.number]["offentlig_kommentar"] == FORMULA
    sheet = load_workbook(io.BytesIO(client.get(data_url(world, "xlsx")).content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == FORMULA]
    assert cells and all(cell.data_type == "s" for cell in cells)


def test_downloads_are_public_cacheable_attachments_for_everyone(client, world, reader, administrator):
    for fmt, content_type in [("csv", "text/csv"), ("json", "application/json"), ("xlsx", "spreadsheetml")]:
        url = data_url(world, fmt)
        for user in (None, reader, administrator):
            visitor = Client()
            if user:
                visitor.force_login(user)
            response = visitor.get(url)
            assert response.status_code == 200, (fmt, user)
            assert content_type in response["Content-Type"]
            assert (
                response["Content-Disposition"]
                == f'attachment; filename="milepael-udmoentning-{world.plan.pk}-2018.{fmt}"'
            )
            assert not response.cookies
        anonymous = client.get(url)
        assert anonymous["Cache-Control"] == "public, max-age=60" and anonymous["ETag"]
        assert client.get(url, HTTP_IF_NONE_MATCH=anonymous["ETag"]).status_code == 304


def test_no_data_for_an_unknown_format_or_an_unpublished_plan(client, world, administrator):
    assert client.get(reverse("public:plan_data", args=[world.plan.pk, "pdf"])).status_code == 404
    services.unpublish_round(world.round1, user=administrator)
    for fmt in opendata.FORMATS:
        assert client.get(data_url(world, fmt)).status_code == 404


def test_a_second_published_round_adds_a_row_per_initiative(client, world, administrator):
    followup.close_round(world.round2, user=administrator, reason="Til udvalget.")
    services.publish_round(world.round2, user=administrator)
    _content, rows = get_csv(client, world)
    assert len(rows) == 2 * world.plan.initiatives.count()
    red = [r for r in rows if r["indsats_nummer"] == world.unpublished.number and r["opfoelgning_nummer"] == "2"]
    assert red[0]["indsats_smiley"] == "red" and red[0]["offentlig_kommentar"] == SECRETS["unpublished_comment"]


def feed_entries(client) -> list:
    response = client.get(reverse("public:feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root.findall(f"{ATOM}entry")


def test_the_feed_lists_published_rounds_newest_first(client, world, administrator):
    (entry,) = feed_entries(client)
    assert entry.findtext(f"{ATOM}title") == f"{world.round1.name}: {world.plan.title}"
    link = entry.find(f"{ATOM}link").get("href")
    assert link.endswith(reverse("public:plan", args=[world.plan.pk]) + f"#round-{world.round1.pk}")
    reached = Rating.objects.filter(round=world.round1, status="approved", effort="green").count()
    assert entry.findtext(f"{ATOM}summary").startswith(f"{reached} af {world.plan.initiatives.count()} indsatser")

    followup.close_round(world.round2, user=administrator, reason="Til udvalget.")
    services.publish_round(world.round2, user=administrator)
    titles = [e.findtext(f"{ATOM}title") for e in feed_entries(client)]
    assert titles == [f"{world.round2.name}: {world.plan.title}", f"{world.round1.name}: {world.plan.title}"]

    services.unpublish_round(world.round2, user=administrator)
    assert [e.findtext(f"{ATOM}title") for e in feed_entries(client)] == titles[1:]


def test_public_pages_announce_the_feed_and_link_the_data(client, world):
    html = client.get(reverse("public:plan", args=[world.plan.pk])).content.decode()
    assert (
        f'<link rel="alternate" type="application/atom+xml" title="Offentliggjorte opfølgninger" href="{reverse("public:feed")}">'
        in html
    )
    for fmt in opendata.FORMATS:
        assert f'href="{data_url(world, fmt)}"' in html
    page = client.get(reverse("public:open_data")).content.decode()
    for column in opendata.COLUMNS:
        assert f"<code>{column.key}</code>" in page
    assert f'href="{data_url(world, "xlsx")}"' in page


def test_readme_documents_the_same_columns():
    from pathlib import Path

    from django.conf import settings

    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    documented = [line.split("|")[1].strip().strip("`") for line in readme.splitlines() if line.startswith("| `")]
    assert [key for key in documented if key in opendata.KEYS] == opendata.KEYS


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("fmt", opendata.FORMATS)
def test_queries_do_not_grow_with_the_plan(client, world, fmt):
    before = _count(client, data_url(world, fmt))
    feed = _count(client, reverse("public:feed"))
    TestQueryCount()._add_initiatives(world, 10)
    assert _count(client, data_url(world, fmt)) == before
    assert _count(client, reverse("public:feed")) == feed
