"""Real files made in memory for the tests of applicants' documents: PDFs written by pypdf,
images by Pillow (with metadata to strip), and files that only pretend to be documents."""

import io
import struct
import zlib
from pathlib import Path

from PIL import Image
from pypdf import PdfWriter

# What the images' metadata says, so that a test can look for it after the upload.
CAMERA = "Imagined Camera 3000"
OWNER = "Ana Ruiz at home"


def pdf_bytes(pages=1, password=None):
    """A PDF of ``pages`` blank pages, locked with ``password`` if one is given."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(user_password=password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def exif_with_metadata():
    exif = Image.Exif()
    exif[0x010F] = "Imagined"  # Make
    exif[0x0110] = CAMERA  # Model
    exif[0x013B] = OWNER  # Artist
    return exif


def image_bytes(format, size=(60, 40), orientation=None):
    """A small picture with EXIF metadata (and, in a JPEG, a comment): ``orientation`` is the
    EXIF orientation tag, 6 for a photo taken with the phone turned."""
    image = Image.new("RGB", size, (200, 120, 40))
    exif = exif_with_metadata()
    if orientation:
        exif[0x0112] = orientation
    out = io.BytesIO()
    extra = {"comment": OWNER} if format == "JPEG" else {}
    image.save(out, format, exif=exif.tobytes(), **extra)
    return out.getvalue()


def png_bytes(**options):
    return image_bytes("PNG", **options)


def jpeg_bytes(**options):
    return image_bytes("JPEG", **options)


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming_pixels(width, height):
    """A PNG whose header claims ``width`` by ``height`` pixels and whose data holds almost
    none of them: what a decompression bomb looks like to the decoder."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + png_chunk(b"IEND", b"")
    )


# A Windows program and a Linux one, as their first bytes show them.
WINDOWS_PROGRAM = (
    b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 56 + b"This program cannot be run in DOS"
)
LINUX_PROGRAM = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 120


def stored_files(folder):
    """The names of the files under ``folder`` (the ``documents_folder`` fixture's)."""
    return sorted(
        str(path.relative_to(folder)) for path in Path(folder).rglob("*") if path.is_file()
    )
