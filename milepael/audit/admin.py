from django.contrib import admin

from milepael.core.admin import ReadOnlyAdmin

from .models import AccessLogEntry


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(ReadOnlyAdmin):
    """The log is evidence: nobody edits or deletes it by hand."""

    list_display = ["at", "username", "kind", "method", "path", "status", "ip_address"]
    list_filter = ["kind", "method", "status"]
    search_fields = ["username", "path"]
    date_hierarchy = "at"
