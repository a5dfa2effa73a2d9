from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from milepael.organisation.models import Department

from .plan_import import PlanImportReport
from .uploads import SafeUpload, UploadRefused, check_upload, clean_upload, sign_upload, unsign_upload

PLAN_ACCEPT = ",".join(
    [
        ".txt",
        ".xlsx",
        ".docx",
        "text/plain",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]
)
XLSX_ACCEPT = ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The choice that creates a department the file names (the others are existing departments' pks).
CREATE = "new"


class PlanUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Udmøntning som Word-dokument (.docx), tekstfil (.txt) eller Excel-ark (.xlsx)"),
        help_text=_(
            "Udmøntningens Word-dokument, tekst udtrukket fra det (UTF-8, UTF-16 eller Windows-1252), eller et "
            "Excel-ark hentet her fra Milepæl og redigeret. Filtypen afgøres af indholdet."
        ),
        widget=forms.FileInput(attrs={"accept": PLAN_ACCEPT}),
    )

    def clean_file(self) -> SafeUpload:
        # Size, type, zip bombs, macros and XML entities are checked before any reader sees the file.
        return clean_upload(self.cleaned_data["file"])


class PlanConfirmForm(forms.Form):
    """Second step: the previewed file comes back and is imported for real, with the user's
    decisions about new departments and warnings.

    A text file comes back as its text and is parsed again. A workbook or document comes
    back as its bytes signed by the server (`uploads.sign_upload`); a copy whose signature
    does not verify is refused, and the bytes pass the upload checks again. `fingerprint`
    is what the preview showed (`PlanImportReport.fingerprint`), `previewed` its summary.
    Built with the preview's `report`, the form has a choice per new department (create it,
    or map it to an existing one) and, when the preview has warnings to accept, a checkbox.
    """

    text = forms.CharField(widget=forms.HiddenInput, strip=False, required=False)
    upload = forms.CharField(widget=forms.HiddenInput, strip=False, required=False)
    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False)
    previewed = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, report: PlanImportReport | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.new_departments = list(report.new_departments) if report else []
        if self.new_departments:
            existing = [(str(pk), name) for pk, name in Department.objects.order_by("name").values_list("pk", "name")]
        for index, department in enumerate(self.new_departments):
            choices = [("", _("Vælg …")), (CREATE, _("Opret »%(name)s« som nyt center") % {"name": department.name})]
            self.fields[f"department_{index}"] = forms.ChoiceField(
                label=department.name,
                choices=choices + existing,
                # A name close to an existing department is most likely a spelling of it: decide.
                initial="" if department.suggestion else CREATE,
                help_text=self._department_hint(department),
                error_messages={"required": _("Vælg, om centret skal oprettes, eller hvilket center det er.")},
            )
        self.report_suggestions = report.amount_suggestions if report else []
        self.amount_suggestions = [s for s in self.report_suggestions if not s.already_stored]
        for suggestion in self.amount_suggestions:
            self.fields[suggestion.field_name] = forms.BooleanField(
                label=_("Brug beløbene for %(number)s") % {"number": suggestion.number},
                required=False,
                initial=suggestion.ticked,
            )
        if report and report.warnings_to_accept:
            self.fields["accept_warnings"] = forms.BooleanField(
                label=_("Jeg har læst advarslerne og vil importere alligevel."),
                error_messages={"required": _("Sæt flueben, hvis udmøntningen skal importeres trods advarslerne.")},
            )

    @staticmethod
    def _department_hint(department) -> str:
        hint = _("Nævnt i indsats %(numbers)s.") % {"numbers": ", ".join(department.initiatives)}
        if department.suggestion:
            hint += " " + _("Ligner centret »%(name)s«.") % {"name": department.suggestion}
        return hint

    @classmethod
    def for_preview(cls, upload: SafeUpload, report: PlanImportReport) -> "PlanConfirmForm":
        initial = {"fingerprint": report.fingerprint, "previewed": report.summary()}
        if upload.format == "txt":
            initial["text"] = upload.data.decode("utf-8") if _utf8(upload.data) else ""
            initial["upload"] = "" if initial["text"] else sign_upload(upload)
        else:
            initial["upload"] = sign_upload(upload)
        return cls(initial=initial, report=report)

    def department_fields(self):
        return [self[f"department_{index}"] for index in range(len(self.new_departments))]

    def clean_text(self):
        text = self.cleaned_data["text"]
        if len(text.encode("utf-8")) > settings.MILEPAEL_MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("Teksten er for stor."))
        return text

    def clean(self):
        cleaned = super().clean()
        text, token = cleaned.get("text"), cleaned.get("upload")
        if "text" in self.errors or "upload" in self.errors:
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

    def amount_rows(self):
        """(suggestion, its checkbox) for the preview."""
        return [(suggestion, self[suggestion.field_name]) for suggestion in self.amount_suggestions]

    @property
    def stored_amount_numbers(self) -> list[str]:
        """The initiatives whose stored amounts already are what the text states."""
        return [s.number for s in self.report_suggestions if s.already_stored]

    @property
    def use_amounts(self) -> list[str]:
        """The numbers of the initiatives whose suggested amounts are ticked."""
        return [s.number for s in self.amount_suggestions if self.cleaned_data.get(s.field_name)]

    @property
    def department_choices(self) -> dict[str, int]:
        """The new departments mapped to an existing one: name → its pk."""
        return {
            department.name: int(self.cleaned_data[f"department_{index}"])
            for index, department in enumerate(self.new_departments)
            if self.cleaned_data.get(f"department_{index}") not in (None, "", CREATE)
        }


def _utf8(data: bytes) -> bool:
    """A text file that travels back as its text: UTF-8 (another encoding goes back as its bytes)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not data.startswith(b"\xef\xbb\xbf")


XLSX_ONLY = ("xlsx",)
SUBMIT_CHOICES = [("draft", _("Gem som kladder")), ("submit", _("Indsend til Økonomi og Styring"))]


class RatingsUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Vurderinger som Excel-ark (.xlsx)"),
        help_text=_("Arket hentet fra arbejdslisten med »Hent som Excel« og udfyldt i Excel eller LibreOffice."),
        widget=forms.FileInput(attrs={"accept": XLSX_ACCEPT}),
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


class EconomySuggestionForm(forms.Form):
    """The administrator's confirmation of the amounts read from the economy text; `shown`
    is the suggestion the page showed, so a text changed in between is never saved unseen."""

    use_suggestion = forms.BooleanField(label=_("Brug de foreslåede beløb"), required=False)
    shown = forms.CharField(widget=forms.HiddenInput)

    def clean_use_suggestion(self):
        if not self.cleaned_data["use_suggestion"]:
            raise forms.ValidationError(_("Sæt flueben i »Brug de foreslåede beløb« for at gemme beløbene."))
        return True


class SkeletonUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Aftalens skelet som Excel-ark (.xlsx)"),
        help_text=_("Skabelonen hentet herfra, udfyldt med en række pr. indsats: Tema, Nr., Titel, Art og Udvalg."),
        widget=forms.FileInput(attrs={"accept": XLSX_ACCEPT}),
    )

    def clean_file(self) -> SafeUpload:
        return clean_upload(self.cleaned_data["file"], formats=XLSX_ONLY)


class SkeletonConfirmForm(forms.Form):
    """Second step: the previewed workbook comes back signed by the server and is checked again."""

    upload = forms.CharField(widget=forms.HiddenInput, strip=False)

    @classmethod
    def for_upload(cls, upload: SafeUpload) -> "SkeletonConfirmForm":
        return cls(initial={"upload": sign_upload(upload)})

    def clean_upload(self) -> SafeUpload:
        try:
            return unsign_upload(self.cleaned_data["upload"], formats=XLSX_ONLY)
        except UploadRefused as exc:
            raise forms.ValidationError(exc.message) from exc
