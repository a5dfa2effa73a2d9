"""Admin pieces every app uses."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shows rows and lets nobody add, change or delete them by hand: for records that change
    only through a service (its rules, rights and checks) or are evidence (the access log).

    Combine it with another ModelAdmin (e.g. SimpleHistoryAdmin) by listing it first."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
