from django.urls import path

from applicants.certificates import views

app_name = "certificates"

urlpatterns = [
    path("certificates/", views.lookup, name="lookup"),
    path("certificates/<str:code>/", views.verify, name="verify"),
]
