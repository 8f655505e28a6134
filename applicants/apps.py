from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicantsConfig(AppConfig):
    name = "applicants"
    verbose_name = _("Applicants")

    def ready(self):
        """Tell the shell's shared services about this app: applications change the seat
        counts that public pages show (live parts of the page cache), the eligibility check
        is a page of the sitemap, and closed applications are erased after their period
        (``applicants.retention``, whose daily run also expires the applications whose address
        was not confirmed in time and whose own task did not run), as are documents uploaded
        with an application form that was never sent, and drafts (forms saved to finish later)
        not saved again for their period, with their documents (``applicants.drafts``). A
        document's file is deleted with its row, however the row is deleted
        (``applicants.documents``). The admin's front page shows the admissions panels
        (``applicants.dashboard``)."""
        from django.db.models.signals import post_delete

        from applicants import dashboard, documents, drafts
        from applicants import retention as applicants_retention
        from applicants.models import Application, Document
        from imago_site import pagecache, retention, sitemaps

        pagecache.watch_live_parts(Application)
        sitemaps.register_pages("applicants:eligibility")
        retention.register(
            "applications",
            applicants_retention.expired_applications,
            applicants_retention.expire_overdue_then_erase,
        )
        retention.register("pending documents", documents.expired_pending)
        retention.register("application drafts", drafts.expired_drafts)
        post_delete.connect(documents.delete_file, sender=Document)
        dashboard.register_panels()
