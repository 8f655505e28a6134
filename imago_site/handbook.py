"""The staff handbook (docs/handbook/), shown inside the admin to signed-in staff.

The handbook is written in the repository, next to the code it describes, so that the browser
tests that make its screenshots can also check that every button it names still exists. Its
Markdown is the portal's own text, yet it goes through the same two layers as the FAQ's answers
(raw HTML off, then nh3), with headings and pictures allowed as well.
"""

from functools import lru_cache
from pathlib import Path

import markdown
import nh3
from django.contrib import admin
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import path

HANDBOOK = Path(__file__).resolve().parent.parent / "docs" / "handbook"
IMAGES = HANDBOOK / "images"

TAGS = {"h1", "h2", "h3", "p", "strong", "em", "a", "ul", "ol", "li", "code", "img", "blockquote"}
ATTRIBUTES = {"*": set(), "a": {"href"}, "img": {"src", "alt"}, "h2": {"id"}}


@lru_cache(maxsize=1)
def _rendered(modified):
    converter = markdown.Markdown(extensions=["toc", "sane_lists"], output_format="html")
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    text = converter.convert((HANDBOOK / "README.md").read_text(encoding="utf-8"))
    return nh3.clean(text, tags=TAGS, attributes=ATTRIBUTES, url_schemes={"https", "mailto"})


def rendered_handbook():
    """The handbook as safe HTML; read again when the file changes."""
    return _rendered((HANDBOOK / "README.md").stat().st_mtime_ns)


def _handbook_page(request):
    context = {**admin.site.each_context(request), "handbook": rendered_handbook()}
    return render(request, "admin/handbook/page.html", context)


def _handbook_image(request, name):
    # Only a plain PNG file name of the handbook's own folder: no path reaches elsewhere.
    path = IMAGES / name
    if "/" in name or not name.endswith(".png") or not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), content_type="image/png")


# Through the admin's own gate: the same login and the same second step as every admin page.
handbook_page = admin.site.admin_view(_handbook_page)
handbook_image = admin.site.admin_view(_handbook_image)

urlpatterns = [
    path("", handbook_page, name="handbook"),
    path("images/<str:name>", handbook_image, name="handbook_image"),
]
