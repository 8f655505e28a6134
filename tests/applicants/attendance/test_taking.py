from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from applicants.models import Application, Attendance, Certificate
from tests.applicants.attendance.conftest import modules, rows, trainees
from tests.factories import ApplicationFactory, TrainerFactory, TrainingFactory

pytestmark = pytest.mark.django_db
Status = Attendance.Status


def page(module):
    return reverse("applicants:attendance", args=[module.pk])


def test_a_trainer_takes_attendance_for_a_module_of_their_training(client, trainer, cohort):
    first = modules(cohort)[0]
    ana, ben = trainees(cohort)

    shown = client.get(page(first))
    response = client.post(page(first), rows(cohort, ana="present", ben=("partial", "7.5")))

    assert "Ana Ruiz" in shown.text
    assert "Ben Weber" in shown.text
    assert "Zoe Under Review" not in shown.text
    assert shown.text.index("Ana Ruiz") < shown.text.index("Ben Weber")
    assert response.status_code == 302
    saved = {a.application_id: a for a in Attendance.objects.filter(module=first)}
    assert saved[ana.pk].status == Status.PRESENT
    assert saved[ana.pk].hours == 0
    assert saved[ben.pk].status == Status.PARTIAL
    assert saved[ben.pk].hours == Decimal("7.5")
    assert {a.recorded_by for a in saved.values()} == {trainer}
    again = client.get(response.url)
    assert "Attendance saved." in again.text
    assert f'id="id_trainee-{ben.pk}-hours" value="7.5"' in again.text
    assert f'value="present" class="btn-check" id="id_trainee-{ana.pk}-status_0" checked' in (
        again.text
    )


def test_saving_again_changes_the_rows_and_leaves_the_untouched(client, trainer, cohort):
    first = modules(cohort)[0]
    ana, ben = trainees(cohort)
    client.post(page(first), rows(cohort, ana="present", ben="absent"))

    client.post(page(first), rows(cohort, ana=("partial", "4")))

    saved = {a.application_id: a for a in Attendance.objects.filter(module=first)}
    assert (saved[ana.pk].status, saved[ana.pk].hours) == (Status.PARTIAL, 4)
    assert saved[ben.pk].status == Status.ABSENT
    assert Attendance.objects.count() == 2


def test_a_trainer_cannot_take_attendance_in_a_training_they_do_not_teach(client, trainer):
    other = TrainingFactory(title="Clinical Madrid")
    other.trainers.add(TrainerFactory(name="Someone Else"))
    trainee = ApplicationFactory(
        training=other, name="Carla Private", status=Application.Status.ACCEPTED
    )
    module = other.modules.get()

    shown = client.get(page(module))
    posted = client.post(page(module), {f"trainee-{trainee.pk}-status": "absent"})
    listing = client.get(reverse("applicants:attendance_list"))

    assert shown.status_code == 403
    assert "Carla Private" not in shown.text
    assert posted.status_code == 403
    assert not Attendance.objects.exists()
    assert "Clinical Berlin" in listing.text
    assert "Clinical Madrid" not in listing.text


def test_staff_who_change_trainings_take_attendance_everywhere(client, cohort):
    other = TrainingFactory(title="Clinical Madrid")
    staff = get_user_model().objects.create_superuser("boss", "boss@imago.example", "pw")
    client.force_login(staff)

    listing = client.get(reverse("applicants:attendance_list"))
    shown = client.get(page(modules(cohort)[1]))

    assert "Clinical Berlin" in listing.text
    assert "Clinical Madrid" in listing.text
    assert reverse("applicants:attendance", args=[other.modules.get().pk]) in listing.text
    assert "Ben Weber" in shown.text


def test_staff_without_the_permission_and_visitors_are_kept_out(client, cohort):
    module = modules(cohort)[0]
    anonymous = client.get(page(module))
    clerk = get_user_model().objects.create_user("clerk", password="pw", is_staff=True)
    client.force_login(clerk)

    assert anonymous.status_code == 302
    assert anonymous.url.startswith(reverse("admin:login"))
    assert client.get(page(module)).status_code == 403
    assert client.get(reverse("applicants:attendance_list")).status_code == 403


def test_the_list_puts_the_soonest_first_and_marks_today(client, trainer, cohort):
    running = TrainingFactory(title="Running now", starts_in=-1, modules=1)
    running.trainers.add(trainer.trainer)

    html = client.get(reverse("applicants:attendance_list")).text

    assert html.index("Running now") < html.index("Clinical Berlin")
    assert html.count("module-today") == 1
    assert "(today)" in html


def test_too_many_hours_or_none_in_part_are_refused_beside_the_row(client, trainer, cohort):
    first = modules(cohort)[0]
    ana, ben = trainees(cohort)

    response = client.post(page(first), rows(cohort, ana=("partial", "20"), ben="partial"))

    html = response.text
    assert response.status_code == 200
    assert not Attendance.objects.exists()
    assert "Nothing is saved yet: correct the 2 trainees marked below" in html
    ana_row = html[html.index("Ana Ruiz") : html.index("Ben Weber")]
    ben_row = html[html.index("Ben Weber") : html.index('type="submit"')]
    assert "At most the module&#x27;s 12 hours." in ana_row
    assert f'id="id_trainee-{ana.pk}-hours" value="20"' in ana_row
    assert f'id="id_trainee-{ana.pk}-status_1" checked' in ana_row
    assert "Write the hours attended, present in part." in ben_row
    assert f'aria-describedby="id_trainee-{ben.pk}-hours_help id_trainee-{ben.pk}-hours_error"' in (
        ben_row
    )


def test_one_wrong_row_saves_none_of_the_others(client, trainer, cohort):
    first = modules(cohort)[0]

    response = client.post(page(first), rows(cohort, ana="present", ben=("partial", "abc")))

    assert response.status_code == 200
    assert "Nothing is saved yet" in response.text
    assert not Attendance.objects.exists()


def test_attending_the_last_required_module_issues_the_certificate(client, trainer, cohort):
    first, second = modules(cohort)
    ana, _ben = trainees(cohort)
    client.post(page(first), rows(cohort, ana="present", ben="present"))
    assert not Certificate.objects.exists()

    response = client.post(page(second), rows(cohort, ana="present", ben="absent"), follow=True)

    certificate = Certificate.objects.get()
    assert certificate.application == ana
    assert certificate.hours == 24
    assert certificate.issued_by == trainer
    assert "1 trainee has completed the training: their certificate is issued." in (response.text)


def test_a_missed_required_module_issues_no_certificate(client, trainer, cohort):
    # Half the hours would do; the first module, missed, is required.
    cohort.track.certificate_share = 50
    cohort.track.save()
    first, second = modules(cohort)
    client.post(page(first), rows(cohort, ana="absent"))

    response = client.post(page(second), rows(cohort, ana="present"), follow=True)

    assert not Certificate.objects.exists()
    assert "certificate" not in response.text.split("Attendance saved.")[1].split("</div>")[0]


def test_an_optional_module_missed_still_lets_the_hours_decide(client, trainer, cohort):
    cohort.track.certificate_share = 50
    cohort.track.save()
    first, second = modules(cohort)
    cohort.modules.filter(pk=first.pk).update(is_required=False)
    client.post(page(first), rows(cohort, ana="absent"))

    client.post(page(second), rows(cohort, ana="present"))

    assert Certificate.objects.get().hours == 12


@pytest.mark.parametrize(("hours", "issued"), [("6", True), ("5.5", False)])
def test_hours_present_in_part_count_toward_the_certificate(client, trainer, cohort, hours, issued):
    # 12 + 6 of 24 hours is the 75% the track asks; 12 + 5.5 is not.
    first, second = modules(cohort)
    client.post(page(first), rows(cohort, ana="present"))

    client.post(page(second), rows(cohort, ana=("partial", hours)))

    assert Certificate.objects.exists() is issued
    if issued:
        assert Certificate.objects.get().hours == 12 + Decimal(hours)


def test_hours_are_read_in_the_pages_language(client, trainer, cohort):
    first = modules(cohort)[0]
    ana, _ben = trainees(cohort)

    german = f"/de{page(first)}"
    client.post(german, rows(cohort, ana=("partial", "7,5")))

    assert Attendance.objects.get().hours == Decimal("7.5")
    html = client.get(german).text
    assert f'id="id_trainee-{ana.pk}-hours" value="7,5"' in html


def test_the_page_costs_the_same_queries_for_one_trainee_or_many(client, trainer, cohort):
    first = modules(cohort)[0]

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page(first)).status_code == 200
            assert client.get(reverse("applicants:attendance_list")).status_code == 200
        return len(queries.captured_queries)

    few = count()
    for _number in range(5):
        ApplicationFactory(training=cohort, status=Application.Status.ACCEPTED)
        other = TrainingFactory(modules=2)
        other.trainers.add(trainer.trainer)
    client.post(page(first), rows(cohort, ana="present", ben="absent"))

    assert count() == few
    assert escape("Ana Ruiz") in client.get(page(first)).text
