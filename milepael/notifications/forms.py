from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Kind


class EmailSettingsForm(forms.Form):
    """Which kinds of message the user also wants by e-mail (the page shows them all)."""

    kinds = forms.MultipleChoiceField(
        label=_("Send mig også en e-mail, når …"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Beskederne står altid på siden Beskeder; her vælger du, hvilke du også vil have som e-mail."),
    )

    def __init__(self, *args, offered: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Kind.choices)
        self.fields["kinds"].choices = [(kind, labels[kind]) for kind in offered]
