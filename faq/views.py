"""The FAQ page: every published question grouped by category, or the ones matching a search."""

import unicodedata
from itertools import groupby

from django.shortcuts import render

from faq.models import Question
from imago_site.pagecache import cached_page

# Longer searches are cut: nobody types more, and the database need not parse a novel.
MAX_QUERY_LENGTH = 200


@cached_page
def question_list(request):
    query = search_terms(request.GET.get("q", ""))
    context = {"query": query}
    if query:
        context["results"] = list(
            Question.objects.published().matching(query).select_related("category")
        )
    else:
        questions = list(Question.objects.published().select_related("category"))
        context["questions"] = questions
        context["categories"] = [
            (category, list(items))
            for category, items in groupby(questions, key=lambda q: q.category)
        ]
    return render(request, "faq/question_list.html", context)


def search_terms(text):
    """What the visitor typed, without control characters (PostgreSQL refuses a NUL byte),
    with single spaces and at most MAX_QUERY_LENGTH characters."""
    text = "".join(" " if unicodedata.category(char) == "Cc" else char for char in text)
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()
