from django.conf import settings
from django.db import Error, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers a query, 503 otherwise: for load balancers and monitors."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Error:  # OperationalError when the server is gone, InterfaceError if closed
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def privacy_notice(request):
    return render(
        request,
        "privacy.html",
        {
            "version": settings.PRIVACY_NOTICE_VERSION,
            "declined_days": settings.RETENTION_DECLINED_DAYS,
            "close_after_end_days": settings.APPLICATION_CLOSE_AFTER_END_DAYS,
            "withdrawn_days": settings.RETENTION_WITHDRAWN_DAYS,
            "draft_days": settings.APPLICATION_DRAFT_DAYS,
            "contact_days": settings.RETENTION_CONTACT_DAYS,
            "unconfirmed_days": settings.INTEREST_CONFIRM_DAYS,
            "unsubscribed_days": settings.RETENTION_UNSUBSCRIBED_DAYS,
            "trainee_years": settings.RETENTION_TRAINEE_YEARS,
        },
    )


@require_GET
def robots_txt(request):
    """Crawling rules: everything public, not the admin nor an applicant's private pages."""
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    return render(request, "robots.txt", {"sitemap_url": sitemap_url}, content_type="text/plain")


def accessibility_statement(request):
    return render(request, "accessibility.html")
