"""Round trips through Milepæl's own files change nothing: the plan report as Word (laid out
by the reports app) and the plan workbook import back to exactly what is stored."""

import pytest

from milepael.exchange.formats import import_upload
from milepael.exchange.uploads import check_upload
from milepael.exchange.xlsx_plan import export_plan_xlsx
from milepael.reports.services import render_plan_report
from tests.exchange.test_seed_plan_import import snapshot

pytestmark = pytest.mark.django_db


def test_seed_text_to_our_word_report_and_back_changes_nothing(seed_plan):
    before = snapshot()
    document = render_plan_report(seed_plan, None, "docx").content
    preview = import_upload(check_upload("udmoentning.docx", document), dry_run=True)
    assert (preview.changes, preview.new_departments, preview.warnings_to_accept) == ([], [], [])
    report = import_upload(check_upload("udmoentning.docx", document))
    assert report.changes == []
    assert snapshot() == before


def test_seed_text_to_excel_and_back_changes_nothing(seed_plan):
    before = snapshot()
    report = import_upload(check_upload("udmoentning.xlsx", export_plan_xlsx(seed_plan)))
    assert (report.changes, report.new_departments) == ([], [])
    assert snapshot() == before
