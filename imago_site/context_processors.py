from django.conf import settings


def institute(request):
    """Facts about the institute that the site's header and footer show on every page."""
    return {"institute_email": settings.INSTITUTE_EMAIL}
