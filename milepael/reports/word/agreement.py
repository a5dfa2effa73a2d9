"""The whole agreement's report as one Word document: the title, the smileys per committee
and in all, then each committee's follow-up report as `plan.PlanReportWriter` writes it,
each from a new page."""

from docx.enum.text import WD_BREAK

from ..agreement import AgreementReport
from .layout import document_bytes, new_document
from .plan import PlanReportWriter, count_table, money_tables


class AgreementReportWriter:
    """`AgreementReportWriter(report).write()`: the document's bytes."""

    def __init__(self, report: AgreementReport):
        self.report = report
        self.document = new_document(
            title=report.document_title,
            author=report.agreement,
            subject=report.agreement,
            footer=report.title,
            labels=report.labels,
        )

    def write(self, progress=None) -> bytes:
        report, document, labels = self.report, self.document, self.report.labels
        document.add_heading(report.title, level=1)
        document.add_paragraph(report.round_name, style="Subtitle")
        document.add_heading(labels["summary_heading"], level=2)
        count_table(document, labels, report.by_committee, report.total)
        money_tables(document, labels["economy_heading"], report.economy_tables)
        document.add_heading(labels["sections_heading"], level=2)
        for plan in report.plans:
            document.add_paragraph(plan.committee, style="List Bullet")
        done, total = 0, report.initiative_count
        for plan in report.plans:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            PlanReportWriter(plan, document=document).write_body()
            done += plan.initiative_count
            if progress:
                progress(done, total)
        return document_bytes(document)
