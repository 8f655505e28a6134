"""The attendance pages, for trainers and staff: the modules one may take attendance for, and
one module's attendance, taken on a phone in the training room and saved with one button."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from applicants.attendance import taking
from applicants.attendance.forms import AttendanceForm
from applicants.attendance.models import Attendance
from trainings.models import Module


def staff_page(view):
    """A page for signed-in staff who have given their second factor (``admin_site.py``);
    others are sent to the admin's login, and back here after it."""
    return admin.site.admin_view(view)


@staff_page
def attendance_list(request):
    if not request.user.has_perm("applicants.add_attendance"):
        raise PermissionDenied
    modules = list(taking.recent_modules_for(request.user))
    rows = []
    for module in modules:
        today = module.training.today()
        rows.append(
            {
                "module": module,
                "is_today": module.start_date <= today <= module.end_date,
                "is_past": module.end_date < today,
            }
        )
    return render(
        request,
        "applicants/attendance/module_list.html",
        {
            "coming": [row for row in rows if not row["is_past"]],
            "earlier": [row for row in rows if row["is_past"]][::-1],
        },
    )


@staff_page
def attendance(request, module_id):
    module = get_object_or_404(Module.objects.select_related("training__track"), pk=module_id)
    if not taking.may_take_attendance(request.user, module.training):
        raise PermissionDenied
    trainees = list(taking.trainees_of(module))
    taken = {
        attendance.application_id: attendance
        for attendance in Attendance.objects.filter(module=module, application__in=trainees)
    }
    forms = [
        AttendanceForm(
            request.POST if request.method == "POST" else None,
            application=application,
            module=module,
            initial=initial_of(taken.get(application.pk)),
        )
        for application in trainees
    ]
    # Every row is checked, not only those up to the first mistake: each shows its errors.
    valid = [form.is_valid() for form in forms]
    if request.method == "POST" and all(valid):
        issued = taking.record_attendance(
            module, [form.entry for form in forms], recorded_by=request.user
        )
        messages.success(request, saved_message(len(issued)))
        return redirect("applicants:attendance", module_id=module.pk)
    invalid = sum(1 for form in forms if form.is_bound and form.errors)
    return render(
        request,
        "applicants/attendance/attendance.html",
        {
            "module": module,
            "training": module.training,
            "forms": forms,
            "invalid": invalid,
            "taken_count": len(taken),
        },
    )


def initial_of(attendance):
    if attendance is None:
        return {}
    hours = attendance.hours if attendance.status == Attendance.Status.PARTIAL else None
    return {"status": attendance.status, "hours": hours}


def saved_message(issued):
    if not issued:
        return _("Attendance saved.")
    return ngettext(
        "Attendance saved. %(count)s trainee has completed the training: their certificate "
        "is issued.",
        "Attendance saved. %(count)s trainees have completed the training: their certificates "
        "are issued.",
        issued,
    ) % {"count": issued}
