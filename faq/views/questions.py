from itertools import groupby

from django.shortcuts import render

from faq.models import Question


def question_list(request):
    questions = Question.objects.published().select_related("category")
    categories = [
        (category, list(items)) for category, items in groupby(questions, key=lambda q: q.category)
    ]
    return render(request, "faq/question_list.html", {"categories": categories})
