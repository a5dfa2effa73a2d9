from django.contrib import admin

from .models import AccessLogEntry


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "username", "kind", "method", "path", "status", "ip_address"]
    list_filter = ["kind", "method", "status"]
    search_fields = ["username", "path"]
    date_hierarchy = "at"

    # The log is evidence: nobody edits or deletes it by hand.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
