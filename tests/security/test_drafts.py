"""A draft rating is work in progress: only its own department's reporters and the
administrators see it (`permissions.can_see_draft`). To readers and other departments it
does not exist yet: the API lists and detail, the history (web and API), the ratings workbook
and every page that shows ratings show it as not rated.

The penetration test read Ejendomme's drafts as a reader and as another department through
the API and the ratings workbook."""

import io

import openpyxl
import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from milepael.followup import services
from milepael.organisation import permissions
from tests.api.conftest import token_client
from tests.security.tally import attempt

pytestmark = pytest.mark.django_db

DRAFT_COMMENT = "KLADDE-KUN-FOR-EJENDOMME"
# Who may see the draft, in ROLES order without anonymous (anonymous sees nothing internal at all).
SEES_DRAFT = {"reader": False, "reporter_own": True, "reporter_other": False, "administrator": True}


@pytest.fixture
def draft(objects, ejendomme_reporter):
    """Ejendomme's draft of 3.08 in the open round: a red effort with a comment."""
    initiative = objects["plan"].initiatives.get(number="3.08")
    return services.save_rating(
        initiative=initiative,
        round_=objects["round"],
        user=ejendomme_reporter,
        data=services.RatingInput(effort="red", effort_comment=DRAFT_COMMENT),
        expected_version=0,
    )


def test_the_predicate(user_for, draft):
    for role, sees in SEES_DRAFT.items():
        assert attempt(permissions.can_see_draft(user_for(role), draft.initiative) == sees), role
        assert attempt(permissions.can_see_rating(user_for(role), draft) == sees), role
    assert attempt(not permissions.can_see_rating(AnonymousUser(), draft))
    submitted = draft.__class__(initiative=draft.initiative, round=draft.round, status="submitted")
    assert attempt(all(permissions.can_see_rating(user_for(role), submitted) for role in SEES_DRAFT))


API = [
    ("ratings list", lambda o, d: "/api/ratings/"),
    ("ratings of the round", lambda o, d: f"/api/ratings/?round={o['round'].pk}&status=draft"),
    ("rating detail", lambda o, d: f"/api/ratings/{d.pk}/"),
    ("history", lambda o, d: f"/api/initiatives/{d.initiative_id}/history/"),
]


@pytest.mark.parametrize("role", list(SEES_DRAFT))
@pytest.mark.parametrize("label,url", API, ids=[row[0] for row in API])
def test_the_api_shows_a_draft_only_to_its_department_and_administrators(user_for, objects, draft, role, label, url):
    response = token_client(user_for(role)).get(url(objects, draft))
    content = response.content.decode()
    # The history shows the draft's creation ("vurdering · 1. budgetopfølgning 2018"), the others its smiley.
    shown = DRAFT_COMMENT in content or "Sur (rød)" in content or "vurdering ·" in content
    if label == "rating detail":
        assert attempt(response.status_code == (200 if SEES_DRAFT[role] else 404)), (label, role)
    else:
        assert response.status_code == 200
    assert attempt(shown == SEES_DRAFT[role]), (label, role, response.content[:300])


PAGES = [
    ("initiative page", lambda o, d: d.initiative.get_absolute_url()),
    ("smiley matrix", lambda o, d: reverse("followup:plan_smileys", args=[o["plan"].pk])),
]


@pytest.mark.parametrize("role", list(SEES_DRAFT))
@pytest.mark.parametrize("label,url", PAGES, ids=[row[0] for row in PAGES])
def test_pages_show_a_draft_only_to_its_department_and_administrators(client_for, objects, draft, role, label, url):
    html = client_for(role).get(url(objects, draft)).content.decode()
    # The draft's red smiley is the only red one in the plan; its comment is on the initiative page.
    shown = DRAFT_COMMENT in html or "Sur (rød)" in html or ">Sur<" in html
    assert attempt(shown == SEES_DRAFT[role]), (label, role)


@pytest.mark.parametrize("role", list(SEES_DRAFT))
def test_the_ratings_workbook_shows_a_draft_only_to_its_department_and_administrators(client_for, objects, draft, role):
    response = client_for(role).get(
        reverse("exchange:export_ratings_xlsx", args=[objects["round"].pk, objects["plan"].pk])
    )
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [str(cell.value) for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.value]
    shown = any(DRAFT_COMMENT in cell for cell in cells)
    assert attempt(shown == SEES_DRAFT[role]), role
