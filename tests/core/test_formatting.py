"""Danish dates and numbers, and ASCII file names, the same in every output."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from milepael.core.formatting import (
    ascii_slug,
    danish_date,
    danish_datetime,
    danish_kroner,
    danish_number,
    download_name,
    file_stem,
    spell_out_danish,
)


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [(5.7, 1, "5,7"), (Decimal("1234.5"), 1, "1.234,5"), (1234567, 0, "1.234.567"), (-0.25, 2, "-0,25")],
)
def test_danish_number_format(value, decimals, expected):
    assert danish_number(value, decimals) == expected


def test_dates_are_danish_whatever_language_the_user_picked():
    with translation.override("en"):
        assert danish_date(datetime.date(2017, 12, 22)) == "22. december 2017"
        assert danish_date(None) == ""


def test_date_times_are_danish_in_the_sites_time_zone():
    # 14.03 UTC is 15.03 in Copenhagen in winter.
    moment = datetime.datetime(2026, 12, 4, 14, 3, tzinfo=datetime.UTC)
    with translation.override("en"):
        assert danish_datetime(moment) == "4. december 2026 kl. 15.03"
    assert danish_datetime(datetime.datetime(2026, 1, 9, 8, 5)) == "9. januar 2026 kl. 08.05"
    assert danish_datetime(None) == ""


def test_danish_letters_are_spelled_out_in_file_names():
    assert spell_out_danish("Udmøntning Æble Å") == "Udmoentning Aeble Aa"
    assert ascii_slug("Økonomiudvalget på ærø") == "oekonomiudvalget-paa-aeroe"
    assert file_stem("opfølgning", "", "2. budgetopfølgning 2018", "Økonomiudvalget") == (
        "opfoelgning-2-budgetopfoelgning-2018-oekonomiudvalget"
    )
    assert file_stem("", "!") == "rapport"


def test_download_names_are_ascii(seed_plan):
    assert (
        download_name("udmøntning", seed_plan.agreement.title, seed_plan.committee.name, extension="xlsx")
        == "udmoentning-aftale-om-budget-2018-oekonomiudvalget.xlsx"
    )


def test_a_long_download_name_is_cut_at_100_characters_without_a_trailing_hyphen():
    name = download_name("vurderinger", "a" * 98, "bbb", extension="xlsx")
    assert name == "vurderinger-" + "a" * 88 + ".xlsx"
    assert download_name("vurderinger", "a" * 87, "b", extension="xlsx") == "vurderinger-" + "a" * 87 + ".xlsx"


def test_templates_write_danish_times_with_kl_and_a_full_stop():
    from django.template import Context, Template
    from django.utils import timezone

    moment = timezone.make_aware(datetime.datetime(2026, 12, 4, 15, 3))
    template = Template(
        '{{ t|date:"DATETIME_FORMAT" }} · {{ t|time:"TIME_FORMAT" }} · {{ t|date:"SHORT_DATETIME_FORMAT" }}'
    )
    with translation.override("da"):
        assert template.render(Context({"t": moment})) == "4. december 2026 kl. 15.03 · 15.03 · 04.12.2026 kl. 15.03"
    assert danish_datetime(moment) == "4. december 2026 kl. 15.03"


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (500_000, "500.000 kr."),
        (75_000, "75.000 kr."),
        (0, "0 kr."),
        (1_000_000, "1 mio. kr."),
        (2_500_000, "2,5 mio. kr."),
        (8_720_000, "8,72 mio. kr."),
        (12_340_000, "12,34 mio. kr."),
        (1_234_567, "1.234.567 kr."),
        (-2_000_000, "-2 mio. kr."),
    ],
)
def test_kroner_are_shown_in_millions_from_one_million_and_never_rounded_away(amount, expected):
    assert danish_kroner(amount) == expected
