from django.urls import path

from applicants import views
from applicants.attendance import views as attendance_views
from applicants.certificates import views as certificate_views
from applicants.invoices import views as invoice_views
from applicants.reminders import views as reminder_views
from applicants.reviews import views as review_views
from applicants.supervision import views as supervision_views

app_name = "applicants"

urlpatterns = [
    path("attendance/", attendance_views.attendance_list, name="attendance_list"),
    path("attendance/modules/<int:module_id>/", attendance_views.attendance, name="attendance"),
    path("eligibility/", views.eligibility_check, name="eligibility"),
    path("reviews/", review_views.assignment_list, name="reviews"),
    path("reviews/<int:pk>/", review_views.review, name="review"),
    path(
        "reviews/<int:pk>/documents/<int:document_pk>/",
        review_views.document,
        name="review_document",
    ),
    path("trainings/<slug:slug>/apply/", views.apply, name="apply"),
    path("trainings/<slug:slug>/apply/saved/", views.draft_saved, name="draft_saved"),
    path("applications/lost-link/", views.resend_links, name="resend_links"),
    path("applications/received/<str:signed>/", views.received, name="received"),
    path("applications/confirm/<slug:token>/", views.confirm, name="confirm"),
    path("applications/drafts/<slug:token>/", views.resume_draft, name="draft"),
    path(
        "applications/drafts/<slug:token>/stop-reminders/",
        reminder_views.stop_draft_reminders,
        name="stop_draft_reminders",
    ),
    path(
        "applications/<slug:token>/stop-reminders/",
        reminder_views.stop_reminders,
        name="stop_reminders",
    ),
    path("applications/<slug:token>/", views.status, name="status"),
    path("applications/<slug:token>/withdraw/", views.withdraw, name="withdraw"),
    path("applications/<slug:token>/my-data.json", views.export, name="export"),
    path("applications/<slug:token>/billing/", invoice_views.billing, name="billing"),
    path(
        "applications/<slug:token>/supervision/",
        supervision_views.supervision,
        name="supervision",
    ),
    path(
        "applications/<slug:token>/invoices/<slug:number>.pdf",
        invoice_views.invoice,
        name="invoice",
    ),
    path(
        "applications/<slug:token>/certificates/<int:number>.pdf",
        certificate_views.download,
        name="certificate",
    ),
    path("applications/<slug:token>/delete/", views.request_deletion, name="request_deletion"),
    path(
        "applications/<slug:token>/documents/add/<int:requirement_id>/",
        views.upload_document,
        name="upload_document",
    ),
    path("applications/<slug:token>/documents/<int:pk>/", views.document, name="document"),
    path(
        "applications/<slug:token>/documents/<int:pk>/remove/",
        views.remove_document,
        name="remove_document",
    ),
]
