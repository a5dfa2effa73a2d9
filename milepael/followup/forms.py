from dataclasses import fields

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Economy, EconomyRevision, Effort, Rating
from .services import RatingInput

RATING_FIELDS = [field.name for field in fields(RatingInput)]
# Each choice is shown as the smiley's face and word (field name = smiley kind: effort, economy).
SMILEY_FIELD = "followup/_smiley_field.html"


class RatingForm(forms.Form):
    """The reporter's form; the rules themselves live in services.rating_errors."""

    effort = forms.ChoiceField(
        label=_("Smiley for indsats"), required=False, widget=forms.RadioSelect, template_name=SMILEY_FIELD
    )
    effort_comment = forms.CharField(
        label=_("Kommentar til indsats"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Skal udfyldes ved gul eller rød smiley."),
    )
    economy = forms.ChoiceField(
        label=_("Smiley for økonomi"),
        required=False,
        choices=Economy.choices,
        widget=forms.RadioSelect,
        template_name=SMILEY_FIELD,
    )
    economy_comment = forms.CharField(
        label=_("Kommentar til økonomi"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    alternative_financing = forms.CharField(
        label=_("Alternativ finansiering"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Skal udfyldes ved rød smiley for økonomi: hvordan dækkes ændringen?"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, milestone_blank: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if milestone_blank:
            choices = [(Effort.NO_MILESTONE, Effort.NO_MILESTONE.label)]
        else:
            choices = [c for c in Effort.choices if c[0] != Effort.NO_MILESTONE]
        self.fields["effort"].choices = choices

    @staticmethod
    def initial_for(rating: Rating | None, *, milestone_blank: bool) -> dict:
        """The form's starting values: the stored rating, or »no milestone« preselected where
        the round has none."""
        if rating is None:
            return {"version": 0, "effort": Effort.NO_MILESTONE} if milestone_blank else {"version": 0}
        initial = {name: getattr(rating, name) for name in RATING_FIELDS}
        return {**initial, "version": rating.version}

    def to_input(self) -> RatingInput:
        return RatingInput.from_data(self.cleaned_data)


class OpenRoundForm(forms.Form):
    deadline = forms.DateField(label=_("Frist for afrapportering"), widget=forms.DateInput(attrs={"type": "date"}))


class ReopenRoundForm(forms.Form):
    reason = forms.CharField(label=_("Begrundelse for genåbning"), widget=forms.Textarea(attrs={"rows": 3}))


class ReturnForm(forms.Form):
    remark = forms.CharField(label=_("Bemærkning til centret"), widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class ApproveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class EconomyRevisionForm(forms.ModelForm):
    class Meta:
        model = EconomyRevision
        fields = ["text", "approved_on", "approval_reference"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "approved_on": forms.DateInput(attrs={"type": "date"}),
        }
