from django.core.management.base import BaseCommand

from milepael.notifications.sending import send_due


class Command(BaseCommand):
    help = "Send e-mails om nye beskeder, der venter (kør fx hvert 5. minut fra cron; worker'en sender dem også)."

    def handle(self, *args, **options):
        sent = send_due()
        for mail in sent:
            self.stdout.write(f"{mail.address} · {mail.subject}")
        self.stdout.write(self.style.SUCCESS(f"{len(sent)} e-mails sendt."))
