from django.core.management.base import BaseCommand

from milepael.followup.reminders import send_reminders


class Command(BaseCommand):
    help = "Send påmindelser om åbne opfølgninger og frister til centrenes afrapportører (kør fx hver time fra cron)."

    def handle(self, *args, **options):
        sent = send_reminders()
        for reminder in sent:
            self.stdout.write(
                f"{reminder.round.name} · {reminder.department.name} · {reminder.kind} → {', '.join(reminder.recipients)}"
            )
        self.stdout.write(self.style.SUCCESS(f"{len(sent)} påmindelser sendt."))
