from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from milepael.core.admin import ReadOnlyAdmin

from .models import EconomyRevision, Indicator, IndicatorValue, Rating, RevisedEconomyAmount, RoundEvent


class ReadOnlyHistoryAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    """Ratings, revisions and round events change only through followup.services (the
    rules, permissions and conflict checks live there); the admin shows them and their history."""


@admin.register(Rating)
class RatingAdmin(ReadOnlyHistoryAdmin):
    list_display = ["initiative", "round", "effort", "economy", "status", "updated_by", "updated_at"]
    list_filter = ["round", "status", "effort", "economy", "initiative__responsible_department"]
    search_fields = ["initiative__number", "initiative__title"]


class RevisedEconomyAmountInline(admin.TabularInline):
    """The revision's amounts, shown; they are given with the revision (followup.services)."""

    model = RevisedEconomyAmount
    extra = 0
    can_delete = False
    readonly_fields = ["year", "kind", "sign", "amount_kr"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(EconomyRevision)
class EconomyRevisionAdmin(ReadOnlyHistoryAdmin):
    list_display = ["initiative", "approved_on", "approval_reference", "created_by"]
    inlines = [RevisedEconomyAmountInline]


@admin.register(RoundEvent)
class RoundEventAdmin(ReadOnlyHistoryAdmin):
    list_display = ["round", "action", "by", "at", "note"]
    list_filter = ["round", "action"]


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0
    fields = ["round", "value", "updated_by", "updated_at"]
    readonly_fields = ["updated_by", "updated_at"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    """Økonomi og Styring defines an initiative's key figures here; the departments enter
    the values with their ratings (the values can be corrected here)."""

    list_display = ["initiative", "name", "unit", "baseline", "target"]
    list_filter = ["initiative__plan"]
    search_fields = ["initiative__number", "initiative__title", "name"]
    autocomplete_fields = ["initiative"]
    inlines = [IndicatorValueInline]
