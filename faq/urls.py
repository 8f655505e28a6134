from django.urls import path

from faq import views
from faq.contact import views as contact

app_name = "faq"

urlpatterns = [
    path("faq/", views.question_list, name="list"),
    path("contact/", contact.contact, name="contact"),
    path("contact/sent/<str:token>/", contact.sent, name="contact_sent"),
]
