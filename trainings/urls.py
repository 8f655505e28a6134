from django.urls import path

from trainings import views
from trainings.interest import views as interest

app_name = "trainings"

urlpatterns = [
    path("", views.home, name="home"),
    path("trainings/", views.training_list, name="list"),
    path("trainings.ics", views.all_trainings_calendar, name="calendar"),
    path("trainings/<slug:slug>/", views.training_detail, name="detail"),
    path("trainings/<slug:slug>/calendar.ics", views.training_calendar, name="training_calendar"),
    path("tracks/<slug:slug>/", views.track_detail, name="track"),
    path("faculty/", views.trainer_list, name="faculty"),
    path("faculty/<slug:slug>/", views.trainer_detail, name="trainer"),
    path("interest/", interest.subscription_form, name="interest"),
    path("interest/check-your-inbox/", interest.sent, name="interest_sent"),
    path("interest/confirm/<slug:token>/", interest.confirm, name="interest_confirm"),
    path(
        "interest/unsubscribe/<slug:token>/",
        interest.unsubscribe,
        name="interest_unsubscribe",
    ),
]
