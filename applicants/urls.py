from django.urls import path

from applicants import views

app_name = "applicants"

urlpatterns = [
    path("trainings/<slug:slug>/apply/", views.apply, name="apply"),
]
