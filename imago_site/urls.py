from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from imago_site import views

admin.site.site_header = "Imago International Training Institute"
admin.site.site_title = "Imago portal staff"
admin.site.index_title = "Trainings, applications and content"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("faq.urls")),
    path("", include("trainings.urls")),
]
