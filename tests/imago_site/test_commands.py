import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from faq.models import Question
from trainings.models import Track

pytestmark = pytest.mark.django_db


def test_load_demo_is_idempotent():
    call_command("load_demo")
    counts = (Track.objects.count(), Question.objects.count())
    call_command("load_demo")

    assert (Track.objects.count(), Question.objects.count()) == counts
    assert counts[0] == 3
    assert set(Track.objects.values_list("slug", flat=True)) == {
        "clinical",
        "professional-facilitator",
        "online-first-module",
    }


def test_local_staff_account_is_refused_when_debug_is_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DJANGO_DEBUG is off"):
        call_command("create_local_staff")

    assert not get_user_model().objects.exists()


def test_local_staff_account_gets_a_fresh_password_each_time(settings, capsys):
    settings.DEBUG = True

    call_command("create_local_staff")
    first = capsys.readouterr().out
    call_command("create_local_staff")
    second = capsys.readouterr().out

    user = get_user_model().objects.get()
    password = second.rsplit("password '", 1)[1].split("'")[0]
    assert user.is_staff and user.check_password(password)
    assert first != second
