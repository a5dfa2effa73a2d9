"""Who may do what, asked of milepael/organisation/permissions.py directly.

The URL matrices (tests/security/) prove that views and the API ask these predicates; this
file proves the predicates themselves, user by user, with factory-built users and no seed.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from milepael.followup.models import Rating
from milepael.organisation import permissions
from milepael.organisation.models import Profile
from tests.factories import DepartmentFactory, InitiativeFactory, RatingFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db

ADMINISTRATOR, REPORTER, READER = Profile.Role.ADMINISTRATOR, Profile.Role.REPORTER, Profile.Role.READER

# The predicates only an administrator (or a superuser) passes.
ADMINISTRATOR_ONLY = [
    permissions.is_administrator,
    permissions.can_review,
    permissions.can_manage_rounds,
    permissions.can_revise_economy,
    permissions.can_import,
    permissions.can_carry_over,
    permissions.can_publish,
]


@pytest.fixture
def ejendomme():
    return DepartmentFactory(name="Ejendomme")


@pytest.fixture
def politisk():
    return DepartmentFactory(name="Politisk Sekretariat")


@pytest.fixture
def users(ejendomme):
    """One user of every kind the predicates tell apart."""
    return {
        "anonymous": AnonymousUser(),
        "administrator": user_with_role(ADMINISTRATOR),
        "reporter": user_with_role(REPORTER, [ejendomme]),
        "reader": user_with_role(READER),
        "superuser": UserFactory(is_superuser=True, is_staff=True),  # no profile at all
        "no profile": UserFactory(),
        "inactive administrator": user_with_role(ADMINISTRATOR, is_active=False),
        "inactive reporter": user_with_role(REPORTER, [ejendomme], is_active=False),
    }


# --- role_of ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "role"),
    [
        ("anonymous", None),
        ("administrator", ADMINISTRATOR),
        ("reporter", REPORTER),
        ("reader", READER),
        ("superuser", ADMINISTRATOR),  # a superuser counts as an administrator, profile or not
        ("no profile", None),  # logged in, but nobody has given the user a role
        ("inactive administrator", None),  # a deactivated account has no role left
        ("inactive reporter", None),
    ],
)
def test_role_of(users, kind, role):
    assert permissions.role_of(users[kind]) == role


# --- is_administrator and the administrator-only rights ---------------------------------


@pytest.mark.parametrize("predicate", ADMINISTRATOR_ONLY, ids=lambda p: p.__name__)
@pytest.mark.parametrize(
    ("kind", "allowed"),
    [
        ("administrator", True),
        ("superuser", True),
        ("reporter", False),
        ("reader", False),
        ("anonymous", False),
        ("no profile", False),
        ("inactive administrator", False),
    ],
)
def test_only_administrators_review_manage_rounds_revise_import_carry_over_and_publish(users, predicate, kind, allowed):
    assert predicate(users[kind]) is allowed


# --- can_view_internal ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "allowed"),
    [
        ("administrator", True),
        ("reporter", True),
        ("reader", True),
        ("superuser", True),
        ("anonymous", False),
        ("no profile", False),  # e.g. an SSO login whose groups grant nothing
        ("inactive reporter", False),
    ],
)
def test_every_role_and_only_a_role_sees_internal_pages(users, kind, allowed):
    assert permissions.can_view_internal(users[kind]) is allowed


# --- can_see_report_job ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "own_job", "allowed"),
    [
        ("reporter", True, True),  # the one who ordered the report
        ("reader", True, True),
        ("reporter", False, False),  # someone else's report job stays personal
        ("reader", False, False),
        ("administrator", False, True),  # administrators see every job
        ("superuser", False, True),
        ("inactive reporter", True, False),  # a deactivated account sees not even its own
        ("no profile", True, False),
        ("anonymous", False, False),
    ],
)
def test_a_report_job_is_seen_by_its_owner_and_the_administrators(users, kind, own_job, allowed):
    user = users[kind]
    owner_id = user.pk if own_job else users["administrator"].pk + 1000
    assert permissions.can_see_report_job(user, owner_id) is allowed


# --- department_ids ---------------------------------------------------------------------


def test_department_ids_are_the_reporters_departments(ejendomme, politisk):
    reporter = user_with_role(REPORTER, [ejendomme, politisk])
    assert permissions.department_ids(reporter) == {ejendomme.pk, politisk.pk}


def test_department_ids_are_empty_for_anonymous_and_users_without_a_profile(users):
    assert permissions.department_ids(users["anonymous"]) == set()
    assert permissions.department_ids(users["no profile"]) == set()
    assert permissions.department_ids(users["administrator"]) == set()


def test_department_ids_are_read_once_per_user_object(ejendomme, django_assert_num_queries):
    """A page asks for every row (can_rate per initiative): one query, not one per row."""
    reporter = user_with_role(REPORTER, [ejendomme])
    with django_assert_num_queries(1):
        permissions.department_ids(reporter)
    with django_assert_num_queries(0):
        assert permissions.department_ids(reporter) == {ejendomme.pk}


def test_a_new_request_sees_changed_departments(ejendomme, politisk):
    reporter = user_with_role(REPORTER, [ejendomme])
    assert permissions.department_ids(reporter) == {ejendomme.pk}
    reporter.profile.departments.set([politisk])
    # The next request loads the user afresh, so the cache does not outlive the request.
    assert permissions.department_ids(get_user_model().objects.get(pk=reporter.pk)) == {politisk.pk}


# --- can_rate ---------------------------------------------------------------------------


@pytest.fixture
def own(ejendomme):
    """An initiative Ejendomme is responsible for."""
    return InitiativeFactory(responsible_department=ejendomme)


@pytest.fixture
def others(politisk):
    """An initiative another department (Politisk Sekretariat) is responsible for."""
    return InitiativeFactory(responsible_department=politisk)


def test_a_reporter_rates_their_own_departments_initiative_only(users, own, others):
    assert permissions.can_rate(users["reporter"], own) is True
    assert permissions.can_rate(users["reporter"], others) is False


def test_a_reporter_of_two_departments_rates_both(ejendomme, politisk, own, others):
    reporter = user_with_role(REPORTER, [ejendomme, politisk])
    assert permissions.can_rate(reporter, own) and permissions.can_rate(reporter, others)


def test_a_reporter_without_departments_rates_nothing(own):
    assert permissions.can_rate(user_with_role(REPORTER), own) is False


@pytest.mark.parametrize("kind", ["administrator", "superuser"])
def test_administrators_and_superusers_rate_every_initiative(users, own, others, kind):
    assert permissions.can_rate(users[kind], own) and permissions.can_rate(users[kind], others)


@pytest.mark.parametrize("kind", ["reader", "anonymous", "no profile", "inactive reporter", "inactive administrator"])
def test_readers_anonymous_users_users_without_a_profile_and_inactive_users_rate_nothing(users, own, kind):
    assert permissions.can_rate(users[kind], own) is False


def test_a_reader_with_departments_still_rates_nothing(ejendomme, own):
    """Departments give rights only to reporters; the role decides."""
    reader = user_with_role(READER, [ejendomme])
    assert permissions.can_rate(reader, own) is False


# --- can_edit_rating: an approved rating is locked unless you are an administrator --------


@pytest.mark.parametrize("status", [Rating.Status.DRAFT, Rating.Status.SUBMITTED, Rating.Status.RETURNED])
def test_a_reporter_edits_their_departments_rating_until_it_is_approved(users, own, status):
    assert permissions.can_edit_rating(users["reporter"], RatingFactory(initiative=own, status=status)) is True


def test_an_approved_rating_is_locked_for_its_reporter(users, own):
    assert permissions.can_edit_rating(users["reporter"], RatingFactory(initiative=own)) is False


@pytest.mark.parametrize("kind", ["administrator", "superuser"])
def test_administrators_edit_approved_ratings(users, own, kind):
    assert permissions.can_edit_rating(users[kind], RatingFactory(initiative=own)) is True


@pytest.mark.parametrize("kind", ["reader", "anonymous", "no profile", "inactive administrator"])
def test_who_may_not_rate_edits_no_rating(users, own, kind):
    rating = RatingFactory(initiative=own, status=Rating.Status.DRAFT)
    assert permissions.can_edit_rating(users[kind], rating) is False


def test_a_reporter_edits_no_rating_of_another_department(users, others):
    rating = RatingFactory(initiative=others, status=Rating.Status.DRAFT)
    assert permissions.can_edit_rating(users["reporter"], rating) is False


# --- require() --------------------------------------------------------------------------


def _view(request, pk):
    """A stand-in view: answers 200 with what it was given."""
    return HttpResponse(f"vist {pk}")


def _request(user, path="/udmoentninger/7/"):
    request = RequestFactory().get(path, {"fane": "smileys"})
    request.user = user
    return request


def test_require_sends_anonymous_users_to_the_login_page_and_back(users):
    view = permissions.require(permissions.can_import)(_view)
    response = view(_request(users["anonymous"]), pk=7)
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=/udmoentninger/7/%3Ffane%3Dsmileys"


@pytest.mark.parametrize("kind", ["reader", "reporter", "no profile"])
def test_require_refuses_a_logged_in_user_without_the_right_with_403(users, kind):
    view = permissions.require(permissions.can_import)(_view)
    with pytest.raises(PermissionDenied):  # Django answers 403
        view(_request(users[kind]), pk=7)


def test_require_lets_a_user_with_the_right_through_to_the_view(users):
    view = permissions.require(permissions.can_import)(_view)
    response = view(_request(users["administrator"]), pk=7)
    assert (response.status_code, response.content) == (200, b"vist 7")
    assert view.__name__ == "_view"  # functools.wraps: the view keeps its name


def test_internal_required_and_an_administrator_rule(users):
    internal = permissions.internal_required(_view)
    administrator = permissions.require(permissions.is_administrator)(_view)
    assert internal(_request(users["reader"]), pk=1).status_code == 200
    assert internal(_request(users["anonymous"]), pk=1).status_code == 302
    with pytest.raises(PermissionDenied):
        internal(_request(users["no profile"]), pk=1)
    assert administrator(_request(users["administrator"]), pk=1).status_code == 200
    with pytest.raises(PermissionDenied):
        administrator(_request(users["reader"]), pk=1)
