"""Messages to users, in the app (the »Beskeder« page) and by e-mail.

The app knows users, kinds, texts and addresses, nothing about ratings or rounds: the
follow-up says who is told what (followup/notify.py). Each notification is stored once per
recipient and event (a unique key), so telling twice is impossible; notifications of one
group (say, the approvals of one department in one round) are one entry on the page and
one e-mail. Every e-mail sent is logged (NotificationMail)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """What a notification is about; each user may turn e-mail off per kind."""

    RETURNED = "returned", _("en vurdering er sendt retur til mit center")
    APPROVED = "approved", _("mit centers vurderinger er godkendt")
    REPLIED = "replied", _("et center har svaret på en bemærkning")
    DEPARTMENT_SUBMITTED = "department_submitted", _("et center har indsendt alle sine vurderinger")
    ROUND_CLOSED = "round_closed", _("en opfølgning er lukket")


class NotificationMail(models.Model):
    """One e-mail sent: to whom, about which group, when (the log of what went out)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("modtager")
    )
    address = models.EmailField(_("adresse"))
    subject = models.CharField(_("emne"), max_length=300)
    group = models.CharField(_("gruppe"), max_length=200)
    sent_at = models.DateTimeField(_("sendt"), auto_now_add=True)

    class Meta:
        verbose_name = _("sendt e-mail")
        verbose_name_plural = _("sendte e-mails")
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.address} · {self.subject}"


class Notification(models.Model):
    """One thing one user is told."""

    class Email(models.TextChoices):
        PENDING = "pending", _("venter")
        SENT = "sent", _("sendt")
        OFF = "off", _("fravalgt af modtageren")
        NO_ADDRESS = "no_address", _("modtageren har ingen e-mailadresse")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("modtager")
    )
    kind = models.CharField(_("slags"), max_length=30, choices=Kind.choices)
    # What happened; with the recipient it is unique, so one event is never told twice.
    event = models.CharField(_("hændelse"), max_length=200)
    # Notifications of one group are one entry on the page and one e-mail.
    group = models.CharField(_("gruppe"), max_length=200)
    # The values the texts are written with (in the reader's language when shown).
    params = models.JSONField(_("indhold"), default=dict)
    url = models.CharField(_("adresse i Milepæl"), max_length=500)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("læst"), null=True, blank=True)
    email = models.CharField(_("e-mail"), max_length=10, choices=Email.choices, default=Email.PENDING)
    mail = models.ForeignKey(
        NotificationMail,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("sendt med"),
    )

    class Meta:
        verbose_name = _("besked")
        verbose_name_plural = _("beskeder")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "event"], name="notification_once_per_event"),
            models.CheckConstraint(
                condition=models.Q(kind__in=[k for k, _label in Kind.choices]), name="notification_kind_valid"
            ),
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.get_kind_display()} · {self.event}"


class EmailOptOut(models.Model):
    """The user does not want e-mails of this kind (the page still shows them)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("bruger")
    )
    kind = models.CharField(_("slags"), max_length=30, choices=Kind.choices)

    class Meta:
        verbose_name = _("fravalgt e-mail")
        verbose_name_plural = _("fravalgte e-mails")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="email_opt_out_once")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_kind_display()}"
