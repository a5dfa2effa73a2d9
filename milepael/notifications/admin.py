from django.contrib import admin

from milepael.core.admin import ReadOnlyAdmin

from .models import Notification, NotificationMail


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["recipient", "kind", "event", "created_at", "read_at", "email"]
    list_filter = ["kind", "email"]
    search_fields = ["recipient__username", "event"]


@admin.register(NotificationMail)
class NotificationMailAdmin(ReadOnlyAdmin):
    """The log of every e-mail sent about a notification."""

    list_display = ["sent_at", "address", "subject"]
    search_fields = ["address", "subject"]
