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

__all__ = [
    "all_trainings_calendar",
    "home",
    "track_detail",
    "trainer_detail",
    "trainer_list",
    "training_calendar",
    "training_detail",
    "training_list",
]
