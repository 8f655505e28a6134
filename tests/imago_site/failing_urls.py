"""The site's addresses plus two that fail, to see the 500 page as visitors get it, and what
the error report says of a request that brought personal data."""

from django.urls import path

from imago_site.urls import urlpatterns as site_urlpatterns


def fail(request):
    raise RuntimeError("a deliberate failure")


def fail_with_answers(request, token):
    answers = request.POST.dict()  # in the frame's variables, as a view's data would be
    raise RuntimeError(f"could not store the answers of {answers.get('email')}")


urlpatterns = [
    path("fails/", fail),
    path("fails/<slug:token>/", fail_with_answers),
    *site_urlpatterns,
]
