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
from trainings.followed_languages import first_in, followed, remember
from trainings.models import Track, Training

# "Trainings you can apply to next" shows at most this many, and keeps up to ONLINE_PLACES of
# them for online trainings, which suit anyone who cannot travel.
NEXT_TRAININGS = 6
ONLINE_PLACES = 2


def eligibility_check(request):
    # An empty query is a first visit: the questions without error messages.
    form = EligibilityForm(request.GET or None, initial={"languages": followed(request)})
    context = {"form": form}
    if form.is_valid():
        languages = form.cleaned_data["languages"]
        if languages:
            remember(request, languages)
        context.update(build_result(form, languages or followed(request)))
    return render(request, "applicants/eligibility.html", context)


def build_result(form, languages=()):
    """The verdict for each listed track, and the open trainings of the tracks the person may
    join, nearest first (those taught in ``languages`` before the others). When a track is out
    of reach and the track it offers instead (``Track.offered_instead``, the Facilitator
    Training for the Clinical Track) is open to the person, that one is offered on its own,
    with all its open cohorts."""
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
    refused, offered = find_offer(verdicts)

    in_person, online = order_by_proximity(
        Training.objects.open_for_applications().filter(track__in=eligible).for_listing(),
        answers["country"],
    )
    in_person, online = first_in(in_person, languages), first_in(online, languages)
    offered_trainings = []
    if offered:
        offered_trainings = [t for t in in_person + online if t.track_id == offered.pk]
        in_person = [t for t in in_person if t.track_id != offered.pk]
        online = [t for t in online if t.track_id != offered.pk]
    return {
        "verdicts": verdicts,
        "eligible_names": get_text_list([track.name for track in eligible], _("and")),
        "refused": refused,
        "offered": offered,
        "offered_trainings": offered_trainings,
        "next_trainings": pick_next_trainings(in_person, online),
        "country_name": countries.name(answers["country"]),
        "answers_query": form.answers_query(),
    }


def find_offer(verdicts):
    """The first listed track the person does not qualify for whose ``offered_instead`` track
    they do qualify for, and that track: ``(refused, offered)``, or ``(None, None)``. The
    offered track is listed too, as ``verdicts`` holds only listed tracks."""
    by_pk = {track.pk: (track, verdict) for track, verdict in verdicts}
    for track, verdict in verdicts:
        offered, offered_verdict = by_pk.get(track.offered_instead_id, (None, None))
        if not verdict.is_eligible and offered_verdict is not None and offered_verdict.is_eligible:
            return track, offered
    return None, None


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
