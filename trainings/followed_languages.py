"""The languages a visitor can follow a training in, asked once and remembered for the visit.

The eligibility check asks (with the questions that decide which tracks are open); the answer
stays in the visitor's session, with no account, and every place that suggests trainings puts
those taught in these languages first, keeping their order otherwise: the eligibility result,
the trainings offered to someone refused for a track (with the language of the training they
applied to), a closed or cancelled training's other cohorts, and the trainings and online
starts of a search near a place, which asks too. The interest list asks as well, offers the
remembered ones ticked, and keeps its subscriber's answer to choose whom a new training reaches.
"""

from django.conf import settings

from trainings.models.choices import LANGUAGE_CHOICES

SESSION_KEY = "followed_languages"
KNOWN = frozenset(code for code, _name in LANGUAGE_CHOICES)


def followed(request):
    """The languages remembered for ``request``'s visitor; none without a session (a visitor
    without one is not given one by asking)."""
    if request.COOKIES.get(settings.SESSION_COOKIE_NAME) is None:
        return []
    codes = request.session.get(SESSION_KEY, [])
    return [code for code in codes if code in KNOWN] if isinstance(codes, list) else []


def remember(request, codes):
    """Keep ``codes`` for the rest of the visit (none: forget them)."""
    codes = sorted({code for code in codes if code in KNOWN})
    if codes:
        request.session[SESSION_KEY] = codes
    else:
        request.session.pop(SESSION_KEY, None)


def filled_in(request, query, name):
    """``query`` (a QueryDict) with the remembered languages as ``name``, when it names none and
    was not sent by a form's own button (``search``), so the boxes show what is remembered."""
    known = followed(request)
    if not known or name in query or "search" in query:
        return query
    query = query.copy()
    query.setlist(name, known)
    return query


def first_in(trainings, codes):
    """``trainings`` as a list, those taught in one of ``codes`` first, in their order."""
    trainings = list(trainings)
    if not codes:
        return trainings
    return sorted(trainings, key=lambda training: training.language not in codes)
