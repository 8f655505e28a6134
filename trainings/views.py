import datetime
import zoneinfo

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from imago_site.pagecache import cached_page
from trainings import followed_languages, places
from trainings.calendar import build_calendar
from trainings.followed_languages import first_in, followed
from trainings.forms import CatalogueFilterForm, FacultyFilterForm
from trainings.models import Track, Trainer, Training
from trainings.pathway import pathway_costs

PAGE_SIZE = 12
# A page of trainers: the whole faculty is hundreds of cards, too long a page for a phone.
FACULTY_PAGE_SIZE = 24
ONLINE_ALTERNATIVES = 3
# A training this near a place searched for is close enough: the catalogue then does not ask
# whether the visitor wants to hear of one nearer.
CLOSE_KM = 300


@cached_page
def home(request):
    return render(
        request,
        "trainings/home.html",
        {
            "tracks": Track.objects.listed(),
            "next_trainings": Training.objects.published().upcoming().for_listing()[:6],
        },
    )


@cached_page
def training_list(request):
    catalogue = Training.objects.published().upcoming()
    query = followed_languages.filled_in(request, request.GET, "follows")
    form = CatalogueFilterForm(query, catalogue=catalogue)
    form.is_valid()  # a field with a bad value shows its error and is left out of the search
    filters = form.cleaned_data

    trainings = catalogue
    if filters.get("track"):
        trainings = trainings.filter(track__slug=filters["track"])
    if filters.get("country"):
        trainings = trainings.filter(country=filters["country"])
    if filters.get("format"):
        trainings = trainings.filter(format=filters["format"])
    if filters.get("language"):
        trainings = trainings.filter(language=filters["language"])
    if filters.get("month"):
        month = form.starting_month
        trainings = trainings.starting_in(month.year, month.month)
    trainings = trainings.for_listing()

    place, suggestions, online, languages = None, [], [], []
    if near := filters.get("near", "").strip():
        languages = filters.get("follows", [])
        if "search" in request.GET:  # sent with the boxes: they are the visitor's answer
            followed_languages.remember(request, languages)
        place = places.resolve(near)
        if place:
            online = suited_online(trainings.online(), place, languages)
            trainings = trainings.in_person().nearest_to(
                place.latitude, place.longitude, languages_first=languages
            )
        else:
            suggestions = places.suggest(near)

    pages = paginated(request, trainings, PAGE_SIZE)
    return render(
        request,
        "trainings/training_list.html",
        {
            "form": form,
            **pages,
            "trainings": pages["page_obj"].object_list,
            "near": near,
            "place": place,
            "suggestions": suggestions,
            "online_alternatives": online,
            "nothing_close": place is not None
            and not has_one_close(trainings, pages["page_obj"], bool(languages)),
            "query_without_near": query_without(request, "near", "page"),
        },
    )


def suited_online(online, place, languages=()):
    """The online cohorts whose hours suit someone at ``place``: those in ``languages`` first,
    then the least hours between their time zone and the place's on the training's first day,
    then the soonest. An online first
    module for Africa comes first for Nairobi, the one for the Americas for Buenos Aires."""

    def offset(zone, day):
        moment = datetime.datetime.combine(day, datetime.time(12))
        return zoneinfo.ZoneInfo(zone).utcoffset(moment).total_seconds() / 3600

    def hours_apart(training):
        day = training.starts_on or datetime.date.today()
        # Without a known zone, the place's longitude: 15 degrees an hour.
        here = offset(place.time_zone, day) if place.time_zone else place.longitude / 15
        apart = abs(offset(training.time_zone, day) - here) % 24
        in_language = not languages or training.language in languages
        return not in_language, min(apart, 24 - apart), training.starts_on or datetime.date.max

    return sorted(online, key=hours_apart)[:ONLINE_ALTERNATIVES]


def has_one_close(nearest_first, page, languages_first=False):
    """Whether a training of ``nearest_first`` (annotated with ``distance_km``) is within
    ``CLOSE_KM``: read from the first page's first row, which is the nearest, else asked (also
    when the trainings in some languages came first)."""
    if page.number == 1 and not languages_first:
        rows = page.object_list
        return bool(rows) and rows[0].distance_km <= CLOSE_KM
    return nearest_first.filter(distance_km__lte=CLOSE_KM).exists()


def paginated(request, items, size):
    """A page of ``items``, with what ``includes/_pagination.html`` needs to link the others
    (keeping the other filters)."""
    page = Paginator(items, size).get_page(request.GET.get("page"))
    return {
        "page_obj": page,
        "page_range": page.paginator.get_elided_page_range(page.number),
        "query_without_page": query_without(request, "page"),
    }


def query_without(request, *names):
    """The current query string minus ``names``, to build links that keep the other filters."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


@cached_page
def training_detail(request, slug):
    training = get_object_or_404(
        Training.objects.public()
        .with_seats_taken()
        .select_related("track")
        .prefetch_related(
            "modules",
            Prefetch("trainers", Trainer.objects.listed()),
            "instalments",
            "refund_rules",
            "costs",
        ),
        slug=slug,
    )
    next_cohorts = []
    if not training.is_open:
        others = Training.objects.other_open_cohorts(training)
        next_cohorts = first_in(others, followed(request))[:3]
    return render(
        request,
        "trainings/training_detail.html",
        {"training": training, "next_cohorts": next_cohorts},
    )


def calendar_response(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def all_trainings_calendar(request):
    trainings = (
        Training.objects.published().upcoming().select_related("track").prefetch_related("modules")
    )
    content = build_calendar(trainings, request.build_absolute_uri("/"), _("Imago trainings"))
    return calendar_response(content, "imago-trainings.ics")


def training_calendar(request, slug):
    training = get_object_or_404(
        Training.objects.public().select_related("track").prefetch_related("modules"), slug=slug
    )
    content = build_calendar([training], request.build_absolute_uri("/"), training.title)
    return calendar_response(content, f"{training.slug}.ics")


@cached_page
def track_detail(request, slug):
    track = get_object_or_404(Track.objects.listed(), slug=slug)
    trainings = Training.objects.published().upcoming().filter(track=track).for_listing()
    steps, costs = pathway_costs(track)
    return render(
        request,
        "trainings/track_detail.html",
        {
            "track": track,
            "trainings": trainings,
            "steps": steps,
            "pathway_costs": costs,
            "opened_by": track.opened_by.listed(),
        },
    )


@cached_page
def trainer_list(request):
    trainers = Trainer.objects.listed()
    form = FacultyFilterForm(request.GET, trainers=trainers)
    form.is_valid()
    if country := form.cleaned_data.get("country"):
        trainers = trainers.filter(country=country)
    if language := form.cleaned_data.get("language"):
        trainers = trainers.filter(languages__contains=[language])
    pages = paginated(request, trainers.prefetch_related("tracks"), FACULTY_PAGE_SIZE)
    return render(
        request,
        "trainings/trainer_list.html",
        {"form": form, **pages, "trainers": pages["page_obj"].object_list},
    )


@cached_page
def trainer_detail(request, slug):
    trainer = get_object_or_404(Trainer.objects.listed().prefetch_related("tracks"), slug=slug)
    trainings = Training.objects.published().upcoming().filter(trainers=trainer).for_listing()
    return render(
        request, "trainings/trainer_detail.html", {"trainer": trainer, "trainings": trainings}
    )
