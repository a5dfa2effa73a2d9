"""Recorded values as a person reads them on the initiative page's history."""

from django.test import SimpleTestCase

from milepael.core.history import changed_by, readable_value
from milepael.followup.models import Rating
from milepael.plans.models import Initiative


class ReadableValueTests(SimpleTestCase):
    def test_a_choice_reads_as_its_label(self):
        self.assertEqual(readable_value(Rating._meta.get_field("status"), "approved"), "Godkendt")

    def test_rich_text_reads_as_plain_text(self):
        field = Initiative._meta.get_field("description")
        self.assertEqual(readable_value(field, "<p>Boliger <strong>nu</strong></p>"), "Boliger nu")

    def test_nothing_reads_as_a_dash(self):
        self.assertEqual(readable_value(Initiative._meta.get_field("title"), ""), "–")
        self.assertEqual(readable_value(Rating._meta.get_field("effort"), ""), "–")

    def test_an_import_is_made_by_the_system(self):
        self.assertEqual(changed_by(None), "systemet (import)")
