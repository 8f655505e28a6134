"""The catalogue's selects write their options in Python, with Django's own markup."""

import re
from html.parser import HTMLParser

from django import forms

from trainings.forms import OptionsInPython

CHOICES = [("", "Any country"), ("AR", "Argentina"), ("CI", "Côte d'Ivoire <CI>")]


class DjangoSelect(forms.Form):
    country = forms.ChoiceField(choices=CHOICES, required=False, help_text="Where you live.")


class PythonSelect(forms.Form):
    country = forms.ChoiceField(
        choices=CHOICES, required=False, help_text="Where you live.", widget=OptionsInPython
    )


def markup(form):
    return re.sub(r">\s+<", "><", str(form["country"]).strip())


class Elements(HTMLParser):
    """The elements and texts of some HTML, each element's attributes in name order."""

    def __init__(self, html):
        super().__init__()
        self.found = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, sorted(attrs)))

    def handle_endtag(self, tag):
        self.found.append(("/" + tag,))

    def handle_data(self, data):
        if data.strip():
            self.found.append(("text", data))


def test_the_options_are_the_same_markup_as_djangos_select():
    for data in [{}, {"country": "CI"}, {"country": "XX"}]:
        ours, djangos = markup(PythonSelect(data)), markup(DjangoSelect(data))
        assert Elements(ours).found == Elements(djangos).found


def test_the_chosen_option_is_selected_and_labels_are_escaped():
    html = markup(PythonSelect({"country": "CI"}))

    assert '<option value="CI" selected>Côte d&#x27;Ivoire &lt;CI&gt;</option>' in html
    assert 'aria-describedby="id_country_helptext"' in html
