"""The form on the reports page: which report, in which format, and what the clerk sets for
the committee meeting it goes to (the report's date, committee, meeting date, case id)."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from milepael.core.formatting import danish_date
from milepael.plans.models import FollowUpRound, ImplementationPlan, case_id_validator

from .document import ReportMeta
from .renderers import Renderer
from .services import ReportOrder

PLAN_ITSELF = "udmoentning"


class ReportOrderForm(forms.Form):
    """A plan report to generate. Defaults: the latest round with ratings, PDF, only
    approved ratings, dated today, for the plan's committee, no meeting date, no case id."""

    report = forms.ChoiceField(label=_("Rapport"), widget=forms.RadioSelect)
    format = forms.ChoiceField(label=_("Format"), widget=forms.RadioSelect)
    include_submitted = forms.BooleanField(
        label=_("Medtag indsendte vurderinger, der endnu ikke er godkendt (markeres »ikke godkendt«)"),
        required=False,
    )
    report_date = forms.DateField(
        label=_("Rapportens dato"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    committee = forms.CharField(
        label=_("Udvalg"),
        max_length=200,
        help_text=_("Det udvalg, hvis møde rapporten skal på dagsordenen til."),
        widget=forms.TextInput(attrs={"list": "committee-names", "autocomplete": "off"}),
    )
    meeting_date = forms.DateField(
        label=_("Mødedato"), required=False, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    case_id = forms.CharField(
        label=_("Sagsid"),
        required=False,
        max_length=40,
        help_text=_("Rapportens eget sagsid i KLE-formen 00.30.00-S00-9-16. Tomt: intet sagsid."),
    )

    def __init__(
        self,
        *args,
        plan: ImplementationPlan,
        rounds: list[FollowUpRound],
        renderers: list[Renderer],
        today: datetime.date,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["report"].choices = [
            (PLAN_ITSELF, _("Udmøntningen")),
            *((str(round_.ordinal), round_.name) for round_ in rounds),
        ]
        self.fields["format"].choices = [(r.identifier, r.verbose_name) for r in renderers]
        self.initial.setdefault("report", str(rounds[-1].ordinal) if rounds else PLAN_ITSELF)
        self.initial.setdefault("format", "pdf")
        self.initial.setdefault("report_date", today)
        self.initial.setdefault("committee", plan.committee.name)

    def clean_case_id(self) -> str:
        value = self.cleaned_data["case_id"].strip()
        if value:
            case_id_validator(value)  # names the value and the accepted forms
        return value

    def clean(self) -> dict:
        data = super().clean()
        date, meeting = data.get("report_date"), data.get("meeting_date")
        if date and meeting and meeting < date:
            self.add_error(
                "meeting_date",
                _("Mødedatoen %(meeting)s ligger før rapportens dato %(date)s.")
                % {"meeting": danish_date(meeting), "date": danish_date(date)},
            )
        return data

    def to_order(self) -> ReportOrder:
        data = self.cleaned_data
        return ReportOrder(
            round_ordinal=None if data["report"] == PLAN_ITSELF else int(data["report"]),
            format=data["format"],
            include_submitted=data["include_submitted"],
            meta=ReportMeta(
                date=data["report_date"],
                committee=data["committee"].strip(),
                meeting_date=data["meeting_date"],
                case_id=data["case_id"],
            ),
        )
