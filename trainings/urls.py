from django.urls import path

from trainings import views

app_name = "trainings"

urlpatterns = [
    path("", views.home, name="home"),
    path("trainings/", views.TrackListView.as_view(), name="list"),
    path("tracks/<slug:slug>/", views.TrackDetailView.as_view(), name="track"),
]
