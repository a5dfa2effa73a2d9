"""The translation catalogues: Danish is the source language, English the translation.

`milepael/locale/da` is the identity catalogue (msgstr = msgid) and `milepael/locale/en`
the English one. After changing strings: `make messages`, translate the new English
entries, and compile both (`msgfmt --check -o django.mo django.po`).
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

BASE_DIR = Path(settings.BASE_DIR)
LOCALE_DIR = BASE_DIR / "milepael" / "locale"
LANGUAGES = ("da", "en")

# Python format directives (%(name)s, %s, %d, …) and HTML tags; "%%" is a literal percent sign.
PLACEHOLDER = re.compile(r"%%|%(?:\([^)]+\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa]|</?[a-zA-Z][^>]*>")


@pytest.fixture(autouse=True)
def _restore_language():
    """The locale middleware activates the cookie's language for the thread; don't leak it to later tests."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def load_po(language: str) -> polib.POFile:
    return polib.pofile(str(po_path(language)))


def placeholders(text: str) -> list[str]:
    return sorted(token for token in PLACEHOLDER.findall(text) if token != "%%")


def translations(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(source, translation) pairs: one for a simple entry, one per form for a plural."""
    if entry.msgid_plural:
        forms = entry.msgstr_plural
        return [(entry.msgid, forms.get(0, "")), *((entry.msgid_plural, forms[n]) for n in sorted(forms) if n > 0)]
    return [(entry.msgid, entry.msgstr)]


def key(entry) -> tuple[str, str, str]:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


@pytest.mark.parametrize("language", LANGUAGES)
def test_header(language):
    po = load_po(language)
    assert not po.metadata_is_fuzzy
    assert po.metadata["Language"] == language
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_and_not_fuzzy(language):
    po = load_po(language)
    active = [entry for entry in po if not entry.obsolete]
    assert active, f"{po_path(language)} has no entries"
    fuzzy = [entry.msgid for entry in active if entry.fuzzy]
    assert not fuzzy, f"fuzzy entries in {language}: {fuzzy[:10]}"
    untranslated = [
        entry.msgid
        for entry in active
        if any(not target for _source, target in translations(entry))
        or (entry.msgid_plural and len(entry.msgstr_plural) != 2)
    ]
    assert not untranslated, f"untranslated entries in {language}: {untranslated[:10]}"


def test_danish_catalogue_is_the_identity():
    for entry in load_po("da"):
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            assert entry.msgstr_plural == {0: entry.msgid, 1: entry.msgid_plural}, entry.msgid
        else:
            assert entry.msgstr == entry.msgid, entry.msgid


def test_both_catalogues_have_the_same_entries():
    da = {key(entry) for entry in load_po("da") if not entry.obsolete}
    en = {key(entry) for entry in load_po("en") if not entry.obsolete}
    assert da == en, {"only in da": sorted(da - en)[:10], "only in en": sorted(en - da)[:10]}


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_and_markup_are_kept(language):
    problems = []
    for entry in load_po(language):
        if entry.obsolete:
            continue
        for source, target in translations(entry):
            if placeholders(source) != placeholders(target):
                problems.append((source, target))
            if source.count("\n") != target.count("\n"):
                problems.append((source, target))
            if source[:1].isspace() != target[:1].isspace() or source[-1:].isspace() != target[-1:].isspace():
                problems.append((source, target))
    assert not problems, problems[:10]


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_is_up_to_date(language):
    mo_path = po_path(language).with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing; run msgfmt --check -o django.mo django.po"
    compiled = {}
    for entry in polib.mofile(str(mo_path)):
        if entry.msgid == "":
            continue  # the header
        compiled[key(entry)] = dict(entry.msgstr_plural) if entry.msgid_plural else entry.msgstr
    expected = {}
    for entry in load_po(language):
        if entry.obsolete or entry.fuzzy:
            continue
        expected[key(entry)] = dict(entry.msgstr_plural) if entry.msgid_plural else entry.msgstr
    stale = sorted(k for k in expected.keys() | compiled.keys() if expected.get(k) != compiled.get(k))
    assert not stale, f"{mo_path} is out of date with its .po ({len(stale)} entries differ, e.g. {stale[:3]})"


def test_every_translatable_string_is_in_the_catalogue(tmp_path):
    """Run makemessages on a copy of the project and compare with the committed catalogue."""
    if shutil.which("xgettext") is None or shutil.which("msgmerge") is None:
        pytest.skip("GNU gettext (xgettext, msgmerge) is not installed, so makemessages cannot run")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo")
    shutil.copytree(BASE_DIR / "milepael", tmp_path / "milepael", ignore=ignore)
    shutil.copytree(BASE_DIR / "config", tmp_path / "config", ignore=ignore)
    shutil.copy2(BASE_DIR / "manage.py", tmp_path / "manage.py")
    # Start from an empty catalogue, so the result is exactly what the code marks for translation.
    shutil.rmtree(tmp_path / "milepael" / "locale" / "en")
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-location", "--no-obsolete"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    fresh = {key(entry) for entry in polib.pofile(str(tmp_path / "milepael/locale/en/LC_MESSAGES/django.po"))}
    committed = {key(entry) for entry in load_po("en") if not entry.obsolete}
    missing = sorted(fresh - committed)
    obsolete = sorted(committed - fresh)
    assert not missing, f"strings in the code but not in the catalogue (run `make messages`): {missing[:10]}"
    assert not obsolete, f"strings in the catalogue but no longer in the code (run `make messages`): {obsolete[:10]}"


@pytest.mark.parametrize(
    ("language", "expected", "unexpected"),
    [
        ("en", ["<h1>Log in</h1>", "Username", "Password", "Skip to main content"], ["Log ind", "Adgangskode"]),
        (
            "da",
            ["<h1>Log ind</h1>", "Brugernavn", "Adgangskode", "Gå til sidens indhold"],
            ["<h1>Log in</h1>", "Password"],
        ),
    ],
)
def test_login_page_in_the_chosen_language(db, client, language, expected, unexpected):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    for text in expected:
        assert text in html
    for text in unexpected:
        assert text not in html


@pytest.mark.parametrize(
    ("language", "expected", "unexpected"),
    [
        ("en", ["Follow-up rounds", "Progress per department", "Events", "Not opened"], ["Hændelser"]),
        ("da", ["Opfølgninger", "Fremdrift pr. center", "Hændelser", "Ikke åbnet"], ["Progress per department"]),
    ],
)
def test_follow_up_page_in_the_chosen_language(staff_client, round_plan, language, expected, unexpected):
    staff_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    round_ = round_plan.agreement.rounds.order_by("ordinal").first()
    response = staff_client.get(reverse("followup:round", args=[round_.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in expected:
        assert text in html
    for text in unexpected:
        assert text not in html
