from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Agreement, EconomyAmount, FollowUpRound, ImplementationPlan, Initiative, Milestone, Theme


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0


class RoundInline(admin.TabularInline):
    model = FollowUpRound
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["title", "budget_year", "adopted_on", "case_id"]
    search_fields = ["title", "case_id"]
    inlines = [ThemeInline, RoundInline]


@admin.register(ImplementationPlan)
class ImplementationPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "agreement", "committee", "date"]
    list_filter = ["agreement", "committee"]
    search_fields = ["title", "case_id"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "agreement"]
    list_filter = ["agreement"]


@admin.register(FollowUpRound)
class FollowUpRoundAdmin(admin.ModelAdmin):
    list_display = ["name", "ordinal", "agreement", "deadline"]
    list_filter = ["agreement"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class EconomyAmountInline(admin.TabularInline):
    model = EconomyAmount
    extra = 0


@admin.register(Initiative)
class InitiativeAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "kind", "responsible_department", "plan"]
    list_filter = ["plan", "kind", "theme", "responsible_department"]
    search_fields = ["number", "title"]
    filter_horizontal = ["contributors"]
    inlines = [MilestoneInline, EconomyAmountInline]


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = ["initiative", "round"]
    list_filter = ["round"]
    search_fields = ["initiative__number", "text"]


@admin.register(EconomyAmount)
class EconomyAmountAdmin(SimpleHistoryAdmin):
    list_display = ["initiative", "year", "kind", "sign", "amount_kr"]
    list_filter = ["kind", "sign", "year"]
    search_fields = ["initiative__number", "initiative__title"]
