"""What a first visit costs a slow phone: few requests, few bytes, nothing from elsewhere, and
static files that are compressed and cached for a year."""

import gzip
import re

import pytest

from tests.factories import TrainingFactory

pytestmark = pytest.mark.django_db
ONE_YEAR = 365 * 24 * 60 * 60
# What the page loads itself: stylesheets, scripts, images and icons.
ASSET = re.compile(
    r'<(?:link[^>]+rel="(?:stylesheet|icon|preload|modulepreload)"[^>]*href'
    r'|script[^>]+src|img[^>]+src)="([^"]+)"'
)


def assets_of(html):
    return sorted(set(ASSET.findall(html)))


@pytest.fixture
def catalogue_html(client):
    TrainingFactory.create_batch(12)
    response = client.get("/trainings/", headers={"accept-encoding": "gzip, br"})
    assert response.status_code == 200
    return response.content


def test_first_catalogue_visit_is_small_and_served_from_the_portal_alone(client, catalogue_html):
    assets = assets_of(catalogue_html.decode())
    assert assets, "the page loads no stylesheet: the pattern above is out of date"
    assert all(url.startswith("/static/") for url in assets), assets

    sizes = [len(gzip.compress(catalogue_html))]
    for url in assets:
        response = client.get(url, headers={"accept-encoding": "br, gzip"})
        assert response.status_code == 200, url
        sizes.append(len(b"".join(response.streaming_content)))

    assert len(sizes) <= 10
    assert sum(sizes) <= 100 * 1024, dict(zip(["page", *assets], sizes, strict=True))


def test_static_files_are_hashed_compressed_and_cached_for_a_year(client, catalogue_html):
    for url in assets_of(catalogue_html.decode()):
        assert re.search(r"\.[0-9a-f]{12}\.\w+$", url), f"{url} has no content hash"
        if not url.endswith((".css", ".js", ".svg")):
            continue
        brotli = client.get(url, headers={"accept-encoding": "br, gzip"})
        gzipped = client.get(url, headers={"accept-encoding": "gzip"})

        assert brotli["Content-Encoding"] == "br", url
        assert gzipped["Content-Encoding"] == "gzip", url
        directives = {d.strip() for d in brotli["Cache-Control"].split(",")}
        assert {f"max-age={ONE_YEAR}", "public", "immutable"} <= directives, directives
        assert "Accept-Encoding" in brotli["Vary"]
