"""What the API reads and writes. Field names are English and stable; rich text comes
as `<name>_html` (sanitised) plus `<name>_text` (plain); `*_label` fields carry the
Danish display text of a code."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers

from milepael.core.text import clean_text
from milepael.followup.economy import in_force
from milepael.followup.models import Economy, EconomyRevision, Effort, Rating
from milepael.organisation import permissions
from milepael.organisation.models import Committee, Department
from milepael.plans.models import Agreement, FollowUpRound, ImplementationPlan, Initiative, Milestone, Theme

from .fields import HTMLField, PlainTextField, rich_text

MAX_ID = 2**63 - 1
MAX_VERSION = 2**31 - 1


@extend_schema_field(serializers.CharField(allow_null=True))
class UserNameField(serializers.Field):
    """A user as people read it: full name, else user name; null for the system (an import)."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value) -> str:
        # Never called with None: DRF writes null for a missing object itself.
        return value.get_full_name() or value.get_username()


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "name"]


class CommitteeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Committee
        fields = ["id", "name"]


class ThemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["id", "number", "title"]


class PlanSummarySerializer(serializers.ModelSerializer):
    committee = CommitteeSerializer(read_only=True)

    class Meta:
        model = ImplementationPlan
        fields = ["id", "title", "committee"]


class AgreementSerializer(serializers.ModelSerializer):
    plans = PlanSummarySerializer(many=True, read_only=True, help_text="The committees' implementation plans.")

    class Meta:
        model = Agreement
        fields = ["id", "title", "budget_year", "adopted_on", "case_id", "parties", "plans"]


class PlanSerializer(serializers.ModelSerializer):
    """An implementation plan (udmøntning) with the themes of its agreement."""

    agreement_title = serializers.CharField(source="agreement.title", read_only=True)
    committee = CommitteeSerializer(read_only=True)
    intro_html, intro_text = rich_text("intro")
    economy_intro_html, economy_intro_text = rich_text("economy_intro")
    themes = ThemeSerializer(
        source="agreement.themes", many=True, read_only=True, help_text="The agreement's themes, by number."
    )

    class Meta:
        model = ImplementationPlan
        fields = [
            "id",
            "agreement",
            "agreement_title",
            "committee",
            "title",
            "date",
            "contact_person",
            "phone",
            "email",
            "case_id",
            "intro_html",
            "intro_text",
            "effort_green_definition",
            "effort_yellow_definition",
            "effort_red_definition",
            "economy_intro_html",
            "economy_intro_text",
            "economy_green_definition",
            "economy_red_definition",
            "themes",
        ]


class RoundSerializer(serializers.ModelSerializer):
    """A follow-up round (1. budgetopfølgning 2018, …, 31.12.2018)."""

    status_label = serializers.CharField(source="get_status_display", read_only=True)
    is_open = serializers.BooleanField(read_only=True, help_text="Ratings can be saved only while the round is open.")

    class Meta:
        model = FollowUpRound
        fields = ["id", "agreement", "ordinal", "name", "deadline", "status", "status_label", "is_open"]


class MilestoneSerializer(serializers.ModelSerializer):
    round_name = serializers.CharField(source="round.name", read_only=True)
    round_ordinal = serializers.IntegerField(source="round.ordinal", read_only=True)
    text_html, text_text = rich_text("text")
    is_blank = serializers.BooleanField(read_only=True, help_text="No milestone in this round.")

    class Meta:
        model = Milestone
        fields = ["round", "round_name", "round_ordinal", "text_html", "text_text", "is_blank"]


class _AmountFields(serializers.Serializer):
    """An amount of the structured economy (issue 17), read-only. Kind and sign as plain
    strings, so their enums do not collide with the initiative's kind in the schema."""

    year = serializers.IntegerField(read_only=True)
    kind = serializers.CharField(read_only=True, help_text="drift or anlaeg.")
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    sign = serializers.CharField(
        read_only=True, help_text="udgift (expense), besparelse (saving) or indtaegt (income)."
    )
    sign_label = serializers.CharField(source="get_sign_display", read_only=True)
    amount_kr = serializers.IntegerField(read_only=True, help_text="Whole Danish kroner, never negative.")


class EconomyAmountSerializer(_AmountFields):
    pass


class RevisedEconomyAmountSerializer(_AmountFields):
    pass


class EconomyRevisionSerializer(serializers.ModelSerializer):
    """A council-approved change of the economy; later ratings are against it."""

    text_html, text_text = rich_text("text")
    created_by = UserNameField()
    amounts = RevisedEconomyAmountSerializer(
        many=True, read_only=True, help_text="New amounts: from the revision's year on they replace those in force."
    )

    class Meta:
        model = EconomyRevision
        fields = [
            "id",
            "text_html",
            "text_text",
            "approved_on",
            "approval_reference",
            "created_by",
            "created_at",
            "amounts",
        ]


class InitiativeSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    theme = ThemeSerializer(read_only=True)
    responsible_department = DepartmentSerializer(read_only=True)
    responsible_committee = CommitteeSerializer(read_only=True)
    contributors = DepartmentSerializer(
        many=True, read_only=True, help_text="Departments named as main contributors (see contributors_text)."
    )
    contributors_text = serializers.CharField(
        read_only=True, help_text="The contributors as the plan writes them, also when not only departments."
    )
    description_html, description_text = rich_text("description")
    implementation_note_html, implementation_note_text = rich_text("implementation_note")
    economy_html = HTMLField(source="economy_text")
    economy_text = PlainTextField()  # the model field is called economy_text too
    milestones = MilestoneSerializer(many=True, read_only=True, help_text="One per round, in round order.")
    economy_revisions = EconomyRevisionSerializer(many=True, read_only=True, help_text="Oldest first.")
    economy_amounts = EconomyAmountSerializer(
        many=True,
        read_only=True,
        help_text="The adopted amounts by year, kind and sign (revisions: economy_revisions).",
    )
    economy_amounts_in_force = serializers.SerializerMethodField(
        help_text="The amounts in force today: the adopted ones, from each approved revision's year on replaced "
        "by the revision's amounts (the rule the pages, reports and workbook use)."
    )

    @extend_schema_field(EconomyAmountSerializer(many=True))
    def get_economy_amounts_in_force(self, initiative: Initiative) -> list:
        # From the prefetched amounts and revisions: no query per initiative.
        result = in_force(initiative.economy_amounts.all(), initiative.economy_revisions.all(), timezone.localdate())
        amounts = sorted(result.amounts, key=lambda a: (a.year, a.kind, a.sign))
        return EconomyAmountSerializer(amounts, many=True).data

    class Meta:
        model = Initiative
        fields = [
            "id",
            "plan",
            "number",
            "title",
            "kind",
            "kind_label",
            "theme",
            "responsible_department",
            "responsible_committee",
            "contributors",
            "contributors_text",
            "description_html",
            "description_text",
            "implementation_note_html",
            "implementation_note_text",
            "economy_html",
            "economy_text",
            "milestones",
            "economy_revisions",
            "economy_amounts",
            "economy_amounts_in_force",
        ]


class RatingSerializer(serializers.ModelSerializer):
    """A department's rating (effort and economy smileys) of an initiative in a round."""

    initiative_number = serializers.CharField(source="initiative.number", read_only=True)
    department = DepartmentSerializer(
        source="initiative.responsible_department", read_only=True, help_text="The responsible department."
    )
    effort_label = serializers.CharField(source="get_effort_display", read_only=True)
    economy_label = serializers.CharField(source="get_economy_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    version = serializers.IntegerField(
        read_only=True, help_text="Send it back when saving, approving or returning (optimistic locking)."
    )
    updated_by = UserNameField()
    expected_deviation_kr = serializers.SerializerMethodField(
        help_text="Expected result minus budget in kroner (plus: over budget); null without both."
    )
    suggested_economy = serializers.SerializerMethodField(
        help_text="The economy smiley the deviation suggests (green within budget or the tolerance, red otherwise); "
        "a suggestion only, null without both amounts."
    )

    def get_expected_deviation_kr(self, rating: Rating) -> int | None:
        return rating.deviation.deviation_kr if rating.deviation else None

    def get_suggested_economy(self, rating: Rating) -> str | None:
        return rating.deviation.suggestion if rating.deviation else None

    class Meta:
        model = Rating
        fields = [
            "id",
            "initiative",
            "initiative_number",
            "department",
            "round",
            "effort",
            "effort_label",
            "effort_comment",
            "economy",
            "economy_label",
            "economy_comment",
            "alternative_financing",
            "expected_result_kr",
            "budget_kr",
            "expected_deviation_kr",
            "suggested_economy",
            "economy_baseline",
            "status",
            "status_label",
            "review_remark",
            "version",
            "updated_by",
            "updated_at",
        ]
        extra_kwargs = {
            "expected_result_kr": {
                "help_text": "The reporter's expected net result for the budget year in whole kroner "
                "(savings and incomes minus); null: none given."
            },
            "budget_kr": {
                "help_text": "The net budget in force for the budget year when the rating was saved; null: no amounts."
            },
            "economy_baseline": {
                "help_text": "The economy revision the economy was rated against; null: the adopted economy."
            },
        }


class CleanCharField(serializers.CharField):
    """Free text as the models store it: control characters removed and U+000B/U+000C as line
    breaks (core.text) before validation, so a pasted U+0000 is dropped, not refused."""

    def to_internal_value(self, data) -> str:
        return clean_text(super().to_internal_value(data))


class RatingConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current = RatingSerializer(help_text="The rating as stored now; its version is the one to send next time.")


class RatingSaveSerializer(serializers.Serializer):
    """Save a draft or submit a rating, with the same rules as the web form."""

    initiative = serializers.PrimaryKeyRelatedField(
        queryset=Initiative.objects.select_related("plan"), help_text="Id of the initiative."
    )
    round = serializers.PrimaryKeyRelatedField(
        queryset=FollowUpRound.objects.all(), help_text="Id of the follow-up round (must be open)."
    )
    effort = serializers.ChoiceField(
        choices=Effort.choices,
        allow_blank=True,
        default="",
        help_text="Effort smiley; `none` exactly when the round has no milestone. Blank only in a draft.",
    )
    effort_comment = CleanCharField(
        allow_blank=True, default="", max_length=10000, help_text="Required for yellow or red when submitting."
    )
    economy = serializers.ChoiceField(
        choices=Economy.choices, allow_blank=True, default="", help_text="Economy smiley. Blank only in a draft."
    )
    economy_comment = CleanCharField(allow_blank=True, default="", max_length=10000)
    alternative_financing = CleanCharField(
        allow_blank=True, default="", max_length=10000, help_text="Required for a red economy when submitting."
    )
    expected_result_kr = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=-(10**12) + 1,
        max_value=10**12 - 1,
        help_text="Expected net result for the budget year in whole kroner (savings and incomes minus); null "
        "removes it; left out, the stored one is kept.",
    )
    version = serializers.IntegerField(
        min_value=0,
        max_value=MAX_VERSION,
        help_text="The version the change is based on: 0 for a new rating, else the stored rating's `version`.",
    )
    submit = serializers.BooleanField(default=False, help_text="true: submit for review; false: save a draft.")

    def validate_initiative(self, initiative: Initiative) -> Initiative:
        # Rights before rules: a department gets 403 for another's initiative whatever it sends.
        if not permissions.can_rate(self.context["request"].user, initiative):
            raise exceptions.PermissionDenied(_("Du har ikke adgang til at gøre dette."))
        return initiative

    def validate(self, attrs):
        if attrs["round"].agreement_id != attrs["initiative"].plan.agreement_id:
            raise serializers.ValidationError({"round": [_("Opfølgningen hører ikke til indsatsens budgetaftale.")]})
        return attrs


class ApproveSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=0, max_value=MAX_VERSION, help_text="The rating's `version` the decision is based on."
    )


class ReturnSerializer(ApproveSerializer):
    remark = CleanCharField(
        allow_blank=True, max_length=10000, help_text="What the department must clarify (required)."
    )


class HistoryChangeSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="The field's Danish name.")
    before = serializers.CharField(help_text="As a person reads it: labels, plain text; – for empty.")
    after = serializers.CharField()


class HistoryEntrySerializer(serializers.Serializer):
    when = serializers.DateTimeField()
    who = serializers.CharField()
    what = serializers.CharField(
        help_text="What changed: the initiative, a milestone, a rating or an economy revision."
    )
    type = serializers.CharField(help_text="Created, changed or deleted (Danish display text).")
    changes = HistoryChangeSerializer(many=True, help_text="Empty for a creation.")

    def to_representation(self, instance):
        instance = {
            **instance,
            "changes": [{"field": f, "before": b, "after": a} for f, b, a in instance["changes"]],
        }
        return super().to_representation(instance)


# Query parameters of the list endpoints (validated; documented in the schema).


def _id_filter(help_text: str) -> serializers.IntegerField:
    return serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID, help_text=help_text)


class AgreementFilterSerializer(serializers.Serializer):
    budget_year = serializers.IntegerField(required=False, min_value=2000, max_value=32767)


class PlanFilterSerializer(serializers.Serializer):
    agreement = _id_filter("Id of the agreement.")
    committee = _id_filter("Id of the committee.")


class InitiativeFilterSerializer(serializers.Serializer):
    plan = _id_filter("Id of the implementation plan.")
    department = _id_filter("Id of the responsible department.")
    kind = serializers.ChoiceField(choices=Initiative.Kind.choices, required=False)
    theme = _id_filter("Id of the theme (see the plan's themes).")


class RoundFilterSerializer(serializers.Serializer):
    agreement = _id_filter("Id of the agreement.")
    status = serializers.ChoiceField(choices=FollowUpRound.Status.choices, required=False)


class RatingFilterSerializer(serializers.Serializer):
    round = _id_filter("Id of the follow-up round.")
    initiative = _id_filter("Id of the initiative.")
    department = _id_filter("Id of the initiative's responsible department.")
    status = serializers.ChoiceField(choices=Rating.Status.choices, required=False)
