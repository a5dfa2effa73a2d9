import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from milepael.audit.models import AccessLogEntry


class Command(BaseCommand):
    help = "Slet adgangslog ældre end --days dage (standard 365), efter kommunens slettepolitik."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=365)

    def handle(self, *args, days: int, **options):
        cutoff = timezone.now() - datetime.timedelta(days=days)
        deleted, _ = AccessLogEntry.objects.filter(at__lt=cutoff).delete()
        self.stdout.write(f"Slettet {deleted} logposter ældre end {days} dage.")
