from django.conf import settings
from django.urls import translate_url
from django.utils import translation


def institute(request):
    """Facts about the institute that the site's header and footer show on every page."""
    return {"institute_email": settings.INSTITUTE_EMAIL}


def languages(request):
    """The current page in every language of the portal: for the language switcher and the
    hreflang links that tell search engines about the translations."""
    current = translation.get_language()
    # A path that starts with two slashes ("//evil.example/trainings/", a 404) would read as
    # another site's address: the links keep one, so they never leave the portal.
    path = "/" + request.get_full_path().lstrip("/")
    return {
        "page_in_languages": [
            {
                "code": code,
                "name": translation.get_language_info(code)["name_local"],
                "url": translate_url(path, code),
                "is_current": code == current,
            }
            for code, _name in settings.LANGUAGES
        ]
    }
