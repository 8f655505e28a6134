"""schema.org descriptions of a training (JSON-LD), for search engines and calendars."""

from trainings import seats
from trainings.models import Format

ORGANIZATION = "Imago International Training Institute"
COURSE_MODES = {Format.ONLINE: "online", Format.IN_PERSON: "onsite", Format.HYBRID: "blended"}
ATTENDANCE_MODES = {
    Format.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    Format.IN_PERSON: "https://schema.org/OfflineEventAttendanceMode",
    Format.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}


def training_graph(training, request):
    """A Course with its CourseInstance, and the same cohort as an EducationEvent."""
    url = request.build_absolute_uri(training.get_absolute_url())
    organization = {
        "@type": "Organization",
        "name": ORGANIZATION,
        "url": request.build_absolute_uri("/"),
    }
    location = _location(training, url)
    instructors = [
        {
            "@type": "Person",
            "name": trainer.name,
            "url": request.build_absolute_uri(trainer.get_absolute_url()),
        }
        for trainer in training.trainers.all()
    ]
    offer = {
        "@type": "Offer",
        "url": url,
        "price": str(training.current_fee),
        "priceCurrency": training.currency,
        "availability": seats.shown(request, training, "offer"),
        "validFrom": training.applications_open.isoformat(),
        "category": "Paid",
    }
    dates = {
        "startDate": training.starts_on.isoformat() if training.starts_on else None,
        "endDate": training.ends_on.isoformat() if training.ends_on else None,
    }
    description = training.description or training.track.summary
    course = {
        "@type": "Course",
        "@id": f"{url}#course",
        "name": training.title,
        "description": description,
        "url": url,
        "inLanguage": training.language,
        "provider": organization,
        "offers": offer,
        "hasCourseInstance": {
            "@type": "CourseInstance",
            "courseMode": COURSE_MODES[training.format],
            "courseWorkload": f"PT{training.contact_hours}H",
            "location": location,
            "instructor": instructors,
            **dates,
        },
    }
    event = {
        "@type": "EducationEvent",
        "@id": f"{url}#event",
        "name": training.title,
        "description": description,
        "url": url,
        "inLanguage": training.language,
        "eventStatus": "https://schema.org/EventCancelled"
        if training.status == training.Status.CANCELLED
        else "https://schema.org/EventScheduled",
        "eventAttendanceMode": ATTENDANCE_MODES[training.format],
        "location": location,
        "organizer": organization,
        "performer": instructors,
        "offers": offer,
        **dates,
    }
    return {"@context": "https://schema.org", "@graph": [course, event]}


def _location(training, url):
    if training.is_online:
        return {"@type": "VirtualLocation", "url": url}
    return {
        "@type": "Place",
        "name": training.venue_name or training.city,
        "address": {
            "@type": "PostalAddress",
            "addressLocality": training.city,
            "addressCountry": training.country.code,
        },
    }
