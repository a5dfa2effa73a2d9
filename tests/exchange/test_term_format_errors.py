"""A malformed status report is refused with the line and a Danish reason, and nothing is written."""

import contextlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from milepael.core.imports import decode_text
from milepael.exchange.seed_term import TermFormatError, parse_term_text, read_term_text
from milepael.exchange.term_import import import_term_file
from milepael.term.models import Area, ElectionTerm, Objective
from tests.conftest import TERM_SEED

SEED_LINES = TERM_SEED.read_text(encoding="utf-8").split("\n")


def replace(line_no: int, text: str) -> str:
    lines = list(SEED_LINES)
    lines[line_no - 1] = text
    return "\n".join(lines)


def first(count: int) -> str:
    return "\n".join(SEED_LINES[:count])


MALFORMED = [
    pytest.param("", 1, "ingen overskrift fundet", id="empty-file"),
    pytest.param(replace(5, "Status for budget 2018"), 5, "forventede overskriften", id="wrong-title"),
    pytest.param(
        replace(5, SEED_LINES[4].replace("2014-2017", "2017-2014")), 5, "ikke en gyldig periode", id="years-reversed"
    ),
    pytest.param(replace(3, "A\tB\tC"), 3, "står før rapportens overskrift", id="table-before-title"),
    pytest.param(replace(9, "MÅL\tTILTAG\tRESULTATER"), 9, "forventede kolonneoverskrifterne", id="wrong-columns"),
    pytest.param(first(8), 8, "ingen tabel med strategiske målsætninger", id="no-table"),
    pytest.param(first(9), 9, "tabellen indeholder ingen områder", id="only-column-headings"),
    pytest.param(replace(18, "Samle redningsberedskaberne\tTo celler"), 18, "3 celler", id="two-cells"),
    pytest.param(replace(19, SEED_LINES[18] + "\tfjerde"), 19, "fandt 4", id="four-cells"),
    pytest.param(replace(14, "Side 2 af 5"), 14, "uventet tekst uden for tabellen", id="text-outside-table"),
    pytest.param(replace(19, "\tnoget tekst\tmere tekst"), 19, "mangler den strategiske målsætning", id="no-objective"),
    pytest.param(
        replace(34, "\t" + SEED_LINES[33].split("\t", 1)[1]),
        34,
        "fortsætter en målsætning efter et sideskift, men der står ingen målsætning før den",
        id="continuation-after-area-heading",
    ),
    pytest.param(replace(10, ""), 11, "står før det første område", id="objective-before-area"),
    pytest.param(replace(11, "\tNYT OMRÅDE\t"), 10, "har ingen strategiske målsætninger", id="empty-area"),
    pytest.param(replace(12, "\tVISION 2029\t"), 12, "står to gange", id="duplicate-area"),
    pytest.param(replace(18, "x" * 600 + "\ttiltag\tresultat"), 18, "længere end 500 tegn", id="title-too-long"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("text", "line", "message"), MALFORMED)
def test_malformed_report_names_the_line_and_writes_nothing(text, line, message, term_seed_bytes):
    import_term_file(term_seed_bytes)
    before = (ElectionTerm.objects.count(), Area.objects.count(), list(Objective.objects.values()))
    with pytest.raises(TermFormatError) as excinfo:
        import_term_file(text.encode("utf-8"))
    assert excinfo.value.line == line
    assert message in excinfo.value.message
    assert str(excinfo.value).startswith(f"Linje {line}: ")
    assert (ElectionTerm.objects.count(), Area.objects.count(), list(Objective.objects.values())) == before


def test_invalid_utf8_names_its_line():
    data = "\n".join(SEED_LINES[:6]).encode() + b"\nI nedenst\xe5ende skema\n"
    with pytest.raises(TermFormatError) as excinfo:
        decode_text(data, TermFormatError)
    assert excinfo.value.line == 7
    assert "UTF-8" in str(excinfo.value)


def test_windows_line_endings_and_a_bom_are_read_like_the_seed():
    data = b"\xef\xbb\xbf" + "\r\n".join(SEED_LINES).encode()
    parsed = read_term_text(data)
    assert (len(parsed.areas), len(parsed.objectives)) == (13, 40)


HEADER = "\n".join(SEED_LINES[:9])
# Pieces the real format is made of, so generated files reach deep into the parser.
FRAGMENTS = st.sampled_from(
    [*SEED_LINES[9:], "", "\t\t", "\tNYT OMRÅDE\t", "\t<p>fortsat tekst</p>\t", "x\t<ul>• a• b\t- c- d", "<h3>\t</h3>"]
)


def _parses_or_refuses(text: str) -> None:
    try:
        parse_term_text(text)
    except TermFormatError as exc:
        assert exc.line >= 1
        assert str(exc).startswith(f"Linje {exc.line}: ")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_parser_on_arbitrary_text_raises_only_term_format_error(text):
    _parses_or_refuses(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(FRAGMENTS, st.text(alphabet="\tabcÆØÅ<p>/ul•-h3 \n", max_size=40)), max_size=30))
def test_parser_on_report_shaped_text_raises_only_term_format_error(lines):
    _parses_or_refuses(HEADER + "\n" + "\n".join(lines))


@settings(max_examples=100, deadline=None)
@given(st.binary())
def test_decoding_arbitrary_bytes_raises_only_term_format_error(data):
    with contextlib.suppress(TermFormatError):
        read_term_text(data)
