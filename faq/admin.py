from django.contrib import admin

from faq.contact import admin as contact_admin  # noqa: F401  (registers its models)
from faq.models import Category, Question, Synonyms
from imago_site.translated import columns, translation_fieldsets


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name_en"]}
    fieldsets = [
        (None, {"fields": ["name_en", "slug", "position"]}),
        *translation_fieldsets("name"),
    ]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["question", "category", "topic", "position", "is_published"]
    list_editable = ["position", "is_published"]
    list_filter = ["is_published", "category", "topic"]
    list_select_related = ["category"]
    search_fields = columns("question", "answer")
    prepopulated_fields = {"slug": ["question_en"]}
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "category",
                    "question_en",
                    "slug",
                    "answer_en",
                    "topic",
                    "video_url",
                    "position",
                    "is_published",
                ]
            },
        ),
        *translation_fieldsets("question", "answer"),
    ]


@admin.register(Synonyms)
class SynonymsAdmin(admin.ModelAdmin):
    """Groups of words that the FAQ search treats as one: "cost" finds the answer on fees."""

    list_display = ["words", "language"]
    list_filter = ["language"]
    search_fields = ["words"]
