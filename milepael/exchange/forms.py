from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .seed_plan import PlanFormatError, decode_plan_bytes


class PlanUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Udmøntning som tekstfil (.txt)"),
        help_text=_("Tekst udtrukket fra udmøntningens Word-/PDF-dokument, som seed-filen."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.MILEPAEL_MAX_IMPORT_BYTES
        # Checked before reading, so an oversized upload is never parsed.
        if upload.size > limit:
            raise forms.ValidationError(
                _("Filen er for stor (%(size)s); højst %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        if not upload.name.lower().endswith(".txt"):
            raise forms.ValidationError(_("Vælg en tekstfil (.txt)."))
        try:
            return decode_plan_bytes(upload.read())
        except PlanFormatError as exc:
            raise forms.ValidationError(str(exc)) from exc


class PlanConfirmForm(forms.Form):
    """Second step: the previewed text comes back unchanged and is imported for real."""

    text = forms.CharField(widget=forms.HiddenInput, strip=False)

    def clean_text(self):
        text = self.cleaned_data["text"]
        if len(text.encode("utf-8")) > settings.MILEPAEL_MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("Teksten er for stor."))
        return text
