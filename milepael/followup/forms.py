from dataclasses import fields

from django import forms
from django.utils.translation import gettext_lazy as _

from milepael.core import smileys
from milepael.core.formatting import danish_kroner, danish_number, parse_danish_kroner
from milepael.core.forms import LongSelect
from milepael.plans.models import EconomyAmount, ImplementationPlan

from . import overview
from .models import Economy, EconomyRevision, Effort, Rating
from .selectors import ReviewFilter
from .services import RatingInput

RATING_FIELDS = [field.name for field in fields(RatingInput)]
# Each choice is shown as the smiley's face and word (field name = smiley kind: effort, economy).
SMILEY_FIELD = "followup/_smiley_field.html"
# In a worklist row the choices are compact: face and word side by side.
ROW_SMILEY_FIELD = "followup/_row_smiley_field.html"


class SmileyChoice:
    """A smiley choice's label: the template draws the face and word from `value`, and shows
    the plan's own definition of the smiley (seed 000's list) as the choice's hint."""

    def __init__(self, value: str, label: str, definition: str = ""):
        self.value = value
        self.label = label
        self.definition = definition

    def __str__(self) -> str:
        return str(self.label)


def _definitions(plan: ImplementationPlan | None) -> dict[tuple[str, str], str]:
    if plan is None:
        return {}
    return {
        ("effort", Effort.GREEN): plan.effort_green_definition,
        ("effort", Effort.YELLOW): plan.effort_yellow_definition,
        ("effort", Effort.RED): plan.effort_red_definition,
        ("economy", Economy.GREEN): plan.economy_green_definition,
        ("economy", Economy.RED): plan.economy_red_definition,
    }


def _indicator_field(indicator) -> forms.DecimalField:
    """The round's value of a key figure, typed the Danish way (5,7)."""
    label = f"{indicator.name} ({indicator.unit})" if indicator.unit else indicator.name
    goals = []
    if indicator.baseline is not None:
        goals.append(
            _("udgangspunkt %(value)s") % {"value": danish_number(indicator.baseline, _decimals(indicator.baseline))}
        )
    if indicator.target is not None:
        goals.append(_("mål %(value)s") % {"value": danish_number(indicator.target, _decimals(indicator.target))})
    help_text = _("Nøgletal for denne opfølgning") + (f" ({', '.join(goals)})" if goals else "") + "."
    return forms.DecimalField(
        label=label, required=False, max_digits=14, decimal_places=2, localize=True, help_text=help_text
    )


def _decimals(value) -> int:
    return max(0, min(2, -value.normalize().as_tuple().exponent))


class RatingForm(forms.Form):
    """The reporter's form; the rules themselves live in services.rating_errors."""

    effort = forms.ChoiceField(
        label=_("Smiley for indsats"), required=False, widget=forms.RadioSelect, template_name=SMILEY_FIELD
    )
    effort_comment = forms.CharField(
        label=_("Kommentar til indsats"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Skal udfyldes ved neutral eller sur smiley for indsatsen."),
    )
    economy = forms.ChoiceField(
        label=_("Smiley for økonomi"), required=False, widget=forms.RadioSelect, template_name=SMILEY_FIELD
    )
    economy_comment = forms.CharField(
        label=_("Kommentar til økonomi"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Frivillig: hvad ligger bag smileyen for økonomi?"),
    )
    alternative_financing = forms.CharField(
        label=_("Alternativ finansiering"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Skal udfyldes ved sur smiley for økonomi: hvordan dækkes ændringen?"),
    )
    expected_result_kr = forms.CharField(
        label=_("Forventet resultat for budgetåret"),
        required=False,
        max_length=40,
        help_text=_(
            "Frivilligt. Nettoresultatet for året i kr., fx 4,5 mio. kr. eller 500.000; "
            "besparelser og indtægter med minus, fx -0,5 mio. kr."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(
        self,
        *args,
        milestone_blank: bool,
        plan: ImplementationPlan | None = None,
        indicators=(),
        suggestion_url: str = "",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        if suggestion_url:
            # htmx shows budget, deviation and the suggested smiley as the amount is typed.
            self.fields["expected_result_kr"].widget.attrs.update(
                {
                    "hx-get": suggestion_url,
                    "hx-trigger": "input changed delay:400ms, change",
                    "hx-target": f"#{self.add_prefix('expected-result')}",
                    "hx-swap": "innerHTML",
                    "hx-sync": "this:replace",
                }
            )
        definitions = _definitions(plan)
        self.indicators = list(indicators)
        for indicator in self.indicators:
            self.fields[f"indicator_{indicator.pk}"] = _indicator_field(indicator)

        def choices(kind: str, values) -> list[tuple[str, SmileyChoice]]:
            labels = dict(Effort.choices if kind == "effort" else Economy.choices)
            return [(v, SmileyChoice(v, labels[v], definitions.get((kind, v), ""))) for v in values]

        if milestone_blank:
            self.fields["effort"].choices = choices("effort", [Effort.NO_MILESTONE])
        else:
            self.fields["effort"].choices = choices("effort", [Effort.GREEN, Effort.YELLOW, Effort.RED])
        self.fields["economy"].choices = choices("economy", smileys.ECONOMY_VALUES)

    @staticmethod
    def initial_for(rating: Rating | None, *, milestone_blank: bool) -> dict:
        """The form's starting values: the stored rating, or »no milestone« preselected where
        the round has none."""
        if rating is None:
            return {"version": 0, "effort": Effort.NO_MILESTONE} if milestone_blank else {"version": 0}
        initial = {name: getattr(rating, name) for name in RATING_FIELDS}
        expected = rating.expected_result_kr
        return {
            **initial,
            "expected_result_kr": "" if expected is None else danish_kroner(expected),
            "version": rating.version,
        }

    def clean_expected_result_kr(self) -> int | None:
        try:
            return parse_danish_kroner(self.cleaned_data["expected_result_kr"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error

    def to_input(self) -> RatingInput:
        return RatingInput.from_data(self.cleaned_data)

    def indicator_fields(self) -> list:
        return [self[f"indicator_{indicator.pk}"] for indicator in self.indicators]

    def indicator_values(self) -> dict:
        """Indicator pk → the value typed (None: empty) for services.save_indicator_values."""
        return {indicator.pk: self.cleaned_data.get(f"indicator_{indicator.pk}") for indicator in self.indicators}

    def value_of(self, name: str) -> str:
        """What the field holds now: the submitted value, else the initial one (for the
        template's choice of which comment fields the rules need)."""
        bound = self[name]
        return (bound.value() or "") if self.is_bound else (self.initial.get(name) or "")

    @property
    def needs_effort_comment(self) -> bool:
        return self.value_of("effort") in (Effort.YELLOW, Effort.RED) or bool(self.value_of("effort_comment"))

    @property
    def needs_economy_fields(self) -> bool:
        return self.value_of("economy") == Economy.RED or bool(
            self.value_of("economy_comment") or self.value_of("alternative_financing")
        )


class WorklistRowForm(RatingForm):
    """A row of the worklist: the rating form with compact smiley choices, its fields prefixed
    with the initiative (all rows are one form)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("effort", "economy"):
            self.fields[name].template_name = ROW_SMILEY_FIELD


class OpenRoundForm(forms.Form):
    deadline = forms.DateField(label=_("Frist for afrapportering"), widget=forms.DateInput(attrs={"type": "date"}))


class ReopenRoundForm(forms.Form):
    reason = forms.CharField(label=_("Begrundelse for genåbning"), widget=forms.Textarea(attrs={"rows": 3}))


class CloseRoundForm(forms.Form):
    reason = forms.CharField(
        label=_("Begrundelse for at lukke alligevel"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Skal udfyldes, når indsatser ikke er godkendt. Begrundelsen gemmes i opfølgningens hændelser."),
    )


class ReturnForm(forms.Form):
    remark = forms.CharField(label=_("Bemærkning til centret"), widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class ApproveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Dit svar til Økonomi og Styring"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Svaret gemmes ved vurderingen og kan ikke ændres bagefter."),
    )


def selected_versions(values: list[str]) -> dict[int, int]:
    """The ratings ticked for »Godkend valgte«: each checkbox's value is `pk:version` (the
    version the reviewer saw). Anything malformed is ignored."""
    selected = {}
    for value in values:
        pk, _sep, version = value.partition(":")
        if pk.isdigit() and version.isdigit():
            selected[int(pk)] = int(version)
    return selected


class ReviewFilterForm(forms.Form):
    department = forms.TypedChoiceField(label=_("Center"), required=False, coerce=int, empty_value=None)
    effort = forms.ChoiceField(label=_("Smiley for indsats"), required=False)
    economy = forms.ChoiceField(label=_("Smiley for økonomi"), required=False)
    changed = forms.BooleanField(label=_("Kun ændret siden forrige opfølgning"), required=False)

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("Alle"))]
        self.fields["department"].choices = everything + [(d.pk, d.name) for d in departments]
        self.fields["effort"].choices = everything + list(Effort.choices)
        self.fields["economy"].choices = everything + list(Economy.choices)

    def to_filter(self) -> ReviewFilter:
        if not self.is_bound or not self.is_valid():
            return ReviewFilter()
        return ReviewFilter(**self.cleaned_data)


class EconomyRevisionForm(forms.ModelForm):
    class Meta:
        model = EconomyRevision
        fields = ["text", "approved_on", "approval_reference"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "approved_on": forms.DateInput(attrs={"type": "date"}),
        }


class OverviewForm(forms.Form):
    """The overview's GET form: which round, and which changes since the previous round.
    Invalid values are ignored, never an error page."""

    round = forms.TypedChoiceField(label=_("Opfølgning"), required=False, coerce=int, empty_value=None)
    department = forms.TypedChoiceField(
        label=_("Ansvarligt center"), required=False, coerce=int, empty_value=None, widget=LongSelect
    )
    theme = forms.TypedChoiceField(label=_("Tema"), required=False, coerce=int, empty_value=None, widget=LongSelect)
    direction = forms.ChoiceField(label=_("Retning"), required=False)

    def __init__(self, *args, rounds, departments, themes, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("Alle"))]
        self.fields["round"].choices = [("", _("Seneste med godkendte vurderinger"))] + [
            (r.ordinal, r.name) for r in rounds
        ]
        self.fields["department"].choices = everything + [(d.pk, d.name) for d in departments]
        self.fields["theme"].choices = everything + list(themes)  # (id, label): plans.selectors.theme_choices
        self.fields["direction"].choices = everything + list(overview.DIRECTIONS.items())

    def round_ordinal(self) -> int | None:
        return self.cleaned_data["round"] if self.is_valid() else None

    def to_filter(self) -> overview.ChangeFilter:
        if not self.is_valid():
            return overview.ChangeFilter()
        data = self.cleaned_data
        return overview.ChangeFilter(department=data["department"], theme=data["theme"], direction=data["direction"])


class RevisedAmountForm(forms.Form):
    """One new amount of a revision; a row left blank is no amount. The amount in whole
    kroner as Danes write it: »500000« or »500.000«."""

    year = forms.IntegerField(label=_("År"), required=False, min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("Art"), required=False, choices=[("", "–"), *EconomyAmount.Kind.choices])
    sign = forms.ChoiceField(label=_("Fortegn"), required=False, choices=[("", "–"), *EconomyAmount.Sign.choices])
    amount_kr = forms.CharField(label=_("Beløb i kr."), required=False, max_length=20)

    def clean_amount_kr(self) -> int | None:
        text = self.cleaned_data["amount_kr"].replace(".", "").replace(" ", "").removesuffix("kr")
        if not text:
            return None
        if not text.isdigit():
            raise forms.ValidationError(_("Skriv beløbet i hele kroner, fx 500.000."))
        return int(text)

    def clean(self):
        data = super().clean()
        values = [data.get(name) for name in ("year", "kind", "sign", "amount_kr")]
        if any(v not in (None, "") for v in values) and any(v in (None, "") for v in values):
            raise forms.ValidationError(_("Udfyld år, art, fortegn og beløb, eller lad hele rækken stå tom."))
        return data

    @property
    def amount(self) -> EconomyAmount | None:
        """The row as an (unsaved) amount, None for a blank row."""
        if not self.cleaned_data.get("year"):
            return None
        return EconomyAmount(
            year=self.cleaned_data["year"],
            kind=self.cleaned_data["kind"],
            sign=self.cleaned_data["sign"],
            amount_kr=self.cleaned_data["amount_kr"],
        )


class BaseRevisedAmountFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        keys = [(a.year, a.kind, a.sign) for a in self.amounts]
        if len(keys) != len(set(keys)):
            raise forms.ValidationError(_("Hvert år, hver art og hvert fortegn må kun stå i én række."))

    @property
    def amounts(self) -> list[EconomyAmount]:
        return [form.amount for form in self.forms if form.amount is not None]


RevisedAmountFormSet = forms.formset_factory(RevisedAmountForm, formset=BaseRevisedAmountFormSet, extra=4, max_num=40)
