"""The restore drill: back up a database full of real data, damage it, restore, compare."""

import hashlib

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from milepael.core.backup import BackupError, restore
from milepael.followup.models import Rating
from milepael.plans.models import Initiative

pytestmark = pytest.mark.django_db(transaction=True)


def snapshot() -> dict[str, tuple[int, str]]:
    """Row count and a digest of every row of every table, per model."""
    result = {}
    for model in apps.get_models():
        if not model._meta.managed or model._meta.proxy:
            continue
        rows = list(model.objects.order_by("pk").values_list())
        result[model._meta.label] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return result


def test_backup_and_restore_give_back_every_row(tmp_path, capsys):
    call_command("load_demo")
    before = snapshot()
    assert before["plans.Initiative"][0] == 35 and before["followup.Rating"][0] == 35
    target = tmp_path / "database.dump"
    call_command("backup_db", str(target))
    assert "Backup gemt i" in capsys.readouterr().out

    # Damage: a lost initiative (cascading to milestones and ratings) and an edited text.
    Initiative.objects.get(number="3.04").delete()
    Rating.objects.update(effort_comment="overskrevet")
    assert snapshot() != before

    call_command("restore_db", str(target), "--yes")
    assert snapshot() == before


def test_restore_needs_confirmation_and_an_existing_file(tmp_path):
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore_db", str(tmp_path / "x"))
    with pytest.raises(BackupError, match="findes ikke"):
        restore(tmp_path / "findes-ikke.backup")
