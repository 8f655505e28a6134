from django.urls import path

from faq import views

app_name = "faq"

urlpatterns = [
    path("faq/", views.question_list, name="list"),
    path("contact/", views.contact, name="contact"),
    path("contact/sent/<str:token>/", views.sent, name="contact_sent"),
]
