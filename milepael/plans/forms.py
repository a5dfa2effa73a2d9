from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Initiative
from .selectors import PlanFilter


class PlanFilterForm(forms.Form):
    """GET filters for the plan page; invalid values are ignored, never an error page."""

    q = forms.CharField(label=_("Søg på nummer eller ord"), required=False, max_length=200)
    department = forms.TypedChoiceField(label=_("Ansvarligt center"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Type"), required=False)
    theme = forms.TypedChoiceField(label=_("Tema"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, departments, themes, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("Alle"))]
        self.fields["department"].choices = everything + [(d.pk, d.name) for d in departments]
        self.fields["kind"].choices = everything + list(Initiative.Kind.choices)
        self.fields["theme"].choices = everything + [(t.number, str(t)) for t in themes]

    def to_filter(self) -> PlanFilter:
        if not self.is_valid():
            return PlanFilter()
        data = self.cleaned_data
        return PlanFilter(department=data["department"], kind=data["kind"], theme=data["theme"], query=data["q"])
