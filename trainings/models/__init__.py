from trainings.interest.models import InterestNotification, InterestSubscription
from trainings.models.choices import Format
from trainings.models.fees import (
    Cost,
    Due,
    Instalment,
    RefundRule,
    payment_schedule,
    refund_percent,
)
from trainings.models.tracks import (
    CertificationRequirement,
    DocumentRequirement,
    ReviewCriterion,
    Track,
)
from trainings.models.trainers import Trainer
from trainings.models.trainings import Module, Training

__all__ = [
    "CertificationRequirement",
    "Cost",
    "DocumentRequirement",
    "Due",
    "Format",
    "Instalment",
    "InterestNotification",
    "InterestSubscription",
    "Module",
    "RefundRule",
    "ReviewCriterion",
    "Track",
    "Trainer",
    "Training",
    "payment_schedule",
    "refund_percent",
]
