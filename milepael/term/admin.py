from django.contrib import admin

from .models import Area, ElectionTerm, KeyFigure, KeyFigureValue, Objective


class AreaInline(admin.TabularInline):
    model = Area
    extra = 0


@admin.register(ElectionTerm)
class ElectionTermAdmin(admin.ModelAdmin):
    list_display = ["name", "committee", "start_year", "end_year"]
    list_filter = ["committee"]
    search_fields = ["name", "title"]
    inlines = [AreaInline]


class ObjectiveInline(admin.TabularInline):
    model = Objective
    extra = 0
    fields = ["position", "title"]
    show_change_link = True


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["position", "name", "display_name", "term"]
    list_filter = ["term"]
    search_fields = ["name", "display_name"]
    inlines = [ObjectiveInline]


class KeyFigureInline(admin.TabularInline):
    model = KeyFigure
    extra = 0
    fields = ["position", "name", "unit", "description"]
    show_change_link = True


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ["title", "area", "position"]
    list_filter = ["area__term", "area"]
    search_fields = ["title", "actions", "results"]
    list_select_related = ["area"]
    filter_horizontal = ["initiatives"]
    inlines = [KeyFigureInline]


class KeyFigureValueInline(admin.TabularInline):
    model = KeyFigureValue
    extra = 0


@admin.register(KeyFigure)
class KeyFigureAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "objective"]
    list_filter = ["objective__area__term"]
    search_fields = ["name", "objective__title"]
    list_select_related = ["objective"]
    inlines = [KeyFigureValueInline]


@admin.register(KeyFigureValue)
class KeyFigureValueAdmin(admin.ModelAdmin):
    list_display = ["key_figure", "period", "value"]
    list_filter = ["key_figure"]
    list_select_related = ["key_figure"]
