from django import forms
from django.utils.translation import gettext_lazy as _

from milepael.core.forms import LongSelect

from . import services
from .models import Agreement, Initiative
from .selectors import PlanFilter


class PlanFilterForm(forms.Form):
    """GET filters for the plan page; invalid values are ignored, never an error page."""

    q = forms.CharField(label=_("Søg på nummer eller ord"), required=False, max_length=200, widget=forms.SearchInput)
    department = forms.TypedChoiceField(
        label=_("Ansvarligt center"), required=False, coerce=int, empty_value=None, widget=LongSelect
    )
    kind = forms.ChoiceField(label=_("Type"), required=False)
    theme = forms.TypedChoiceField(label=_("Tema"), required=False, coerce=int, empty_value=None, widget=LongSelect)

    def __init__(self, *args, departments, themes: list[tuple[int, str]], **kwargs):
        """`themes`: (number, label) pairs (plans.selectors.theme_choices)."""
        super().__init__(*args, **kwargs)
        everything = [("", _("Alle"))]
        self.fields["department"].choices = everything + [(d.pk, d.name) for d in departments]
        self.fields["kind"].choices = everything + list(Initiative.Kind.choices)
        self.fields["theme"].choices = everything + list(themes)

    def to_filter(self) -> PlanFilter:
        if not self.is_valid():
            return PlanFilter()
        data = self.cleaned_data
        return PlanFilter(department=data["department"], kind=data["kind"], theme=data["theme"], query=data["q"])


class InitiativeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Initiative) -> str:
        return f"{obj.number}. {obj.title}"


class CarryOverForm(forms.Form):
    """Choose where next year's plan goes and which initiatives to copy (services.carry_over)."""

    NEW = "new"

    target = forms.ChoiceField(label=_("Til aftale"))
    initiatives = InitiativeChoiceField(
        label=_("Indsatser der videreføres"),
        queryset=Initiative.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Vælg mindst én indsats.")},
    )
    copy_milestone_texts = forms.BooleanField(
        label=_("Kopiér milepælstekster"),
        required=False,
        help_text=_(
            "Normalt skrives næste års milepæle på ny; så oprettes milepælene tomme. "
            "Sæt kryds for at starte fra årets tekster (opfølgning for opfølgning)."
        ),
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.next_year = plan.agreement.budget_year + 1
        self.new_title = services.new_agreement_title(self.next_year)
        others = list(Agreement.objects.exclude(pk=plan.agreement_id).order_by("-budget_year", "title"))
        choices = [(str(a.pk), a.title) for a in others]
        existing = next((a for a in others if a.title == self.new_title), None)
        if existing is None and not Agreement.objects.filter(title=self.new_title).exists():
            new_label = _("Ny aftale: %(title)s (budgetår %(year)d)") % {
                "title": self.new_title,
                "year": self.next_year,
            }
            choices.insert(0, (self.NEW, new_label))
        self.fields["target"].choices = choices
        self.fields["target"].initial = str(existing.pk) if existing else self.NEW
        initiatives = plan.initiatives.order_by("sort_key")
        self.fields["initiatives"].queryset = initiatives
        self.fields["initiatives"].initial = list(initiatives.values_list("pk", flat=True))

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        kwargs = {"initiatives": list(data["initiatives"]), "copy_milestone_texts": data["copy_milestone_texts"]}
        if data["target"] == self.NEW:
            kwargs["new_agreement_year"] = self.next_year
        else:
            kwargs["target_agreement"] = Agreement.objects.get(pk=int(data["target"]))
        return kwargs

    def hidden_values(self) -> list[tuple[str, str]]:
        """The cleaned choices as (name, value) pairs, for the confirm step's hidden fields."""
        data = self.cleaned_data
        values = [("target", data["target"])]
        values += [("initiatives", str(initiative.pk)) for initiative in data["initiatives"]]
        if data["copy_milestone_texts"]:
            values.append(("copy_milestone_texts", "on"))
        return values
