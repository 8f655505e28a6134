from django.shortcuts import render
from django.views.generic import DetailView, ListView

from trainings.models import Track


def home(request):
    return render(request, "trainings/home.html", {"tracks": Track.objects.listed()})


class TrackListView(ListView):
    template_name = "trainings/track_list.html"
    context_object_name = "tracks"

    def get_queryset(self):
        return Track.objects.listed()


class TrackDetailView(DetailView):
    def get_queryset(self):
        return Track.objects.listed()
