from applicants.models.applications import Application, ApplicationQuerySet, Event, HeardFrom
from applicants.models.documents import Document, documents_storage, random_file_name
from applicants.models.drafts import Draft

# Named by the migrations: the default of Application.token and the storage and file names of
# Document.file.
from imago_site.tokens import new_token

__all__ = [
    "Application",
    "ApplicationQuerySet",
    "Document",
    "Draft",
    "Event",
    "HeardFrom",
    "documents_storage",
    "new_token",
    "random_file_name",
]
