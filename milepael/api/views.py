"""The JSON API: internal reading for every role, rating and review through
milepael.followup.services (the same rules and rights as the web)."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings

from milepael.followup import selectors as followup_selectors
from milepael.followup import services
from milepael.followup.models import EconomyRevision, Rating
from milepael.organisation import permissions
from milepael.organisation.models import Department
from milepael.plans.models import Agreement, FollowUpRound, ImplementationPlan, Initiative, Milestone

from . import schema
from .pagination import Pagination
from .permissions import CanReview, CanViewInternal
from .serializers import (
    AgreementFilterSerializer,
    AgreementSerializer,
    ApproveSerializer,
    DepartmentSerializer,
    HistoryEntrySerializer,
    InitiativeFilterSerializer,
    InitiativeSerializer,
    PlanFilterSerializer,
    PlanSerializer,
    RatingConflictSerializer,
    RatingFilterSerializer,
    RatingSaveSerializer,
    RatingSerializer,
    ReturnSerializer,
    RoundFilterSerializer,
    RoundSerializer,
)
from .throttling import ThrottledFirst


class ApiViewSet(ThrottledFirst, viewsets.GenericViewSet):
    """Internal users only; JSON in and out.

    Token first, so a request without credentials gets 401 with `WWW-Authenticate: Token`;
    a browser's session still works, with Django's CSRF check on every write."""

    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [CanViewInternal]
    renderer_classes = [JSONRenderer]
    parser_classes = [JSONParser]
    pagination_class = Pagination
    filter_serializer_class: type[serializers.Serializer] | None = None
    # query parameter → ORM lookup
    filter_lookups: dict[str, str] = {}

    def filter_queryset(self, queryset):
        if self.action != "list" or self.filter_serializer_class is None:
            return queryset
        params = self.filter_serializer_class(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        lookups = {self.filter_lookups.get(name, name): value for name, value in params.validated_data.items()}
        return queryset.filter(**lookups)


class ReadOnlyApiViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    pass


def _documented(serializer, filters=None, *, list_description: str = ""):
    """List and retrieve with their query parameters and error responses documented."""
    return extend_schema_view(
        list=extend_schema(
            description=list_description or None,
            parameters=[filters] if filters else None,
            responses={200: serializer(many=True), **schema.LIST_ERRORS},
        ),
        retrieve=extend_schema(responses={200: serializer, **schema.DETAIL_ERRORS}),
    )


@_documented(DepartmentSerializer, list_description="Departments (centre, sekretariater), by name.")
class DepartmentViewSet(ReadOnlyApiViewSet):
    queryset = Department.objects.order_by("name", "pk")
    serializer_class = DepartmentSerializer


@_documented(
    AgreementSerializer,
    AgreementFilterSerializer,
    list_description="Budget agreements, newest first, each with its implementation plans.",
)
class AgreementViewSet(ReadOnlyApiViewSet):
    serializer_class = AgreementSerializer
    filter_serializer_class = AgreementFilterSerializer
    queryset = Agreement.objects.prefetch_related(
        Prefetch("plans", queryset=ImplementationPlan.objects.select_related("committee").order_by("committee__name"))
    ).order_by("-budget_year", "title", "pk")


@_documented(
    PlanSerializer, PlanFilterSerializer, list_description="Implementation plans with their agreement's themes."
)
class PlanViewSet(ReadOnlyApiViewSet):
    serializer_class = PlanSerializer
    filter_serializer_class = PlanFilterSerializer
    queryset = (
        ImplementationPlan.objects.select_related("agreement", "committee")
        .prefetch_related("agreement__themes")
        .order_by("-agreement__budget_year", "committee__name", "pk")
    )


@_documented(
    InitiativeSerializer,
    InitiativeFilterSerializer,
    list_description="Initiatives in plan and natural number order (2.02.1 after 2.02), with milestones, "
    "contributors, economy and economy revisions.",
)
class InitiativeViewSet(ReadOnlyApiViewSet):
    serializer_class = InitiativeSerializer
    filter_serializer_class = InitiativeFilterSerializer
    filter_lookups = {"department": "responsible_department"}
    queryset = (
        Initiative.objects.select_related("theme", "responsible_department", "responsible_committee")
        .prefetch_related(
            "contributors",
            Prefetch("milestones", queryset=Milestone.objects.select_related("round").order_by("round__ordinal")),
            Prefetch(
                "economy_revisions",
                queryset=EconomyRevision.objects.select_related("created_by")
                .prefetch_related("amounts")
                .order_by("approved_on", "pk"),
            ),
            "economy_amounts",
        )
        .order_by("plan_id", "sort_key", "pk")
    )

    @extend_schema(
        description="Every recorded change to the initiative, its milestones, ratings and economy revisions, "
        "newest first (the history page of the web).",
        responses={200: HistoryEntrySerializer(many=True), **schema.DETAIL_ERRORS},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, pk=None):
        initiative = self.get_object()
        entries = followup_selectors.initiative_history(initiative, request.user)
        return Response(HistoryEntrySerializer(entries, many=True).data)


@_documented(RoundSerializer, RoundFilterSerializer, list_description="Follow-up rounds with status and deadline.")
class RoundViewSet(ReadOnlyApiViewSet):
    serializer_class = RoundSerializer
    filter_serializer_class = RoundFilterSerializer
    queryset = FollowUpRound.objects.order_by("-agreement__budget_year", "agreement_id", "ordinal", "pk")


def _validation_error(error: DjangoValidationError) -> exceptions.ValidationError:
    """A service's ValidationError as DRF's: field → messages, or non_field_errors."""
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError(
            {
                api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field: messages
                for field, messages in error.message_dict.items()
            }
        )
    return exceptions.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: error.messages})


def _call_service(call) -> Rating | Response:
    """Run a followup service; a conflict becomes 409 with the stored rating, a broken rule
    400 with its messages, a missing right 403."""
    try:
        return call()
    except services.RatingConflict as conflict:
        body = RatingConflictSerializer({"detail": str(conflict), "current": conflict.current}).data
        return Response(body, status=status.HTTP_409_CONFLICT)
    except DjangoValidationError as error:
        raise _validation_error(error) from error
    except DjangoPermissionDenied as error:
        raise exceptions.PermissionDenied(str(error) or None) from error


@extend_schema_view(
    list=extend_schema(
        description="Ratings by round and initiative number.",
        parameters=[RatingFilterSerializer],
        responses={200: RatingSerializer(many=True), **schema.LIST_ERRORS},
    ),
    retrieve=extend_schema(responses={200: RatingSerializer, **schema.DETAIL_ERRORS}),
)
class RatingViewSet(ReadOnlyApiViewSet):
    serializer_class = RatingSerializer
    filter_serializer_class = RatingFilterSerializer
    filter_lookups = {"department": "initiative__responsible_department"}
    queryset = Rating.objects.select_related("initiative__responsible_department", "round", "updated_by").order_by(
        "-round__agreement__budget_year", "round__ordinal", "initiative__plan_id", "initiative__sort_key", "pk"
    )

    def get_queryset(self):
        # Another department's draft does not exist for the user: not listed, 404 in detail.
        return super().get_queryset().filter(permissions.visible_ratings(self.request.user))

    @extend_schema(
        description=(
            "Save a draft (`submit: false`) or submit a rating for review (`submit: true`) with the web's rules: "
            "a yellow or red effort needs a comment, a red economy an alternative financing, the round must be "
            "open, and a department rates only its own initiatives. Send the `version` you started from "
            "(0 for a new rating); if someone saved in between you get 409 and the stored rating."
        ),
        request=RatingSaveSerializer,
        responses={
            200: OpenApiResponse(RatingSerializer, description="An existing rating was saved."),
            201: OpenApiResponse(RatingSerializer, description="The first rating of the initiative in the round."),
            **schema.WRITE_ERRORS,
        },
    )
    def create(self, request):
        params = RatingSaveSerializer(data=request.data, context={"request": request})
        params.is_valid(raise_exception=True)
        data = params.validated_data
        result = _call_service(
            lambda: services.save_rating(
                initiative=data["initiative"],
                round_=data["round"],
                user=request.user,
                data=services.RatingInput.from_data(data),
                expected_version=data["version"],
                submit=data["submit"],
            )
        )
        if isinstance(result, Response):
            return result
        created = result.version == 1
        return Response(
            RatingSerializer(result).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )

    def _review(self, request, serializer_class, call) -> Response:
        rating = self.get_object()
        params = serializer_class(data=request.data)
        params.is_valid(raise_exception=True)
        result = _call_service(lambda: call(rating, params.validated_data))
        if isinstance(result, Response):
            return result
        return Response(RatingSerializer(result).data)

    @extend_schema(
        description="Approve a submitted rating (administrators).",
        request=ApproveSerializer,
        responses={200: RatingSerializer, **schema.WRITE_ERRORS, 404: schema.NOT_FOUND},
    )
    @action(detail=True, methods=["post"], permission_classes=[CanViewInternal, CanReview])
    def approve(self, request, pk=None):
        return self._review(
            request,
            ApproveSerializer,
            lambda rating, data: services.approve_rating(rating, user=request.user, expected_version=data["version"]),
        )

    @extend_schema(
        description="Send a submitted rating back to the department with a remark (administrators).",
        request=ReturnSerializer,
        responses={200: RatingSerializer, **schema.WRITE_ERRORS, 404: schema.NOT_FOUND},
    )
    @action(detail=True, methods=["post"], url_path="return", permission_classes=[CanViewInternal, CanReview])
    def return_(self, request, pk=None):
        return self._review(
            request,
            ReturnSerializer,
            lambda rating, data: services.return_rating(
                rating, user=request.user, expected_version=data["version"], remark=data["remark"]
            ),
        )


class SchemaView(ThrottledFirst, SpectacularAPIView):
    """The OpenAPI schema, for anyone, within the anonymous rate."""


@csrf_exempt  # it changes nothing; a POST to a wrong URL should get this 404, not the CSRF page
def not_found(request, path: str = ""):
    """Unknown URLs under /api/ answer in JSON like the API, not with the site's HTML page."""
    return JsonResponse({"detail": _("Ikke fundet.")}, status=404)
