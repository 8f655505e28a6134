"""What a pathway costs on the way to certification, estimated from the trainings published now.

A pathway is a track and the tracks it opens, in order: the online first module, then the
Clinical Track. For each currency in which a step has a published training that has not ended,
:func:`cost_by_currency` takes the training of each step that costs least in that currency, in
all (its price today and the supervision and certification costs it lists on top), and adds
them up. Travel, lodging and meals are left out: they depend on where each trainee lives.

:func:`cost_by_currency` is a pure function of plain values, tested with a table of cases;
:func:`pathway_costs` reads the database for it, in a fixed number of queries.
"""

import dataclasses
from decimal import Decimal

from trainings.models import Track, Training


@dataclasses.dataclass(frozen=True)
class Offer:
    """One training as an option for its step: its price today, its deposit, and the costs
    on top that certification needs (``unpriced``: how many of those give no estimate)."""

    track_id: int
    currency: str
    price: Decimal
    deposit: Decimal = Decimal(0)
    supervision: Decimal = Decimal(0)
    certification: Decimal = Decimal(0)
    unpriced: int = 0

    @property
    def cost(self):
        return self.price + self.supervision + self.certification


@dataclasses.dataclass(frozen=True)
class StepCost:
    """One step of a pathway in one currency: its cheapest offer in all (None when the step
    has no training in that currency now), whether other trainings have a higher tuition
    (``price_varies``), and whether they cost more in all (``cost_varies``)."""

    track: Track
    offer: Offer | None
    price_varies: bool = False
    cost_varies: bool = False


@dataclasses.dataclass(frozen=True)
class PathwayCost:
    """A pathway's cost in one currency. ``total`` is None when a step has no training in the
    currency; ``is_lowest`` says that other choices of trainings would cost more."""

    currency: str
    steps: list[StepCost]

    @property
    def is_complete(self):
        return all(step.offer for step in self.steps)

    def _sum(self, name):
        return sum((getattr(step.offer, name) for step in self.steps if step.offer), Decimal(0))

    @property
    def supervision(self):
        return self._sum("supervision")

    @property
    def certification(self):
        return self._sum("certification")

    @property
    def has_unpriced(self):
        return self._sum("unpriced") > 0

    @property
    def total(self):
        return self._sum("cost") if self.is_complete else None

    @property
    def is_lowest(self):
        return any(step.cost_varies for step in self.steps)


def cost_by_currency(steps, offers):
    """The cost of the pathway ``steps`` (tracks, in order) in each currency of ``offers``
    (the trainings of those steps, as :class:`Offer`), by currency code.

    Each step counts its cheapest offer in the currency, whole cost first (price and costs on
    top), then price; a step without one leaves the currency's total open.
    """
    step_ids = {step.pk for step in steps}
    offers = [offer for offer in offers if offer.track_id in step_ids]
    costs = []
    for currency in sorted({offer.currency for offer in offers}):
        in_currency = [offer for offer in offers if offer.currency == currency]
        costs.append(PathwayCost(currency, [step_cost(step, in_currency) for step in steps]))
    return costs


def step_cost(step, offers):
    options = [offer for offer in offers if offer.track_id == step.pk]
    if not options:
        return StepCost(step, None)
    cheapest = min(options, key=lambda offer: (offer.cost, offer.price))
    lowest_price = min(offer.price for offer in options)
    return StepCost(
        step,
        cheapest,
        # "From" the cheapest's price only when no other training's tuition is lower (one
        # with more to pay on top may have a lower tuition and still cost more in all).
        price_varies=cheapest.price == lowest_price
        and any(offer.price != lowest_price for offer in options),
        cost_varies=any(offer.cost != cheapest.cost for offer in options),
    )


def pathway_steps(track):
    """``track``, the track it opens, the one that opens, and so on: the steps to
    certification in order. One query, however long the chain."""
    tracks = {other.pk: other for other in Track.objects.all()}
    steps = [track]
    while (following := tracks.get(steps[-1].opens_id)) and following not in steps:
        steps.append(following)
    return steps


def pathway_costs(track):
    """The steps from ``track`` to certification and their cost in each currency, from the
    published trainings that have not ended."""
    steps = pathway_steps(track)
    trainings = (
        Training.objects.published()
        .not_ended()
        .filter(track__in=steps)
        .with_certification_costs()
        .only(
            "track",
            "currency",
            "fee",
            "early_bird_fee",
            "early_bird_deadline",
            "deposit",
            "time_zone",
        )
    )
    offers = []
    for training in trainings:
        price = training.current_fee
        offers.append(
            Offer(
                track_id=training.track_id,
                currency=training.currency,
                price=price,
                deposit=min(training.deposit, price),
                supervision=training.supervision_on_top,
                certification=training.certification_on_top,
                unpriced=training.unpriced_on_top,
            )
        )
    return steps, cost_by_currency(steps, offers)
