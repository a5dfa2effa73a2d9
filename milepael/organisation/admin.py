from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from .models import Committee, Department, DepartmentAlias, Organisation, Profile


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name"]


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]


class DepartmentAliasInline(admin.TabularInline):
    model = DepartmentAlias
    extra = 0


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    inlines = [DepartmentAliasInline]


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    filter_horizontal = ["departments"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class MilepaelUserAdmin(UserAdmin):
    """Users with their role and departments, managed by the finance department."""

    inlines = [ProfileInline]
    list_display = ["username", "get_full_name", "email", "role", "is_active"]
    list_filter = ["profile__role", "profile__departments", "is_active"]

    @admin.display(description=Profile._meta.get_field("role").verbose_name)
    def role(self, user):
        profile = getattr(user, "profile", None)
        return profile.get_role_display() if profile else "–"
