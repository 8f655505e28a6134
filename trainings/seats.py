"""What public pages say of a training's seats, as live parts of the page cache.

Seats change with every application, and nothing else on a page does: the parts that show
them are filled in when a kept page is served (``imago_site.pagecache.live_part``), so an
application never makes a page render afresh. Each part is a function of a training annotated
with ``seats_taken``; the same function renders it in the page and fills it in later.
"""

import functools

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.translation import gettext as _

from imago_site import pagecache
from trainings.models import Training
from trainings.models.trainings import Availability

PART_NAME = "seats"
OFFER_AVAILABILITY = {
    Availability.NOT_YET: "https://schema.org/PreOrder",
    Availability.OPEN: "https://schema.org/InStock",
    Availability.FEW_SEATS: "https://schema.org/LimitedAvailability",
    Availability.WAITING_LIST: "https://schema.org/SoldOut",
    Availability.CLOSED: "https://schema.org/Discontinued",
}


def availability_badge(training):
    return render_to_string("trainings/_availability.html", {"training": training})


def apply_label(training):
    if training.availability == Availability.WAITING_LIST:
        return escape(_("Join the waiting list"))
    return escape(_("Apply for this training"))


def offer_availability(training):
    """schema.org's word for the availability of the training's offer (in its JSON-LD)."""
    return OFFER_AVAILABILITY[training.availability]


PARTS = {
    "badge": availability_badge,
    "apply": apply_label,
    "offer": offer_availability,
}


def shown(request, training, part):
    """The ``part`` of ``training`` (annotated with ``seats_taken``), as a live part of the
    page that ``request`` renders."""
    return pagecache.live_part(request, PART_NAME, f"{training.pk}-{part}", PARTS[part](training))


# What the availability needs; a part shows nothing else of the training.
FIELDS_SHOWN = ["capacity", "status", "applications_open", "applications_close", "time_zone"]


@functools.cache
def trainings_with_seats():
    """The query of :func:`fill`, built once a process: building its subquery costs more than
    running it. Never evaluated itself; each fill filters a copy, in no order."""
    return Training.objects.only(*FIELDS_SHOWN).with_seats_taken().order_by()


def fill(arguments):
    """The parts named by ``arguments`` ("<training id>-<part>"), from one query. A part shows
    only the training's availability, and for few seats their number (for a training not open
    yet, the day it opens): each of those is rendered once."""
    wanted = {}
    for argument in arguments:
        pk, _dash, part = argument.partition("-")
        if pk.isdigit() and part in PARTS:
            wanted[argument] = (int(pk), part)
    trainings = trainings_with_seats().in_bulk({pk for pk, _part in wanted.values()})
    rendered, texts = {}, {}
    for argument, (pk, part) in wanted.items():
        if training := trainings.get(pk):
            availability = training.availability
            # What the part shows beside the availability: the seats left, or the day that
            # applications open.
            detail = (
                training.seats_left
                if availability == Availability.FEW_SEATS
                else training.applications_open
                if availability == Availability.NOT_YET
                else None
            )
            if (part, availability, detail) not in rendered:
                rendered[part, availability, detail] = PARTS[part](training)
            texts[argument] = rendered[part, availability, detail]
    return texts


def register():
    pagecache.register_live_part(PART_NAME, fill)
