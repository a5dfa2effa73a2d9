"""The reports as Word documents (python-docx), laid out by the writers of `reports.word`."""

from django.utils.translation import gettext_lazy as _

from ..agreement import AgreementReport
from ..document import PlanReport
from ..term_builders import TermReport
from ..word.agreement import AgreementReportWriter
from ..word.plan import PlanReportWriter
from ..word.term import TermReportWriter
from .base import AGREEMENT, PLAN, TERM, Progress, Renderer, register


class DocxRenderer(Renderer):
    identifier = "docx"
    verbose_name = _("Word")
    content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    extension = "docx"


@register
class PlanDocx(DocxRenderer):
    """The implementation plan or a follow-up report; reports progress per initiative."""

    report_kind = PLAN

    def lay_out(self, report: PlanReport, progress: Progress | None = None) -> bytes:
        return PlanReportWriter(report).write(progress)


@register
class AgreementDocx(DocxRenderer):
    """The whole agreement: the summary across committees, then each committee's report."""

    report_kind = AGREEMENT

    def lay_out(self, report: AgreementReport, progress: Progress | None = None) -> bytes:
        return AgreementReportWriter(report).write(progress)


@register
class TermDocx(DocxRenderer):
    """The election-term status report."""

    report_kind = TERM

    def lay_out(self, report: TermReport, progress: Progress | None = None) -> bytes:
        return TermReportWriter(report).write()
