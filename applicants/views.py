from django.shortcuts import get_object_or_404, render

from trainings.models import Training


def apply(request, slug):
    training = get_object_or_404(
        Training.objects.exclude(status=Training.Status.DRAFT).with_seats_taken(), slug=slug
    )
    return render(request, "applicants/apply.html", {"training": training})
