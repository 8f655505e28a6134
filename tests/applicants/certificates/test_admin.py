import io

import pypdf
import pytest

from applicants.certificates import issuing
from applicants.certificates.models import Certificate, Revocation
from tests.applicants.invoices.test_admin import rows, staff_member

pytestmark = pytest.mark.django_db
CERTIFICATES = "/admin/applicants/certificate/"


def act(client, action, certificates, **extra):
    return client.post(
        CERTIFICATES,
        {"action": action, "_selected_action": [c.pk for c in certificates], **extra},
        follow=True,
    )


def row_of(html, certificate):
    return next(row for row in rows(html) if f">{certificate.number}<" in row)


def test_the_list_shows_each_certificate_and_whether_it_holds(staff_client, certified):
    valid = certified(name="Vera Valid")
    revoked = certified(name="Rita Revoked")
    issuing.revoke(revoked, "Issued by mistake")
    replaced = certified(name="Ana Ruis")
    new = issuing.reissue(replaced, "Ana Ruiz", "Misspelt")

    html = staff_client.get(CERTIFICATES).content.decode()

    assert "Vera Valid" in row_of(html, valid)
    assert ">valid<" in row_of(html, valid)
    assert ">revoked<" in row_of(html, revoked)
    assert f'replaced by <a href="{CERTIFICATES}{new.pk}/change/">{new.number}</a>' in row_of(
        html, replaced
    )
    assert f"{CERTIFICATES}{valid.pk}/pdf/" in row_of(html, valid)
    only_valid = staff_client.get(f"{CERTIFICATES}?state=valid").content.decode()
    assert "Vera Valid" in only_valid
    assert "Rita Revoked" not in only_valid


def test_the_list_costs_the_same_queries_for_one_and_many(
    staff_client, certified, django_assert_max_num_queries
):
    issuing.revoke(certified(), "Mistake")
    with django_assert_max_num_queries(50) as one:
        staff_client.get(CERTIFICATES)
    for _ in range(4):
        issuing.reissue(certified(), "Someone Else", "Misspelt")

    with django_assert_max_num_queries(len(one.captured_queries)):
        staff_client.get(CERTIFICATES)


def test_a_certificate_is_read_only_and_shows_why_it_was_revoked(staff_client, certified):
    certificate = certified(name="Ana Ruiz")
    issuing.revoke(certificate, "Attendance forged")
    url = f"{CERTIFICATES}{certificate.pk}/change/"

    html = staff_client.get(url).content.decode()

    assert "Attendance forged" in html
    assert certificate.get_absolute_url() in html
    assert staff_client.post(url, {"name": "Someone Else"}).status_code == 403
    assert staff_client.get(f"{CERTIFICATES}add/").status_code == 403
    assert Certificate.objects.get(pk=certificate.pk).name == "Ana Ruiz"


def test_staff_download_the_pdf(staff_client, certified):
    certificate = certified(name="Ana Ruiz")

    response = staff_client.get(f"{CERTIFICATES}{certificate.pk}/pdf/")

    assert response["Content-Type"] == "application/pdf"
    text = pypdf.PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Ana Ruiz" in " ".join(text.split())


def test_revoke_asks_for_the_reason_then_revokes(staff_client, staff, certified):
    certificate = certified(name="Ana Ruiz")

    form = act(staff_client, "revoke", [certificate])
    assert "For staff only" in form.content.decode()
    assert "Ana Ruiz" in form.content.decode()
    assert not Revocation.objects.exists()

    done = act(staff_client, "revoke", [certificate], confirm="1", reason="Issued by mistake")

    revocation = Revocation.objects.get(certificate=certificate)
    assert (revocation.reason, revocation.revoked_by) == ("Issued by mistake", staff)
    assert revocation.replaced_by is None
    assert "1 certificate revoked." in done.content.decode()
    again = act(staff_client, "revoke", [certificate], confirm="1", reason="Again")
    assert f"Certificate {certificate.number} was revoked already." in again.content.decode()
    assert Revocation.objects.count() == 1


def test_reissue_asks_for_the_name_and_reason_then_replaces(staff_client, staff, certified):
    old = certified(name="Ana Ruis")

    form = act(staff_client, "reissue", [old]).content.decode()
    assert 'value="Ana Ruis"' in form
    done = act(staff_client, "reissue", [old], confirm="1", name="Ana  Ruiz", reason="Misspelt")

    new = Certificate.objects.exclude(pk=old.pk).get()
    assert (new.name, new.issued_by, new.title) == ("Ana Ruiz", staff, old.title)
    revocation = Revocation.objects.get(certificate=old)
    assert (revocation.replaced_by, revocation.reason, revocation.revoked_by) == (
        new,
        "Misspelt",
        staff,
    )
    assert f"replaces certificate {old.number}" in done.content.decode()


def test_reissue_refuses_a_name_the_certificate_cannot_print(staff_client, certified):
    old = certified(name="Ana Ruis")

    response = act(staff_client, "reissue", [old], confirm="1", name="安娜", reason="Name")

    assert "cannot print 安 娜" in response.content.decode()
    assert Certificate.objects.count() == 1


def test_reissue_takes_one_certificate_in_force(staff_client, certified):
    first, second = certified(), certified()
    issuing.revoke(second, "Mistake")

    both = act(staff_client, "reissue", [first, second], confirm="1", name="X", reason="Y")
    revoked = act(staff_client, "reissue", [second], confirm="1", name="X", reason="Y")

    assert "Choose one certificate to reissue at a time." in both.content.decode()
    assert f"Certificate {second.number} is revoked" in revoked.content.decode()
    assert Certificate.objects.count() == 2


def test_staff_who_may_only_view_cannot_revoke(client, certified):
    certificate = certified(name="Ana Ruiz")
    client.force_login(staff_member("view_certificate"))

    listed = client.get(CERTIFICATES).content.decode()
    response = act(client, "revoke", [certificate], confirm="1", reason="Mistake")

    assert "Ana Ruiz" in listed
    assert 'value="revoke"' not in listed
    assert response.status_code == 200
    assert not Revocation.objects.exists()


def test_staff_who_may_add_certificates_revoke(client, certified):
    certificate = certified()
    client.force_login(staff_member("view_certificate", "add_certificate"))

    act(client, "revoke", [certificate], confirm="1", reason="Mistake")

    assert Revocation.objects.get().certificate == certificate


def test_staff_without_the_permission_see_no_certificates(client, certified):
    certificate = certified(name="Ana Ruiz")
    client.force_login(staff_member("view_invoice"))

    assert client.get(CERTIFICATES).status_code == 403
    assert client.get(f"{CERTIFICATES}{certificate.pk}/pdf/").status_code == 403
