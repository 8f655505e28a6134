from trainings.views.catalogue import (
    all_trainings_calendar,
    home,
    track_detail,
    trainer_detail,
    trainer_list,
    training_calendar,
    training_detail,
    training_list,
)
from trainings.views.interest import (
    interest,
    interest_confirm,
    interest_sent,
    interest_unsubscribe,
)

__all__ = [
    "all_trainings_calendar",
    "home",
    "interest",
    "interest_confirm",
    "interest_sent",
    "interest_unsubscribe",
    "track_detail",
    "trainer_detail",
    "trainer_list",
    "training_calendar",
    "training_detail",
    "training_list",
]
