"""Time to render the seed plan's follow-up report as PDF (typst) and DOCX (python-docx),
and the ratio against LibreOffice converting the same DOCX to PDF, measured in this run.

    .venv/bin/python benchmarks/report_render.py [--repeat 7]

Uses a throwaway SQLite database in a temporary directory: imports seed 000 and rates
round 1. Each repetition varies the data, because typst caches identical inputs.
Also prints where the PDF's time goes (preparing the data, typst alone, and what the
charts would cost drawn by matplotlib, as the Word and HTML layouts draw them).
Prints numbers only; never a pass/fail test.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def setup_django(workdir: Path) -> None:
    sys.path.insert(0, str(BASE_DIR))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'benchmark.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def seed_with_ratings() -> int:
    from milepael.core.smileys import GREEN, NO_MILESTONE, RED, YELLOW
    from milepael.exchange.plan_import import import_plan_file
    from milepael.followup.models import Rating
    from milepael.plans.models import FollowUpRound

    plan = import_plan_file((BASE_DIR / "seeds" / "000_616c72004517a9f2.txt").read_bytes()).plan
    round_1 = FollowUpRound.objects.get(agreement=plan.agreement, ordinal=1)
    for index, initiative in enumerate(plan.initiatives.order_by("sort_key")):
        blank = initiative.milestones.get(round=round_1).is_blank
        effort = NO_MILESTONE if blank else (YELLOW, GREEN, RED, GREEN)[index % 4]
        Rating.objects.create(
            initiative=initiative,
            round=round_1,
            effort=effort,
            effort_comment="" if effort in (GREEN, NO_MILESTONE) else f"Forklaring {index}.",
            economy=RED if index % 9 == 4 else GREEN,
            alternative_financing="Centrets ramme." if index % 9 == 4 else "",
            status=Rating.Status.APPROVED,
        )
    return plan.pk


def timed(function) -> tuple[float, object]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def libreoffice_convert(office: str, docx: bytes, workdir: Path) -> float:
    source = workdir / f"report-{uuid.uuid4().hex}.docx"
    source.write_bytes(docx)
    profile = workdir / f"lo-{uuid.uuid4()}"
    start = time.perf_counter()
    subprocess.run(  # noqa: S603 - fixed arguments
        [
            office,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(workdir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    elapsed = time.perf_counter() - start
    shutil.rmtree(profile, ignore_errors=True)
    return elapsed


def where_the_pdf_time_goes(report, repeat: int) -> dict[str, list[float]]:
    """The PDF renderer's parts, timed apart: cleaning and JSON data, typst alone, and the
    two charts drawn by matplotlib (the PDF draws them in typst instead)."""
    import json

    from milepael.core.text import clean_data
    from milepael.reports import charts
    from milepael.reports.renderers import PLAN, renderer_for
    from milepael.reports.renderers.pdf import FONTS, compile_typst

    renderer = renderer_for(PLAN, "pdf")
    times: dict[str, list[float]] = {"clean + data + JSON": [], "typst compile": [], "charts by matplotlib": []}
    for repetition in range(repeat):
        seconds, data = timed(lambda: renderer.payload(clean_data(report)))
        json_seconds, _text = timed(lambda data=data: json.dumps({**data, "fonts": FONTS}, ensure_ascii=False))
        times["clean + data + JSON"].append(seconds + json_seconds)
        data["title"] = f"{data['title']} {repetition} {uuid.uuid4()}"  # typst caches identical input
        times["typst compile"].append(timed(lambda data=data: compile_typst(renderer.template, data))[0])
        charts._drawn.cache_clear()
        times["charts by matplotlib"].append(timed(lambda: charts.report_charts(report, "svg"))[0])
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="milepael-bench-") as tmp:
        workdir = Path(tmp)
        setup_django(workdir)
        from milepael.reports.builders import build_plan_report
        from milepael.reports.document import Paragraph
        from milepael.reports.renderers import PLAN, renderer_for

        render_pdf, render_docx = renderer_for(PLAN, "pdf").render, renderer_for(PLAN, "docx").render

        plan_id = seed_with_ratings()
        build_times, pdf_times, docx_times, office_times = [], [], [], []
        office = shutil.which("libreoffice") or shutil.which("soffice")
        for repetition in range(args.repeat):
            seconds, report = timed(lambda: build_plan_report(plan_id, 1))
            build_times.append(seconds)
            # Different data every time: typst would otherwise return its cached result.
            report.themes[0].initiatives[0].rows[1].text.append(Paragraph(f"Kørsel {repetition} · {uuid.uuid4()}"))
            seconds, _pdf = timed(lambda report=report: render_pdf(report))
            pdf_times.append(seconds)
            seconds, docx = timed(lambda report=report: render_docx(report))
            docx_times.append(seconds)
            if office:
                office_times.append(libreoffice_convert(office, docx, workdir))

        def line(name: str, values: list[float]) -> str:
            return f"{name:<34} median {statistics.median(values):7.3f} s   min {min(values):7.3f} s"

        breakdown = where_the_pdf_time_goes(build_plan_report(plan_id, 1), args.repeat)

        print(f"Seed plan (35 initiatives, follow-up at round 1), {args.repeat} repetitions")
        print(line("build report model", build_times))
        print(line("render PDF (typst)", pdf_times))
        print(line("render DOCX (python-docx)", docx_times))
        print("where the PDF's time goes:")
        for name, values in breakdown.items():
            print("  " + line(name, values))
        if office_times:
            print(line("LibreOffice DOCX -> PDF", office_times))
            office_median = statistics.median(office_times)
            print(f"ratio LibreOffice / typst PDF:       {office_median / statistics.median(pdf_times):6.1f}x")
            print(f"ratio LibreOffice / python-docx:     {office_median / statistics.median(docx_times):6.1f}x")
        else:
            print("LibreOffice not installed: no ratio (apt-get install libreoffice-writer-nogui)")


if __name__ == "__main__":
    main()
