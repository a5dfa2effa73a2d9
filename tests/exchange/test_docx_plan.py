"""Importing the plan from its Word document gives the same plan as the seed text."""

import shutil
import subprocess
import uuid

import pytest

from milepael.core.imports import DocumentFormatError
from milepael.exchange.docx_plan import read_plan_docx
from milepael.exchange.formats import import_upload
from milepael.exchange.plaintext import rich_text_paragraphs
from milepael.exchange.seed_plan import parse_plan_text
from milepael.exchange.uploads import check_upload
from milepael.plans.models import Initiative, Milestone
from tests.conftest import PLAN_SEED
from tests.exchange.seed_docx import seed_as_docx
from tests.exchange.test_seed_plan_import import snapshot

SEED_TEXT = PLAN_SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_docx() -> bytes:
    return seed_as_docx(SEED_TEXT)


def assert_same_plan(parsed, expected):
    header = ("agreement_title", "budget_year", "committee", "title", "date", "phone", "email", "contact_person")
    for name in (*header, "case_id", "effort_definitions", "economy_definitions", "rounds"):
        assert getattr(parsed, name) == getattr(expected, name), name
    assert rich_text_paragraphs(parsed.intro) == rich_text_paragraphs(expected.intro)
    assert rich_text_paragraphs(parsed.economy_intro) == rich_text_paragraphs(expected.economy_intro)
    assert [(t.number, t.title) for t in parsed.themes] == [(t.number, t.title) for t in expected.themes]
    assert len(parsed.initiatives) == 35
    assert sum(len(i.milestones) for i in parsed.initiatives) == 140
    for got, want in zip(parsed.initiatives, expected.initiatives, strict=True):
        for name in ("number", "title", "kind", "responsible_department", "responsible_committee"):
            assert getattr(got, name) == getattr(want, name), (want.number, name)
        assert (got.contributors, got.contributors_text) == (want.contributors, want.contributors_text), want.number
        for name in ("description", "implementation_note", "economy_text"):
            assert rich_text_paragraphs(getattr(got, name)) == rich_text_paragraphs(getattr(want, name)), (
                want.number,
                name,
            )
        assert [(m.round_name, rich_text_paragraphs(m.text)) for m in got.milestones] == [
            (m.round_name, rich_text_paragraphs(m.text)) for m in want.milestones
        ], want.number


def test_word_document_reads_as_the_same_plan_as_the_seed_text(seed_docx):
    assert_same_plan(read_plan_docx(seed_docx), parse_plan_text(SEED_TEXT))


@pytest.mark.django_db
def test_word_import_creates_the_seed_plan(seed_docx):
    import_upload(check_upload("udmoentning.docx", seed_docx))
    assert Initiative.objects.count() == 35
    assert Milestone.objects.count() == 140
    assert Milestone.objects.exclude(text="").count() == 103
    assert list(Initiative.objects.filter(economy_text="").values_list("number", flat=True)) == ["7.09"]


@pytest.mark.django_db
def test_word_import_over_the_seed_import_changes_nothing(seed_plan, seed_docx):
    before = snapshot()
    report = import_upload(check_upload("udmoentning.docx", seed_docx))
    assert report.changes == []
    assert snapshot() == before


@pytest.mark.django_db
def test_malformed_word_document_names_table_and_row_and_writes_nothing(seed_plan):
    broken = SEED_TEXT.replace("\tAnlæg og drift\tTid", "\tAnlæg+drift\tTid", 1)
    before = snapshot()
    with pytest.raises(DocumentFormatError) as error:
        import_upload(check_upload("udmoentning.docx", seed_as_docx(broken)))
    # 3.04 is the fifth initiative table; its heading is the table's first row.
    assert str(error.value).startswith("Tabel 5, række 1: ukendt type »Anlæg+drift«")
    assert snapshot() == before
    truncated = "\n".join(SEED_TEXT.split("\n")[:332])
    with pytest.raises(DocumentFormatError, match=r"^Tabel 35, række 5: indsats 8\.11 mangler milepæl"):
        read_plan_docx(seed_as_docx(truncated))


def test_a_document_that_is_not_a_plan_is_refused():
    import io

    from docx import Document

    document = Document()
    document.add_paragraph("Referat af mødet")
    buffer = io.BytesIO()
    document.save(buffer)
    with pytest.raises(DocumentFormatError, match=r"^Afsnit 1: forventede overskriften"):
        read_plan_docx(buffer.getvalue())
    with pytest.raises(DocumentFormatError, match="kan ikke læses som et Word-dokument"):
        read_plan_docx(b"PK\x03\x04 broken")


LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")


@pytest.mark.skipif(
    LIBREOFFICE is None,
    reason="LibreOffice is not installed (Debian: apt-get install libreoffice-writer-nogui)",
)
def test_word_document_resaved_by_libreoffice_reads_the_same(seed_docx, tmp_path):
    source = tmp_path / "udmoentning.docx"
    source.write_bytes(seed_docx)
    out = tmp_path / "out"
    profile = tmp_path / f"lo-profile-{uuid.uuid4().hex}"
    subprocess.run(
        [
            LIBREOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "docx",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    resaved = (out / "udmoentning.docx").read_bytes()
    assert resaved != seed_docx
    upload = check_upload("udmoentning.docx", resaved)  # LibreOffice's file passes the upload checks too
    assert_same_plan(read_plan_docx(upload.data), parse_plan_text(SEED_TEXT))
