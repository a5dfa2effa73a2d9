"""Lists imported before the import read them as lists kept the typed bullet in each item
("<li>• Nyt design …</li>"); the pages now draw list markers themselves, so the typed ones go.
And the paragraphs after a list the extraction left unclosed were stored inside its last item
("<li>c <p>Efteråret …</p></li></ul>"): they move out after the list, where they belong."""

import re

from django.db import migrations

TYPED_BULLET = re.compile(r"<li>(?:\s*•\s*)+")
TRAILING_PARAGRAPHS = re.compile(r"((?:\s*<p>(?:(?!</?(?:li|ul|ol|p)\b).)*</p>)+)\s*</li>\s*</(ul|ol)>", re.DOTALL)
FIELDS = {
    "ImplementationPlan": ("intro", "economy_intro"),
    "Initiative": ("description", "implementation_note", "economy_text"),
    "Milestone": ("text",),
}


def _repaired(html: str) -> str:
    return TRAILING_PARAGRAPHS.sub(r"</li></\2>\1", TYPED_BULLET.sub("<li>", html))


def strip_typed_bullets(apps, schema_editor):
    for model_name, fields in FIELDS.items():
        model = apps.get_model("plans", model_name)
        changed = []
        for row in model.objects.only("pk", *fields).iterator():
            values = {name: _repaired(getattr(row, name) or "") for name in fields}
            if any(values[name] != getattr(row, name) for name in fields):
                for name, value in values.items():
                    setattr(row, name, value)
                changed.append(row)
        model.objects.bulk_update(changed, fields, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("plans", "0005_case_id_formats_of_danish_case_systems")]

    operations = [migrations.RunPython(strip_typed_bullets, migrations.RunPython.noop)]
