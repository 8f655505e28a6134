from django.contrib import admin

from faq.models import Category, Question


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["question", "category", "position", "is_published"]
    list_editable = ["position", "is_published"]
    list_filter = ["is_published", "category"]
    list_select_related = ["category"]
    search_fields = ["question", "answer"]
    prepopulated_fields = {"slug": ["question"]}
