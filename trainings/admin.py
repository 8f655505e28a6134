from django.contrib import admin

from trainings.models import Track


@admin.register(Track)
class TrackAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "is_listed"]
    list_editable = ["position", "is_listed"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
