import math
import subprocess
import sys
from pathlib import Path

import pytest
from django_countries import countries

from trainings.places import Place, resolve, suggest


def is_near(place, latitude, longitude):
    """Within about 50 km: GeoNames puts a city at its centre, atlases at the city hall."""
    return math.dist((place.latitude, place.longitude), (latitude, longitude)) < 0.5


@pytest.mark.parametrize(
    ("text", "country", "latitude", "longitude"),
    [
        ("Lisbon", "PT", 38.7, -9.1),
        ("lisboa", "PT", 38.7, -9.1),
        ("São Paulo", "BR", -23.5, -46.6),
        ("Sao Paulo", "BR", -23.5, -46.6),
        ("Munich", "DE", 48.1, 11.6),
        ("München", "DE", 48.1, 11.6),
        ("Buenos Aires, Argentina", "AR", -34.6, -58.4),
        ("Johannesburg", "ZA", -26.2, 28.0),
        ("Berlin", "DE", 52.5, 13.4),
        ("New York", "US", 40.7, -74.0),
        ("Wien", "AT", 48.2, 16.4),
        ("Washington, D.C.", "US", 38.9, -77.0),
    ],
)
def test_resolves_a_city_to_its_coordinates(text, country, latitude, longitude):
    place = resolve(text)

    assert place is not None
    assert place.country == country
    assert not place.is_country
    assert is_near(place, latitude, longitude), place


@pytest.mark.parametrize(
    "text", ["São Paulo", "sao paulo", "SAO PAULO", "  São   Paulo ", "Sao-Paulo", "São Paulo!"]
)
def test_case_accents_spaces_and_punctuation_do_not_matter(text):
    assert resolve(text) == resolve("São Paulo")


@pytest.mark.parametrize(
    ("text", "same_as"),
    [
        ("N'Djamena", "Ndjamena"),
        ("Łódź", "Lodz"),
        ("København", "Kobenhavn"),
        ("Zürich", "Zurich"),
    ],
)
def test_letters_and_marks_without_a_plain_form_are_matched_as_typed_on_any_keyboard(text, same_as):
    assert resolve(text) is not None
    assert resolve(text) == resolve(same_as)


@pytest.mark.parametrize(
    ("other_name", "city"),
    [("Lisboa", "Lisbon"), ("München", "Munich"), ("Wien", "Vienna"), ("Москва", "Moscow")],
)
def test_a_city_is_found_by_its_names_in_other_languages(other_name, city):
    assert resolve(other_name) == resolve(city)


def test_the_most_populous_city_of_a_name_wins():
    assert resolve("Paris").country == "FR"  # not Paris, Texas
    assert resolve("Córdoba").country == "AR"  # not Córdoba, Spain


def test_a_citys_own_name_beats_another_citys_name_in_some_language():
    # GeoNames also lists "Porto" among the names of Bordeaux, a larger city.
    assert resolve("Porto").country == "PT"


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Paris, US", "US"),
        ("Paris, USA", "US"),
        ("Paris, United States", "US"),
        ("Córdoba, Argentina", "AR"),
        ("Córdoba, Spain", "ES"),
        ("cordoba, ESP", "ES"),
        ("London, CA", "CA"),
        ("Springfield, Illinois, US", "US"),
    ],
)
def test_a_country_after_a_comma_picks_the_city_in_that_country(text, country):
    place = resolve(text)

    assert place is not None
    assert place.country == country
    assert place.name == resolve(text.partition(",")[0]).name


def test_a_city_is_not_found_in_a_country_it_is_not_in():
    assert resolve("Lisbon, Spain") is None


@pytest.mark.parametrize(
    ("text", "country", "capital"),
    [
        ("Germany", "DE", "Berlin"),
        ("germany", "DE", "Berlin"),
        ("DE", "DE", "Berlin"),
        ("DEU", "DE", "Berlin"),
        ("Deutschland", "DE", "Berlin"),
        ("Portugal", "PT", "Lisbon"),
        ("USA", "US", "Washington"),
        ("United States", "US", "Washington"),
        ("United States of America", "US", "Washington"),
        ("UK", "GB", "London"),
        ("España", "ES", "Madrid"),
        ("Brasil", "BR", "Brasília"),
        ("South Africa", "ZA", "Pretoria"),
        ("Türkiye", "TR", "Ankara"),
        ("Turkey", "TR", "Ankara"),
    ],
)
def test_a_country_resolves_to_itself_at_its_capital(text, country, capital):
    place = resolve(text)

    assert place is not None
    assert place.is_country
    assert place.country == country
    capital_city = resolve(f"{capital}, {country}")
    assert (place.latitude, place.longitude) == (capital_city.latitude, capital_city.longitude)


def test_a_country_without_a_listed_capital_sits_at_its_largest_city():
    # GeoNames names no capital for the Caribbean Netherlands.
    place = resolve("Bonaire, Sint Eustatius and Saba")

    assert place.is_country
    assert place.country == "BQ"


def test_a_country_beats_a_city_of_the_same_name():
    assert resolve("Mexico").is_country
    assert not resolve("Mexico City").is_country


def test_labels_name_the_country_as_the_rest_of_the_site_does():
    assert resolve("Lisbon").label == "Lisbon, Portugal"
    assert resolve("Portugal").label == "Portugal"
    assert resolve("USA").label == countries.name("US")
    assert resolve("Paris, US").label == f"Paris, {countries.name('US')}"


@pytest.mark.parametrize("text", ["Paris, US", "Córdoba, Spain", "München", "USA", "Wien"])
def test_a_label_resolves_back_to_the_same_place(text):
    place = resolve(text)

    assert resolve(place.label) == place


def test_a_place_is_a_plain_value():
    place = resolve("Lisbon")

    assert place == Place(
        "Lisbon", "PT", place.latitude, place.longitude, is_country=False, time_zone="Europe/Lisbon"
    )
    assert hash(place) == hash(resolve("lisboa"))
    with pytest.raises(AttributeError):
        place.name = "Porto"


@pytest.mark.parametrize("text", ["Gotham City", "xyzzy", "Lisbon Lisbon", "12345"])
def test_unknown_text_resolves_to_nothing(text):
    assert resolve(text) is None


@pytest.mark.parametrize("text", ["", "   ", ",", "Lisbon" + " " * 200])
def test_empty_or_overlong_text_resolves_to_nothing(text):
    assert resolve(text) is None
    assert suggest(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\x00",
        "Lis\x00bon",
        "'; DROP TABLE x;--",
        "<script>alert(1)</script>",
        "%s%s%n",
        "a" * 500,
        "مدينة غير معروفة",  # Arabic, "an unknown city"
        "עיר לא ידועה",  # Hebrew, the same
        "\u202elisbon",  # right-to-left override
        "\ud800",  # a lone surrogate, which no encoder accepts
        "🏙️🌍",
        ",,,",
        ", Portugal",
        "Lisbon,",
        None,  # a missing query parameter
    ],
)
def test_odd_input_never_raises(text):
    assert resolve(text) is None or isinstance(resolve(text), Place)
    assert all(isinstance(place, Place) for place in suggest(text))


@pytest.mark.parametrize(
    ("misspelling", "intended"),
    [
        ("Lisbn", "Lisbon"),
        ("Berlim", "Berlin"),
        ("Johanesburg", "Johannesburg"),
        ("Sao Palo", "São Paulo"),
        ("Bueno Aires", "Buenos Aires"),
        ("Germny", "Germany"),
        ("Deutchland", "Germany"),
    ],
)
def test_suggestions_for_a_misspelling_put_the_intended_place_first(misspelling, intended):
    assert suggest(misspelling)[0] == resolve(intended)


def test_suggestions_after_a_comma_stay_in_that_country():
    suggestions = suggest("Cordova, Spain")

    assert suggestions[0] == resolve("Córdoba, Spain")
    assert {place.country for place in suggestions} == {"ES"}


def test_there_are_no_suggestions_when_nothing_is_close():
    assert suggest("xyzzyqwv") == []


def test_suggestions_are_distinct_and_at_most_limit():
    assert len(suggest("Pariss", limit=2)) <= 2
    assert suggest("Pariss", limit=0) == []
    suggestions = suggest("San", limit=50)
    assert len(suggestions) == len(set(suggestions))


def test_importing_the_module_builds_no_lookup_tables_yet():
    code = "import trainings.places as p; print(p._index.cache_info().currsize)"
    root = Path(__file__).resolve().parents[2]

    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )

    assert result.stdout.strip() == "0"
