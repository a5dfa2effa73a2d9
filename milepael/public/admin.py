from django.contrib import admin

from .models import Publication, PublicComment


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["round", "published_at", "published_by", "withdrawn_at"]
    list_select_related = ["round", "published_by"]
    readonly_fields = ["round", "published_at", "published_by", "withdrawn_at", "withdrawn_by"]

    def has_add_permission(self, request):
        return False  # through the publishing page (services.publish_round), never here


@admin.register(PublicComment)
class PublicCommentAdmin(admin.ModelAdmin):
    list_display = ["rating", "text", "updated_at"]
    list_select_related = ["rating__initiative", "rating__round"]
    readonly_fields = ["rating", "text", "updated_by", "updated_at"]

    def has_add_permission(self, request):
        return False
