"""Staff accounts in the groups the data migration makes, shared by the tests of the groups
and of the admin log."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

GROUP_NAMES = ["Accounts", "Admissions", "Content editors", "Enquiries", "Faculty", "Reviewers"]


@pytest.fixture
def groups(db):
    """The groups as the data migration made them. A browser test (which empties every table
    when it ends) may have run first: then the migration is run again, backwards and forwards."""
    if Group.objects.filter(name__in=GROUP_NAMES).count() < len(GROUP_NAMES):
        remake_staff_groups()
    return {group.name: group for group in Group.objects.filter(name__in=GROUP_NAMES)}


def remake_staff_groups():
    """Runs the migration that makes the staff groups again: back to zero, which also unapplies
    the migrations of other apps that depend on it (the FAQ's synonyms), then every app forwards."""
    call_command("migrate", "imago_site", "zero", verbosity=0)
    call_command("migrate", verbosity=0)


def member_of(groups, name, client):
    user = get_user_model().objects.create_user(
        name.lower().replace(" ", "_"), password="pw", is_staff=True
    )
    user.groups.add(groups[name])
    client.force_login(user)
    return user


@pytest.fixture
def editor(groups, client):
    return member_of(groups, "Content editors", client)


@pytest.fixture
def admissions_officer(groups, client):
    return member_of(groups, "Admissions", client)


@pytest.fixture
def accountant(groups, client):
    return member_of(groups, "Accounts", client)


@pytest.fixture
def faculty_member(groups, client):
    return member_of(groups, "Faculty", client)


@pytest.fixture
def enquiries_member(groups, client):
    return member_of(groups, "Enquiries", client)
