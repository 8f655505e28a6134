"""Answers are written in a small, safe part of Markdown and shown as sanitised HTML.

Two layers keep staff-entered text from becoming markup the portal did not intend. Markdown's
raw-HTML support is switched off, so `<script>` or `<img onerror=…>` typed into an answer is
shown as text. Then nh3 keeps only the tags and attributes of that part of Markdown, and links
only to web pages, e-mail addresses and the portal's own pages (paths such as `/trainings/`);
any other link loses its address: `javascript:`, and `//evil.example` too, which a browser
would open on another site.
"""

import html
from functools import lru_cache

import markdown
import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code"}
# "*" lists the attributes every tag may carry: none (nh3 would otherwise keep lang and title).
ALLOWED_ATTRIBUTES = {"*": set(), "a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener"


def _converter():
    # A new converter per text: a Markdown instance keeps state between conversions.
    converter = markdown.Markdown(extensions=["nl2br", "sane_lists"], output_format="html")
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    return converter


def is_allowed_link(address):
    """A web page, an e-mail address, or a path of the portal's own: never a protocol-relative
    address ("//evil.example", or "/\\evil.example", which browsers read alike)."""
    address = address.strip().lower()
    if address.startswith(("http://", "https://", "mailto:")):
        return True
    return address.startswith("/") and not address.startswith(("//", "/\\"))


def keep_allowed_links(tag, attribute, value):
    if tag == "a" and attribute == "href" and not is_allowed_link(value):
        return None
    return value


@lru_cache(maxsize=512)
def render_answer(text):
    """``text`` (Markdown) as HTML that is safe to put on a page as it is."""
    return nh3.clean(
        _converter().convert(text or ""),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=keep_allowed_links,
        link_rel=LINK_REL,
    )


def answer_text(text):
    """``text`` (Markdown) as plain words on one line, for search engines' structured data."""
    words = html.unescape(nh3.clean(render_answer(text), tags=set()))
    return " ".join(words.split())
