"""A pathway's cost to certification: the rule as a table of cases, then from the database and
on the track page."""

import re
from decimal import Decimal

import pytest

from tests.factories import CostFactory, TrackFactory, TrainingFactory, days_from_today
from trainings.models import Cost, Track, Training
from trainings.pathway import Offer, cost_by_currency, pathway_costs, pathway_steps

ONLINE = Track(pk=1, name="Online first module")
CLINICAL = Track(pk=2, name="Clinical Track")
OTHER = Track(pk=3, name="Another track")


def offer(track, currency, price, **fields):
    return Offer(track.pk, currency, Decimal(price), **fields)


def summary(costs):
    """Each currency's total, whether it is a lowest, and each step's price as shown."""
    return {
        cost.currency: (
            cost.total,
            cost.is_lowest,
            [
                None if step.offer is None else (step.offer.price, step.price_varies)
                for step in cost.steps
            ],
        )
        for cost in costs
    }


@pytest.mark.parametrize(
    ("steps", "offers", "expected"),
    [
        pytest.param(
            [CLINICAL],
            [offer(CLINICAL, "EUR", 4400)],
            {"EUR": (4400, False, [(4400, False)])},
            id="one-training",
        ),
        pytest.param(
            [CLINICAL],
            [offer(CLINICAL, "EUR", 4900), offer(CLINICAL, "EUR", 4400)],
            {"EUR": (4400, True, [(4400, True)])},
            id="the-lowest-price-from",
        ),
        pytest.param(
            [CLINICAL],
            [offer(CLINICAL, "EUR", 4400), offer(CLINICAL, "EUR", 4400)],
            {"EUR": (4400, False, [(4400, False)])},
            id="same-price-twice-is-no-range",
        ),
        pytest.param(
            [ONLINE, CLINICAL],
            [offer(ONLINE, "EUR", 750), offer(CLINICAL, "EUR", 4400)],
            {"EUR": (5150, False, [(750, False), (4400, False)])},
            id="steps-add-up",
        ),
        pytest.param(
            [CLINICAL],
            [offer(CLINICAL, "EUR", 4400, supervision=Decimal(1200), certification=Decimal(400))],
            {"EUR": (6000, False, [(4400, False)])},
            id="supervision-and-certification-on-top",
        ),
        pytest.param(
            [CLINICAL],
            [
                offer(CLINICAL, "EUR", 4400, supervision=Decimal(1500)),
                offer(CLINICAL, "EUR", 4600, supervision=Decimal(0)),
            ],
            # The lower tuition costs more in all: the cheaper way is shown, not as "from".
            {"EUR": (4600, True, [(4600, False)])},
            id="cheapest-in-all-not-lowest-tuition",
        ),
        pytest.param(
            [ONLINE, CLINICAL],
            [
                offer(ONLINE, "EUR", 750),
                offer(CLINICAL, "EUR", 4400),
                offer(ONLINE, "KES", 95000),
                offer(CLINICAL, "USD", 5600),
            ],
            {
                "EUR": (5150, False, [(750, False), (4400, False)]),
                "KES": (None, False, [(95000, False), None]),
                "USD": (None, False, [None, (5600, False)]),
            },
            id="a-step-missing-in-a-currency-leaves-its-total-open",
        ),
        pytest.param(
            [CLINICAL],
            [offer(CLINICAL, "EUR", 4400), offer(OTHER, "EUR", 10), offer(OTHER, "CHF", 10)],
            {"EUR": (4400, False, [(4400, False)])},
            id="other-tracks-ignored",
        ),
        pytest.param([CLINICAL], [], {}, id="nothing-published"),
    ],
)
def test_cost_by_currency(steps, offers, expected):
    assert summary(cost_by_currency(steps, offers)) == expected


def test_the_estimates_on_top_are_summed_over_the_steps():
    [cost] = cost_by_currency(
        [ONLINE, CLINICAL],
        [
            offer(ONLINE, "EUR", 750, certification=Decimal(50)),
            offer(CLINICAL, "EUR", 4400, supervision=Decimal(1200), certification=Decimal(400)),
        ],
    )

    assert (cost.supervision, cost.certification, cost.total) == (1200, 450, 6800)
    assert not cost.has_unpriced


def test_a_cost_on_top_without_estimate_is_flagged():
    [cost] = cost_by_currency([CLINICAL], [offer(CLINICAL, "EUR", 4400, unpriced=1)])

    assert cost.has_unpriced


@pytest.mark.django_db
def test_the_steps_follow_the_tracks_each_opens():
    clinical = TrackFactory(clinical=True)
    online = TrackFactory(slug="online", opens=clinical)
    looping = TrackFactory(slug="a")
    other = TrackFactory(slug="b", opens=looping)
    Track.objects.filter(pk=looping.pk).update(opens=other)

    assert pathway_steps(online) == [online, clinical]
    assert pathway_steps(clinical) == [clinical]
    assert pathway_steps(Track.objects.get(pk=looping.pk)) == [looping, other]


@pytest.mark.django_db
def test_pathway_costs_count_published_trainings_not_ended_at_todays_price():
    clinical = TrackFactory(clinical=True)
    online = TrackFactory(slug="online", opens=clinical)
    TrainingFactory(
        track=online, fee=850, early_bird_fee=750, early_bird_deadline=days_from_today(5)
    )
    berlin = TrainingFactory(track=clinical, fee=4900, deposit=900)
    CostFactory(training=berlin, kind=Cost.Kind.SUPERVISION, estimate=1200)
    CostFactory(training=berlin, kind=Cost.Kind.SUPERVISION, estimate=300)
    CostFactory(training=berlin, kind=Cost.Kind.CERTIFICATION, estimate=400)
    CostFactory(training=berlin, kind=Cost.Kind.SUPERVISION, is_included=True, estimate=999)
    CostFactory(training=berlin, kind=Cost.Kind.LODGING, estimate=2000)
    # Not counted: a draft, a cancelled and an ended training, all cheaper.
    TrainingFactory(track=clinical, fee=100, status=Training.Status.DRAFT)
    TrainingFactory(track=clinical, fee=100, status=Training.Status.CANCELLED)
    TrainingFactory(
        track=clinical,
        fee=100,
        starts_in=-30,
        applications_open=days_from_today(-90),
        applications_close=days_from_today(-31),
    )

    steps, [eur] = pathway_costs(online)

    assert steps == [online, clinical]
    assert eur.currency == "EUR"
    assert [step.offer.price for step in eur.steps] == [750, 4900]
    assert eur.steps[1].offer.deposit == 900
    assert (eur.supervision, eur.certification, eur.total) == (1500, 400, 750 + 4900 + 1900)


def pathway_section(html):
    start = html.index('<section aria-labelledby="pathway-cost-title"')
    return re.sub(
        r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", html[start : html.index("</section>", start)])
    )


@pytest.mark.django_db
def test_the_track_page_shows_the_pathways_cost_per_currency(client):
    clinical = TrackFactory(clinical=True)
    online = TrackFactory(slug="online", name="Online first module", opens=clinical)
    TrainingFactory(track=online, fee=850, online=True)
    TrainingFactory(track=online, fee=950, currency="USD", online=True)
    berlin = TrainingFactory(track=clinical, fee=4900, deposit=900)
    CostFactory(training=berlin, kind=Cost.Kind.SUPERVISION, estimate=1200)
    CostFactory(training=TrainingFactory(track=clinical, fee=5200), estimate=1500)

    online_page = pathway_section(client.get("/tracks/online/").content.decode())
    clinical_page = pathway_section(client.get("/tracks/clinical/").content.decode())

    assert "The steps to certification: Online first module Clinical Track" in online_page
    assert "An estimate from the trainings published now" in online_page
    assert (
        "Paid in EUR Tuition: Online first module EUR\u00a0850 "
        "Tuition: Clinical Track from EUR\u00a04,900 deposit EUR\u00a0900 "
        "Supervision on top (estimate) EUR\u00a01,200 In all from EUR\u00a06,950"
    ) in online_page
    assert (
        "Paid in USD Tuition: Online first module USD\u00a0950 "
        "Tuition: Clinical Track no training now "
        "In all not every step is offered in this currency now"
    ) in online_page
    assert "Paid in EUR Tuition: Clinical Track from EUR\u00a04,900" in clinical_page
    assert "Paid in USD" not in clinical_page
    assert "You can also start with Online first module" in clinical_page


@pytest.mark.django_db
def test_a_track_without_published_trainings_shows_no_estimate(client):
    TrackFactory(clinical=True)
    TrainingFactory(status=Training.Status.DRAFT, fee=100)

    html = client.get("/tracks/clinical/").content.decode()

    assert "pathway-cost-title" not in html


@pytest.mark.django_db
def test_the_track_page_queries_do_not_grow_with_the_trainings(count_queries):
    clinical = TrackFactory(clinical=True)
    TrackFactory(slug="online", opens=clinical)
    CostFactory(training=TrainingFactory(track=clinical))
    few = count_queries("/tracks/online/")
    for currency in ["EUR", "USD", "ZAR", "KES"]:
        for _ in range(3):
            training = TrainingFactory(track=clinical, currency=currency)
            CostFactory(training=training)
            CostFactory(training=training, kind=Cost.Kind.CERTIFICATION)

    assert count_queries("/tracks/online/") == few
