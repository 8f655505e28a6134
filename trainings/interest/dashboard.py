"""The interest list's panel on the admin's front page (``imago_site.dashboard``): where
people are waiting for a training, by country, largest first."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django_countries import countries

from imago_site import dashboard
from imago_site.dashboard import Part
from trainings.interest.models import InterestSubscription

COUNTRIES_SHOWN = 15


def demand_by_country():
    """Confirmed, active subscriptions per country, the ``COUNTRIES_SHOWN`` largest, as
    ``{"country": code, "subscribers": count}`` ("" for those who want online trainings
    only)."""
    return list(
        InterestSubscription.objects.confirmed()
        .values("country")
        .annotate(subscribers=Count("pk"))
        .order_by("-subscribers", "country")[:COUNTRIES_SHOWN]
    )


def demand_panel(request):
    rows = [
        {
            **row,
            "name": countries.name(row["country"]) if row["country"] else _("Online only"),
        }
        for row in demand_by_country()
    ]
    return {
        "countries": rows,
        "demand_link": reverse("admin:trainings_interestsubscription_demand"),
        "chart": dashboard.bar_chart(
            [(row["name"], str(row["subscribers"]), [Part(row["subscribers"])]) for row in rows]
        ),
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
