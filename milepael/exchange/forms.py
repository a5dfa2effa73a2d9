from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .uploads import SafeUpload, UploadRefused, check_upload, clean_upload, sign_upload, unsign_upload


class PlanUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Udmøntning som tekstfil (.txt), Excel-ark (.xlsx) eller Word-dokument (.docx)"),
        help_text=_(
            "Tekst udtrukket fra udmøntningens dokument som seed-filen, et Excel-ark hentet her fra Milepæl "
            "(og redigeret), eller udmøntningens Word-dokument."
        ),
    )

    def clean_file(self) -> SafeUpload:
        # Size, type, zip bombs, macros and XML entities are checked before any reader sees the file.
        return clean_upload(self.cleaned_data["file"])


class PlanConfirmForm(forms.Form):
    """Second step: the previewed file comes back and is imported for real.

    A text file comes back as its text and is parsed again. A workbook or document comes
    back as its bytes signed by the server (`uploads.sign_upload`); a copy whose signature
    does not verify is refused, and the bytes pass the upload checks again.
    """

    text = forms.CharField(widget=forms.HiddenInput, strip=False, required=False)
    upload = forms.CharField(widget=forms.HiddenInput, strip=False, required=False)

    @classmethod
    def for_upload(cls, upload: SafeUpload) -> "PlanConfirmForm":
        if upload.format == "txt":
            return cls(initial={"text": upload.data.decode("utf-8-sig")})
        return cls(initial={"upload": sign_upload(upload)})

    def clean_text(self):
        text = self.cleaned_data["text"]
        if len(text.encode("utf-8")) > settings.MILEPAEL_MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("Teksten er for stor."))
        return text

    def clean(self):
        cleaned = super().clean()
        text, token = cleaned.get("text"), cleaned.get("upload")
        if self.errors:
            return cleaned
        try:
            if token:
                cleaned["upload"] = unsign_upload(token)
            elif text:
                cleaned["upload"] = check_upload("udmoentning.txt", text.encode("utf-8"), formats=("txt",))
            else:
                raise forms.ValidationError(_("Der er ingen fil at gemme. Upload filen igen."))
        except UploadRefused as exc:
            raise forms.ValidationError(exc.message) from exc
        return cleaned


XLSX_ONLY = ("xlsx",)
SUBMIT_CHOICES = [("draft", _("Gem som kladder")), ("submit", _("Indsend til Økonomi og Styring"))]


class RatingsUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Vurderinger som Excel-ark (.xlsx)"),
        help_text=_("Arket hentet fra arbejdslisten med »Hent som Excel« og udfyldt i Excel eller LibreOffice."),
    )
    mode = forms.ChoiceField(
        label=_("Ændrede vurderinger"), choices=SUBMIT_CHOICES, initial="draft", widget=forms.RadioSelect
    )

    def clean_file(self) -> SafeUpload:
        return clean_upload(self.cleaned_data["file"], formats=XLSX_ONLY)


class RatingsConfirmForm(forms.Form):
    """Second step: the previewed workbook comes back signed by the server and is checked again."""

    upload = forms.CharField(widget=forms.HiddenInput, strip=False)
    mode = forms.ChoiceField(choices=SUBMIT_CHOICES, widget=forms.HiddenInput)

    @classmethod
    def for_upload(cls, upload: SafeUpload, mode: str) -> "RatingsConfirmForm":
        return cls(initial={"upload": sign_upload(upload), "mode": mode})

    def clean_upload(self) -> SafeUpload:
        try:
            return unsign_upload(self.cleaned_data["upload"], formats=XLSX_ONLY)
        except UploadRefused as exc:
            raise forms.ValidationError(exc.message) from exc
