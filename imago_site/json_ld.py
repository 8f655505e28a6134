"""schema.org data for search engines, written into pages as JSON-LD."""

import json

from django.utils.html import format_html
from django.utils.safestring import mark_safe

# The characters that could end the script element or start markup, escaped as JSON allows.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld_script(data):
    """``data`` in a JSON-LD script element: a data block the browser never runs, so the
    Content Security Policy allows it, and no text in it can close the element."""
    text = json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
