"""The administration decides what is public: publishing rounds and writing public comments."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from milepael.followup import services as followup
from milepael.followup.models import Rating
from milepael.organisation.models import Department, Profile
from milepael.plans.models import FollowUpRound
from milepael.public import services
from milepael.public.models import Publication, PublicComment
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_round(round_plan, administrator) -> FollowUpRound:
    """Round 1 of round_plan, closed, with 3.04's rating approved."""
    round_ = round_plan.agreement.rounds.get(ordinal=1)
    followup.open_round(round_, user=administrator, deadline=datetime.date(2018, 4, 15))
    initiative = round_plan.initiatives.get(number="3.04")
    rating = followup.save_rating(
        initiative=initiative,
        round_=round_,
        user=administrator,
        data=followup.RatingInput(effort="green", economy="green"),
        expected_version=0,
        submit=True,
    )
    followup.approve_rating(rating, user=administrator, expected_version=rating.version)
    return followup.close_round(round_, user=administrator, reason="Lukket til udvalget; resten følger.")


@pytest.fixture
def reporter(round_plan):
    return make_user("ejendomme", Profile.Role.REPORTER, [Department.objects.get(name="Ejendomme")])


def test_administrator_publishes_and_withdraws_a_closed_round(closed_round, administrator):
    publication = services.publish_round(closed_round, user=administrator)
    assert publication.is_live and publication.published_by == administrator
    with pytest.raises(ValidationError):
        services.publish_round(closed_round, user=administrator)
    services.unpublish_round(closed_round, user=administrator)
    assert not Publication.objects.live().exists()
    with pytest.raises(ValidationError):
        services.unpublish_round(closed_round, user=administrator)
    assert services.publish_round(closed_round, user=administrator).is_live  # republishing reuses the row
    assert Publication.objects.count() == 1


def test_an_open_round_cannot_be_published(round_plan, administrator):
    round_ = round_plan.agreement.rounds.get(ordinal=1)
    followup.open_round(round_, user=administrator, deadline=datetime.date(2018, 4, 15))
    with pytest.raises(ValidationError):
        services.publish_round(round_, user=administrator)


@pytest.mark.parametrize("role", ["reporter", "reader"])
def test_only_administrators_publish(closed_round, reporter, reader, administrator, role):
    user = {"reporter": reporter, "reader": reader}[role]
    with pytest.raises(PermissionDenied):
        services.publish_round(closed_round, user=user)
    services.publish_round(closed_round, user=administrator)
    with pytest.raises(PermissionDenied):
        services.unpublish_round(closed_round, user=user)
    rating = Rating.objects.get(round=closed_round)
    with pytest.raises(PermissionDenied):
        services.set_public_comment(rating, user=user, text="Hej")


def test_public_comment_only_on_approved_ratings(closed_round, administrator):
    rating = Rating.objects.get(round=closed_round)
    comment = services.set_public_comment(rating, user=administrator, text="  Gennemført.  ")
    assert comment.text == "Gennemført."
    services.set_public_comment(rating, user=administrator, text="")
    assert PublicComment.objects.get().text == ""
    round2 = FollowUpRound.objects.get(agreement=closed_round.agreement, ordinal=2)
    followup.open_round(round2, user=administrator, deadline=datetime.date(2018, 8, 15))
    draft = followup.save_rating(
        initiative=rating.initiative,
        round_=round2,
        user=administrator,
        data=followup.RatingInput(effort="green"),
        expected_version=0,
    )
    with pytest.raises(ValidationError):
        services.set_public_comment(draft, user=administrator, text="For tidligt")


class TestManagePages:
    def urls(self, round_):
        return [
            ("get", reverse("public:manage")),
            ("get", reverse("public:manage_comments", args=[round_.pk])),
            ("post", reverse("public:publish", args=[round_.pk])),
            ("post", reverse("public:unpublish", args=[round_.pk])),
        ]

    def test_anonymous_goes_to_login(self, client, closed_round):
        for method, url in self.urls(closed_round):
            response = getattr(client, method)(url)
            assert response.status_code == 302 and reverse("login") in response["Location"], url

    @pytest.mark.parametrize("role", ["reporter", "reader"])
    def test_others_are_forbidden(self, client, closed_round, reporter, reader, role):
        client.force_login({"reporter": reporter, "reader": reader}[role])
        for method, url in self.urls(closed_round):
            assert getattr(client, method)(url).status_code == 403, url
        assert not Publication.objects.exists()

    def test_administrator_publishes_through_the_page_and_writes_comments(self, staff_client, closed_round):
        page = staff_client.get(reverse("public:manage"))
        assert "Offentliggør 1. budgetopfølgning 2018" in page.content.decode()
        # Publishing goes through a preview of what citizens will see and needs a confirmation.
        preview = staff_client.get(reverse("public:publish", args=[closed_round.pk]))
        assert "vises som »Ikke vurderet«" in preview.content.decode()
        unconfirmed = staff_client.post(reverse("public:publish", args=[closed_round.pk]))
        assert unconfirmed.status_code == 422
        assert "Bekræft, at du vil offentliggøre opfølgningen." in unconfirmed.content.decode()
        assert not Publication.objects.live().filter(round=closed_round).exists()
        response = staff_client.post(reverse("public:publish", args=[closed_round.pk]), {"confirm": "on"}, follow=True)
        assert "er offentliggjort" in response.content.decode()
        assert Publication.objects.live().filter(round=closed_round).exists()

        rating = Rating.objects.get(round=closed_round)
        url = reverse("public:manage_comments", args=[closed_round.pk])
        form = staff_client.get(url)
        assert f'name="r{rating.pk}-text"' in form.content.decode()
        response = staff_client.post(url, {f"r{rating.pk}-text": "Skrevet til borgerne."}, follow=True)
        assert "1 offentlig kommentar er gemt." in response.content.decode()
        assert rating.public_comment.text == "Skrevet til borgerne."
        public = staff_client.get(reverse("public:initiative", args=[rating.initiative.plan_id, "3.04"]))
        assert "Skrevet til borgerne." in public.content.decode()

        staff_client.post(reverse("public:unpublish", args=[closed_round.pk]))
        assert not Publication.objects.live().exists()


def test_the_preview_shows_what_citizens_will_see_and_what_they_will_not(staff_client, closed_round, round_plan):
    from milepael.core.richtext import html_to_text
    from tests.factories import RatingFactory

    # 3.08 is rated but never approved: citizens will see it as not rated.
    RatingFactory(initiative=round_plan.initiatives.get(number="3.08"), round=closed_round, status="submitted")
    text = html_to_text(staff_client.get(reverse("public:publish", args=[closed_round.pk])).content.decode())
    assert "4 af 5 indsatser vises som »Ikke vurderet«" in text
    assert "3 har ingen vurdering, 1 er vurderet, men ikke godkendt." in text
    # Effort: glad 1 … not rated 4; the first initiatives as the public page lists them.
    assert "Indsats 1 0 0 0 4" in text
    assert "De første 5 af 5 indsatser" in text
    assert "3.04 Bygning - Indeklima i daginstitutioner Ejendomme Indsats: Glad Økonomi: Glad" in text


def test_the_preview_runs_a_fixed_number_of_queries(staff_client, closed_round, round_plan):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import RatingFactory, add_initiative

    def count() -> int:
        staff_client.get(reverse("public:publish", args=[closed_round.pk]))
        with CaptureQueriesContext(connection) as queries:
            staff_client.get(reverse("public:publish", args=[closed_round.pk]))
        return len(queries)

    before = count()
    for number in range(20, 40):
        RatingFactory(initiative=add_initiative(round_plan, f"3.{number}", department="Ejendomme"), round=closed_round)
    assert count() == before
