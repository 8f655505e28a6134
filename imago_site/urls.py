from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from imago_site import views
from imago_site.sitemaps import SITEMAPS

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(f"{settings.ADMIN_URL}handbook/", include("imago_site.handbook")),
    path(settings.ADMIN_URL, admin.site.urls),
]
# The public pages, in English at their plain address and in the other languages under
# /es/, /de/ ...
urlpatterns += i18n_patterns(
    path("privacy/", views.privacy_notice, name="privacy"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("", include("faq.urls")),
    path("", include("applicants.urls")),
    path("", include("applicants.certificates.urls")),
    path("", include("trainings.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    # In production the web server or a storage service serves uploads (README, Deploying).
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
