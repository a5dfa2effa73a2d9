from django import forms
from django.utils.translation import gettext_lazy as _

from milepael.core.forms import LongSelect
from milepael.followup.models import Effort

from .selectors import PublicFilter


class PublicFilterForm(forms.Form):
    """Filters on the public plan page; invalid values are ignored, never an error page."""

    theme = forms.TypedChoiceField(label=_("Tema"), required=False, coerce=int, empty_value=None, widget=LongSelect)
    department = forms.TypedChoiceField(
        label=_("Ansvarligt center"), required=False, coerce=int, empty_value=None, widget=LongSelect
    )
    status = forms.ChoiceField(label=_("Status for indsatsen"), required=False)

    def __init__(self, *args, themes, departments, latest_round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", _("Alle temaer")), *((t.number, str(t)) for t in themes)]
        self.fields["department"].choices = [("", _("Alle centre")), *((d.pk, d.name) for d in departments)]
        self.fields["status"].choices = [
            ("", _("Alle")),
            (Effort.GREEN, _("Glad: milepæl opfyldt")),
            (Effort.YELLOW, _("Neutral: ikke fuldt opfyldt, men realistisk")),
            (Effort.RED, _("Sur: ikke opfyldt og ikke realistisk")),
            (Effort.NO_MILESTONE, _("Ingen milepæl")),
        ]
        if latest_round is not None:
            self.fields["status"].label = _("Status for indsatsen i %(round)s") % {"round": latest_round.name}

    def to_filter(self) -> PublicFilter:
        if not self.is_bound:
            return PublicFilter()
        self.is_valid()
        data = self.cleaned_data
        return PublicFilter(theme=data.get("theme"), department=data.get("department"), status=data.get("status") or "")


class PublicCommentForm(forms.Form):
    text = forms.CharField(
        label=_("Offentlig kommentar"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Vises for borgerne. Skriv den til offentligheden; de interne kommentarer vises aldrig."),
    )


class PublishForm(forms.Form):
    """Publishing needs an explicit confirmation, after the preview."""

    confirm = forms.BooleanField(
        label=_("Jeg har set, hvad borgerne får at se, og vil offentliggøre opfølgningen"),
        error_messages={"required": _("Bekræft, at du vil offentliggøre opfølgningen.")},
    )
