"""The admin's front page: the state of the portal at a glance, in panels the apps register.

Each app registers its panels in its ``AppConfig.ready()`` with :func:`register`; the admin's
index (``imago_site.admin_site.StaffAdminSite.index``) shows, above the list of models, the
panels its user has the permission for, in the order they were registered.

The charts the panels draw are laid out here, in the units of a ``viewBox`` 360 wide (a phone's
width, so that the text stays readable when the drawing shrinks to one): the templates
(``admin/dashboard/column_chart.html``, ``admin/dashboard/bar_chart.html``) only place the
shapes and labels computed here. Each chart is hidden from screen readers, as the table after
it gives the same figures.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest

WIDTH = 360
# Fills that keep a 3:1 contrast against the admin's light and dark backgrounds alike.
BLUE = "#2b6cb0"
ORANGE = "#c05621"
# For bars split into more parts, one colour each, in this order.
PALETTE = [BLUE, ORANGE, "#2f855a", "#805ad5", "#b83280", "#718096"]


@dataclass(frozen=True)
class Panel:
    """One panel of the front page. ``permission``: what a user needs to see it, as
    ``"app_label.codename"``; ``template``: renders it, given what ``context(request)``
    returns as ``panel``."""

    name: str
    permission: str
    template: str
    context: Callable[[HttpRequest], dict]


PANELS = {}


def register(panel):
    """Show ``panel`` to the users who have its permission; registering a name again
    replaces that panel."""
    PANELS[panel.name] = panel


def panels_for(request):
    """The panels ``request.user`` may see, as ``{"template": ..., "context": ...}``."""
    return [
        {"template": panel.template, "context": panel.context(request)}
        for panel in PANELS.values()
        if request.user.has_perm(panel.permission)
    ]


@dataclass(frozen=True)
class Column:
    value: int
    lines: tuple[str, ...]
    x: float
    y: float
    width: float
    height: float
    middle: float

    @property
    def value_y(self):
        return round(self.y - 4, 1)


def column_chart(points, height=120):
    """Vertical columns for ``points``, ``(value, label_lines)`` pairs, side by side across
    the width, the tallest ``height`` high. Returns the ``viewBox``, the columns and where
    their value (above) and labels (below) go."""
    slot = WIDTH / max(len(points), 1)
    tallest = max((value for value, _lines in points), default=0) or 1
    base = 18 + height  # room for the tallest column's value above it
    columns = []
    for index, (value, lines) in enumerate(points):
        column_height = round(value / tallest * height, 1)
        columns.append(
            Column(
                value=value,
                lines=tuple(lines),
                x=round(index * slot + slot * 0.15, 1),
                y=round(base - column_height, 1),
                width=round(slot * 0.7, 1),
                height=column_height,
                middle=round(index * slot + slot / 2, 1),
            )
        )
    return {
        "view_box": f"0 0 {WIDTH} {base + 32}",
        "width": WIDTH,
        "base": base,
        "label_y": base + 14,
        "columns": columns,
        "fill": BLUE,
    }


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    fill: str
    # An outlined segment shows room not taken: its outline, not its fill, is seen.
    is_outline: bool = False


@dataclass(frozen=True)
class Bar:
    label: str
    note: str
    y: float
    segments: tuple[Segment, ...]

    @property
    def text_y(self):
        return self.y + 12

    @property
    def bar_y(self):
        return self.y + 17


@dataclass(frozen=True)
class Part:
    """One segment of a bar: ``value`` drawn in ``fill``, or outlined."""

    value: int
    fill: str = BLUE
    is_outline: bool = False


LABEL_CHARACTERS = 34
ROW = 36


def shorten(text, length=LABEL_CHARACTERS):
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


# The legend's keys: a square, then the text at about this many units a character.
KEY_SQUARE = 17
KEY_CHARACTER = 6.6
KEY_GAP = 12
KEY_LINE = 18


def lay_out_legend(legend):
    """Place the ``(text, Part)`` keys of a legend left to right, starting a new line where
    the next would not fit. Returns the keys and the height they take."""
    keys = []
    x, line = 0.0, 0
    for text, part in legend:
        width = KEY_SQUARE + len(str(text)) * KEY_CHARACTER
        if x and x + width > WIDTH:
            x, line = 0.0, line + 1
        y = line * KEY_LINE
        keys.append(
            {
                "text": text,
                "part": part,
                "x": round(x + 1, 1),
                "y": y + 3,
                "text_x": round(x + KEY_SQUARE, 1),
                "text_y": y + 13,
            }
        )
        x += width + KEY_GAP
    return keys, (line + 1) * KEY_LINE + 2 if keys else 0


def bar_chart(rows, legend=()):
    """Horizontal bars, one a row: ``rows`` are ``(label, note, parts)``, the label on the
    left and the note on the right above a bar made of ``parts`` (:class:`Part`), all bars on
    one scale. ``legend``: ``(text, Part)`` pairs shown above the bars."""
    longest = max((sum(part.value for part in parts) for _l, _n, parts in rows), default=0) or 1
    keys, top = lay_out_legend(legend)
    bars = []
    for index, (label, note, parts) in enumerate(rows):
        x = 0.0
        segments = []
        for part in parts:
            width = round(part.value / longest * (WIDTH - 2), 1)
            segments.append(Segment(round(x + 1, 1), width, part.fill, part.is_outline))
            x += width
        bars.append(Bar(shorten(label), note, top + index * ROW, tuple(segments)))
    return {
        "view_box": f"0 0 {WIDTH} {top + len(rows) * ROW + 2}",
        "width": WIDTH,
        "bars": bars,
        "legend": keys,
    }
