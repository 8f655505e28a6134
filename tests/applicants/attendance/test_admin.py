import pytest
from django.urls import reverse

from applicants.attendance.taking import record_attendance
from applicants.models import Application, Attendance
from tests.applicants.attendance.conftest import modules, trainees
from tests.factories import ApplicationFactory, TrainerFactory, TrainingFactory

pytestmark = pytest.mark.django_db
Status = Attendance.Status


def other_training_with_attendance():
    other = TrainingFactory(title="Clinical Madrid")
    other.trainers.add(TrainerFactory())
    carla = ApplicationFactory(
        training=other, name="Carla Private", status=Application.Status.ACCEPTED
    )
    record_attendance(other.modules.get(), [(carla, Status.ABSENT, 0)], None)
    return other


def test_the_application_page_shows_its_attendance_read_only(staff_client, cohort):
    first = modules(cohort)[0]
    ana, _ben = trainees(cohort)
    record_attendance(first, [(ana, Status.PARTIAL, 5)], None)

    html = staff_client.get(reverse("admin:applicants_application_change", args=[ana.pk])).text

    assert "Present in part" in html
    assert 'name="attendances-0-status"' not in html


def test_staff_filter_the_attendance_by_training_and_module(staff_client, cohort):
    first, second = modules(cohort)
    ana, ben = trainees(cohort)
    record_attendance(first, [(ana, Status.PRESENT, 0)], None)
    record_attendance(second, [(ben, Status.ABSENT, 0)], None)
    other_training_with_attendance()
    url = reverse("admin:applicants_attendance_changelist")

    everything = staff_client.get(url).text
    berlin = staff_client.get(url, {"module__training__id__exact": cohort.pk}).text
    second_only = staff_client.get(
        url, {"module__training__id__exact": cohort.pk, "module": second.pk}
    ).text

    assert "Carla Private" in everything
    assert "Carla Private" not in berlin
    assert "Ana Ruiz" in berlin
    assert "Ben Weber" in berlin
    assert "Ben Weber" in second_only
    assert "Ana Ruiz" not in second_only


def test_a_trainer_sees_the_attendance_of_their_trainings_only(client, trainer, cohort):
    ana, _ben = trainees(cohort)
    record_attendance(modules(cohort)[0], [(ana, Status.PRESENT, 0)], None)
    other_training_with_attendance()

    html = client.get(reverse("admin:applicants_attendance_changelist")).text

    assert "Ana Ruiz" in html
    assert "Carla Private" not in html
    assert "Clinical Madrid" not in html


def test_nobody_changes_attendance_in_the_admin(staff_client, cohort):
    ana, _ben = trainees(cohort)
    record_attendance(modules(cohort)[0], [(ana, Status.PRESENT, 0)], None)
    attendance = Attendance.objects.get()
    url = reverse("admin:applicants_attendance_change", args=[attendance.pk])

    staff_client.post(url, {"status": "absent", "hours": "0"})

    attendance.refresh_from_db()
    assert attendance.status == Status.PRESENT
