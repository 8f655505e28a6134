"""The interest list's panel on the admin's front page (``imago_site.dashboard``): where
people are waiting for a training, by country, largest first, and for which track."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django_countries import countries

from imago_site import dashboard
from imago_site.dashboard import PALETTE, Part
from imago_site.translated import columns
from trainings.interest.models import InterestSubscription
from trainings.models import Track

COUNTRIES_SHOWN = 15


def demand_by_country():
    """Confirmed, active subscriptions per country, the ``COUNTRIES_SHOWN`` largest first, as
    ``{"country": code, "subscribers": count, "tracks": {track id: count}}``.

    The database counts per country and track (``InterestSubscriptionQuerySet.demand``, a few
    hundred rows at most, however many subscribe); the countries' totals are added up here."""
    per_track = InterestSubscription.objects.demand().order_by()
    demand = {}
    for row in per_track:
        country = demand.setdefault(
            row["country"], {"country": row["country"], "subscribers": 0, "tracks": {}}
        )
        country["subscribers"] += row["subscribers"]
        country["tracks"][row["track"]] = row["subscribers"]
    largest = sorted(demand.values(), key=lambda row: (-row["subscribers"], row["country"]))
    return largest[:COUNTRIES_SHOWN]


def demand_panel(request):
    demand = demand_by_country()
    chosen = {track for row in demand for track in row["tracks"]}
    # The tracks in their catalogue order, then those who chose none.
    tracks = [
        (track.pk, track.name)
        for track in Track.objects.only("pk", "position", *columns("name"))
        if track.pk in chosen
    ]
    if None in chosen:
        tracks.append((None, _("Any track")))
    fills = {pk: PALETTE[index % len(PALETTE)] for index, (pk, _name) in enumerate(tracks)}
    rows = [
        {
            **row,
            "name": countries.name(row["country"]) if row["country"] else _("Online only"),
            "split": [
                {"track": name, "subscribers": row["tracks"][pk], "fill": fills[pk]}
                for pk, name in tracks
                if pk in row["tracks"]
            ],
        }
        for row in demand
    ]
    chart_rows = [
        (
            row["name"],
            str(row["subscribers"]),
            [Part(part["subscribers"], fill=part["fill"]) for part in row["split"]],
        )
        for row in rows
    ]
    legend = [(name, Part(1, fill=fills[pk])) for pk, name in tracks]
    return {
        "countries": rows,
        "demand_link": reverse("admin:trainings_interestsubscription_demand"),
        "chart": dashboard.bar_chart(chart_rows, legend if len(tracks) > 1 else ()),
    }


def register_panels():
    dashboard.register(
        dashboard.Panel(
            "demand",
            "trainings.view_interestsubscription",
            "admin/trainings/dashboard_demand.html",
            demand_panel,
        )
    )
