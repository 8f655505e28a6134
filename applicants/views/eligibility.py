"""The "do I qualify?" page: four answers, the verdict per track, and where to apply next.

Nothing is stored and nothing identifies the person: the answers travel in the query string, so
a result can be bookmarked or shared, and they are handed on as they are to a training's
application form, which prefills itself from the same four parameters.
"""

from django.shortcuts import render
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django_countries import countries

from applicants.eligibility import check_eligibility
from applicants.forms import EligibilityForm
from trainings import places
from trainings.models import Track, Training

CLINICAL_SLUG = "clinical"
FACILITATOR_SLUG = "professional-facilitator"
# "Trainings you can apply to next" shows at most this many, and keeps up to ONLINE_PLACES of
# them for online trainings, which suit anyone who cannot travel.
NEXT_TRAININGS = 6
ONLINE_PLACES = 2


def eligibility_check(request):
    # An empty query is a first visit: the questions without error messages.
    form = EligibilityForm(request.GET or None)
    context = {"form": form}
    if form.is_valid():
        context.update(build_result(form))
    return render(request, "applicants/eligibility.html", context)


def build_result(form):
    """The verdict for each listed track, and the open trainings of the tracks the person may
    join, nearest first. When the Clinical Track is out of reach the Facilitator Training is
    offered on its own, with all its open cohorts."""
    answers = form.cleaned_data
    verdicts = [
        (
            track,
            check_eligibility(
                track.requirements,
                answers["degree_level"],
                answers["degree_field"],
                answers["has_licence"],
            ),
        )
        for track in Track.objects.listed().select_related("opens")
    ]
    eligible = [track for track, verdict in verdicts if verdict.is_eligible]
    by_slug = {track.slug: (track, verdict) for track, verdict in verdicts}
    clinical, clinical_verdict = by_slug.get(CLINICAL_SLUG, (None, None))
    facilitator, facilitator_verdict = by_slug.get(FACILITATOR_SLUG, (None, None))
    offers_facilitator = (
        clinical_verdict is not None
        and not clinical_verdict.is_eligible
        and facilitator_verdict is not None
        and facilitator_verdict.is_eligible
    )

    in_person, online = order_by_proximity(
        Training.objects.open_for_applications().filter(track__in=eligible).for_listing(),
        answers["country"],
    )
    facilitator_trainings = []
    if offers_facilitator:
        facilitator_trainings = [t for t in in_person + online if t.track_id == facilitator.pk]
        in_person = [t for t in in_person if t.track_id != facilitator.pk]
        online = [t for t in online if t.track_id != facilitator.pk]
    return {
        "verdicts": verdicts,
        "eligible_names": get_text_list([track.name for track in eligible], _("and")),
        "clinical": clinical,
        "facilitator": facilitator if offers_facilitator else None,
        "facilitator_trainings": facilitator_trainings,
        "next_trainings": pick_next_trainings(in_person, online),
        "country_name": countries.name(answers["country"]),
        "answers_query": form.answers_query(),
    }


def order_by_proximity(trainings, country):
    """``trainings`` as two lists: those that meet in person, in ``country`` first (soonest
    first), then those abroad nearest first; and the online ones, soonest first.

    Distances are measured from the country's capital, the only place the answers give. As in
    the catalogue's search near a place, trainings abroad without coordinates cannot be placed
    and are left out; for a country that cannot be placed either, they come soonest first.
    """
    at_home = list(trainings.in_person().filter(country=country))
    abroad = trainings.in_person().exclude(country=country)
    place = places.resolve(country)
    if place:
        abroad = abroad.nearest_to(place.latitude, place.longitude)
    return at_home + list(abroad), list(trainings.online())


def pick_next_trainings(in_person, online, limit=NEXT_TRAININGS):
    """At most ``limit`` trainings, in person first, with up to ``ONLINE_PLACES`` of the places
    kept for online ones when there are any (more when in-person ones are few)."""
    kept_for_online = min(len(online), ONLINE_PLACES)
    chosen = in_person[: limit - kept_for_online]
    return chosen + online[: limit - len(chosen)]
