"""Trainers' portraits: what the admin accepts as a photo, and the sizes the pages show.

A photo is checked from its content, never its name or the type the browser claims
(:func:`clean_photo`): a JPEG, PNG or WebP image that Pillow decodes within its
decompression-bomb limit, at least ``MIN_SIDE`` pixels each way, no larger than
``PORTRAIT_MAX_MB``. It is turned upright as its EXIF orientation says and encoded again as a
JPEG, which leaves its metadata (EXIF: camera, place, time) behind; only that copy is stored.

When staff save a trainer, the admin calls :func:`make_renditions`: square crops of the photo in
``WIDTHS``, each as WebP and as JPEG for browsers without WebP, in the public media storage under
names that hold a digest of the photo, so that a changed photo has new addresses and each can be
cached for a year. The names are kept in ``Trainer.portrait_files``; those of a photo replaced
or cleared, or of a trainer deleted in the admin, are deleted once that is committed.
"""

import hashlib
import io
import warnings
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

# The decoders a photo may go through: any other format is refused before decoding.
FORMATS = ["JPEG", "PNG", "WEBP"]
ACCEPT = "image/jpeg,image/png,image/webp"
# Below this, a portrait looks blurred even on the faculty's small cards of a sharp screen.
MIN_SIDE = 300
# The stored photo is only the source of the renditions: larger than this is wasted space.
MAX_SIDE = 2048
# The widths of the square renditions, in pixels; none is made larger than the photo allows.
WIDTHS = [160, 320, 640]
# The width of the JPEG that browsers without srcset load.
FALLBACK_WIDTH = 320

REFUSED = {
    "too_large": _("This photo is larger than %(max_mb)s MB. Please upload a smaller one."),
    "type": _("Please upload a JPEG, PNG or WebP photo: this file is none of them."),
    "broken": _("This photo cannot be opened. Please save it again and upload it once more."),
    "pixels": _("This photo has too many pixels. Please upload a smaller one."),
    "too_small": _(
        "This photo is %(width)s × %(height)s pixels: a portrait needs at least %(min)s pixels "
        "each way."
    ),
}


def refuse(code, **params):
    return ValidationError(REFUSED[code], code=code, params=params or None)


def max_bytes():
    return settings.PORTRAIT_MAX_MB * 1024 * 1024


def decode(content):
    """The picture in ``content``: upright, in RGB, without its metadata and decoded no larger
    than needed; or a ValidationError saying in words why it is refused."""
    try:
        # Pillow only warns between its limit and twice it: refuse anything over the limit.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(content), formats=FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise refuse("pixels") from error
    except Exception as error:
        # Pillow found none of the accepted formats at the start of the file.
        raise refuse("type") from error
    if min(image.size) < MIN_SIDE:
        raise refuse("too_small", width=image.width, height=image.height, min=MIN_SIDE)
    if image.format == "JPEG":
        # A phone's photo decoded at a half or a quarter of its size: far less time and memory.
        image.draft(None, (MAX_SIDE, MAX_SIDE))
    try:
        image.load()
        return flatten(ImageOps.exif_transpose(image))
    except Exception as error:
        # A damaged or forged file fails in the decoder in many ways; each means no picture.
        raise refuse("broken") from error


def clean_photo(content):
    """The bytes of an uploaded photo, checked and encoded again as an upright JPEG without
    metadata, or a ValidationError saying in words why it is refused."""
    image = decode(content)
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    return encode(image, "JPEG", quality=90)


def flatten(image):
    """``image`` in RGB, a transparent background made white, with none of its information
    (EXIF, XMP, comments, colour profiles)."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        white = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, image)
    image = image.convert("RGB")
    image.info = {}
    return image


def encode(image, pillow_format, **options):
    out = io.BytesIO()
    image.save(out, pillow_format, **options)
    return out.getvalue()


class PortraitField(forms.ImageField):
    """The admin's photo field: the upload is replaced by the checked copy of
    :func:`clean_photo`, named by its digest, before anything is stored."""

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        if upload.size > max_bytes():
            raise refuse("too_large", max_mb=f"{settings.PORTRAIT_MAX_MB:g}")
        content = clean_photo(upload.read())
        name = f"{hashlib.sha256(content).hexdigest()[:16]}.jpg"
        return SimpleUploadedFile(name, content, content_type="image/jpeg")

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = ACCEPT
        return attrs


def make_renditions(trainer):
    """Make the renditions of ``trainer``'s photo, unless those of this very photo exist, and
    save their names; delete the files of the photo it replaces, once committed. A trainer
    without a photo keeps no renditions."""
    previous = trainer.portrait_files or {}
    photo = trainer.photo
    if photo and previous.get("source") == photo.name:
        return
    trainer.portrait_files = render(photo, f"trainers/{trainer.pk}") if photo else {}
    trainer.save(update_fields=["portrait_files"])
    kept = {photo.name} if photo else set()
    delete_once_committed(photo.storage, [name for name in files_of(previous) if name not in kept])


def delete_portraits(trainers):
    """Delete the photos and renditions of ``trainers``, which are being deleted, once that is
    committed (a deletion rolled back keeps them)."""
    for trainer in trainers:
        names = files_of(trainer.portrait_files or {})
        if trainer.photo and trainer.photo.name not in names:
            names.append(trainer.photo.name)
        delete_once_committed(trainer.photo.storage, names)


def render(photo, folder):
    """Store the renditions of ``photo`` (a stored file) in ``folder`` of its storage, and
    return their names as ``Trainer.portrait_files`` keeps them."""
    try:
        with photo.open("rb") as source:
            content = source.read()
        image = decode(content)
    except (ValidationError, OSError):
        # A photo stored before the admin checked photos, or whose file has gone: the pages
        # show the trainer's initials until staff upload one again.
        return {}
    digest = hashlib.sha256(content).hexdigest()[:16]
    side = min(image.size)
    square = ImageOps.fit(image, (side, side), Image.Resampling.LANCZOS)
    widths = [width for width in WIDTHS if width <= side] or [side]
    made = {"source": photo.name, "widths": widths, "webp": [], "jpeg": []}
    for width in widths:
        resized = square.resize((width, width), Image.Resampling.LANCZOS)
        for kind, pillow_format, options in (
            ("webp", "WEBP", {"quality": 80}),
            ("jpeg", "JPEG", {"quality": 82, "optimize": True, "progressive": True}),
        ):
            file = ContentFile(encode(resized, pillow_format, **options))
            made[kind].append(photo.storage.save(f"{folder}/{digest}-{width}.{kind}", file))
    return made


def files_of(renditions):
    """Every file a trainer's ``portrait_files`` names: the photo and its renditions."""
    names = [*renditions.get("webp", []), *renditions.get("jpeg", [])]
    if renditions.get("source"):
        names.append(renditions["source"])
    return names


def delete_once_committed(storage, names):
    def delete():
        for name in names:
            storage.delete(name)

    if names:
        transaction.on_commit(delete, robust=True)


@dataclass(frozen=True)
class Portrait:
    """The addresses of a trainer's renditions, as a page's ``<picture>`` names them."""

    webp_srcset: str
    jpeg_srcset: str
    jpeg_url: str


def portrait_of(renditions, storage):
    """The :class:`Portrait` of a trainer's ``portrait_files``, or None without renditions."""
    if not renditions.get("widths"):
        return None
    widths = renditions["widths"]

    def srcset(kind):
        return ", ".join(
            f"{storage.url(name)} {width}w"
            for width, name in zip(widths, renditions[kind], strict=True)
        )

    fallback = max(
        (index for index, width in enumerate(widths) if width <= FALLBACK_WIDTH), default=0
    )
    return Portrait(
        webp_srcset=srcset("webp"),
        jpeg_srcset=srcset("jpeg"),
        jpeg_url=storage.url(renditions["jpeg"][fallback]),
    )
