from django import forms
from django.utils.translation import gettext_lazy as _

from .services import Filters


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Søg efter"), required=False, max_length=200)
    year = forms.TypedChoiceField(label=_("År"), required=False, coerce=int, empty_value=None)
    committee = forms.TypedChoiceField(label=_("Udvalg"), required=False, coerce=int, empty_value=None)
    department = forms.TypedChoiceField(label=_("Center"), required=False, coerce=int, empty_value=None)
    smiley = forms.ChoiceField(label=_("Smiley for indsats"), required=False)

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("Alle"))]
        for name, options in choices.items():
            self.fields[name].choices = everything + options

    def filters(self, page) -> Filters:
        if not self.is_bound:
            return Filters(page=page or 1)
        self.is_valid()  # a filter that is not a choice is left out, the others still apply
        data = self.cleaned_data
        return Filters(
            year=data.get("year"),
            committee=data.get("committee"),
            department=data.get("department"),
            smiley=data.get("smiley") or "",
            page=page or 1,
        )
