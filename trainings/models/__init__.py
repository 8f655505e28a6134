from trainings.interest.models import InterestNotification, InterestSubscription
from trainings.models.choices import Format
from trainings.models.tracks import DocumentRequirement, Track
from trainings.models.trainers import Trainer
from trainings.models.trainings import Module, Training

__all__ = [
    "DocumentRequirement",
    "Format",
    "InterestNotification",
    "InterestSubscription",
    "Module",
    "Track",
    "Trainer",
    "Training",
]
