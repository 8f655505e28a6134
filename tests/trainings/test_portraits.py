"""Trainers' portraits: staff upload a photo in the admin, which refuses anything but a real
picture of a fair size, and the faculty, trainer and training pages show square renditions of it
(WebP with a JPEG fallback, without its metadata), or the trainer's initials without one."""

import io
import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from PIL import ExifTags, Image

from tests.admin_forms import change_form_data
from tests.factories import TrainerFactory, TrainingFactory
from tests.files import CAMERA, png_claiming_pixels
from tests.test_valid_html import problems
from trainings.models import Trainer
from trainings.portraits import clean_photo, make_renditions

pytestmark = pytest.mark.django_db

RED, BLUE = (220, 30, 30), (30, 30, 220)
GPS = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (52.0, 31.0, 12.0),
    ExifTags.GPS.GPSLongitudeRef: "E",
    ExifTags.GPS.GPSLongitude: (13.0, 24.0, 36.0),
}


def photo_bytes(size=(1000, 700), format="JPEG", orientation=None):
    """A picture whose left half is red and right half blue, with a camera, a place (GPS) and,
    if given, an EXIF orientation: 6 for a photo taken with the phone turned, which shows the
    red half at the top once upright."""
    image = Image.new("RGB", size, BLUE)
    image.paste(RED, (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    exif[ExifTags.Base.Model] = CAMERA
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(GPS)
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    out = io.BytesIO()
    image.save(out, format, exif=exif.tobytes())
    return out.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    """The public media folder, this test's own."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored(media):
    return sorted(str(path.relative_to(media)) for path in Path(media).rglob("*") if path.is_file())


def change_page(client, trainer):
    return client.get(f"/admin/trainings/trainer/{trainer.pk}/change/")


def upload_photo(client, trainer, content, name="portrait.jpg"):
    page = change_page(client, trainer)
    photo = SimpleUploadedFile(name, content, content_type="image/jpeg")
    return client.post(page.request["PATH_INFO"], change_form_data(page, photo=photo))


def with_photo(trainer, content=None):
    """``trainer`` with a photo stored and its renditions made, as the admin leaves them."""
    trainer.photo.save("photo.jpg", ContentFile(clean_photo(content or photo_bytes())))
    make_renditions(trainer)
    return trainer


def opened(media, name):
    return Image.open(Path(media) / name)


def assert_no_metadata(image):
    assert not image.getexif()
    assert "exif" not in image.info
    assert CAMERA.encode() not in Path(image.filename).read_bytes()


def test_an_uploaded_photo_gives_upright_square_renditions_without_metadata(
    staff_client, media, django_capture_on_commit_callbacks
):
    trainer = TrainerFactory(name="Ana Ruiz")
    sent = photo_bytes(orientation=6)
    assert Image.open(io.BytesIO(sent)).getexif().get_ifd(ExifTags.IFD.GPSInfo) == GPS

    with django_capture_on_commit_callbacks(execute=True):
        response = upload_photo(staff_client, trainer, sent)

    assert response.status_code == 302
    trainer = Trainer.objects.get(pk=trainer.pk)
    files = trainer.portrait_files
    assert files["widths"] == [160, 320, 640]
    for kind, pillow_format in (("webp", "WEBP"), ("jpeg", "JPEG")):
        assert len(files[kind]) == 3
        for width, name in zip([160, 320, 640], files[kind], strict=True):
            assert re.fullmatch(rf"trainers/{trainer.pk}/[0-9a-f]{{16}}-{width}\.{kind}", name)
            image = opened(media, name)
            assert (image.format, image.size) == (pillow_format, (width, width))
            assert_no_metadata(image)
            # Upright: the half on the left of the sensor is at the top.
            rgb = image.convert("RGB")
            top, bottom = (
                rgb.getpixel((width // 2, width // 8)),
                rgb.getpixel((width // 2, width - 5)),
            )
            assert top[0] > 150 > top[2]
            assert bottom[2] > 150 > bottom[0]
    # The photo kept as the renditions' source is stripped and upright too.
    source = opened(media, trainer.photo.name)
    assert (source.format, source.size) == ("JPEG", (700, 1000))
    assert_no_metadata(source)
    assert stored(media) == sorted([trainer.photo.name, *files["webp"], *files["jpeg"]])
    # Staff see the square the pages show beside the field.
    preview = f'<img src="/media/{files["jpeg"][1]}" width="160" height="160" alt="">'
    assert preview in change_page(staff_client, trainer).content.decode()


def test_without_a_photo_staff_read_that_the_initials_stand_in(staff_client):
    html = change_page(staff_client, TrainerFactory()).content.decode()

    assert "The trainer&#x27;s initials, until a photo is saved." in html
    assert 'accept="image/jpeg,image/png,image/webp"' in html


def test_a_png_named_jpg_is_taken_for_what_it_is_and_its_transparency_made_white(
    staff_client, media
):
    trainer = TrainerFactory()
    image = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    out = io.BytesIO()
    image.save(out, "PNG")

    response = upload_photo(staff_client, trainer, out.getvalue(), name="me.jpg")

    assert response.status_code == 302
    trainer.refresh_from_db()
    assert trainer.portrait_files["widths"] == [160, 320]  # never enlarged past the photo
    smallest = opened(media, trainer.portrait_files["jpeg"][0]).convert("RGB")
    assert smallest.getpixel((80, 80)) > (250, 250, 250)


def text_in_a_png():
    return b"\x89PNG\r\n\x1a\n" + b"<?php system($_GET['c']); ?> nothing of a picture here"


def gif_bytes():
    out = io.BytesIO()
    Image.new("RGB", (400, 400), RED).save(out, "GIF")
    return out.getvalue()


def truncated_jpeg():
    whole = photo_bytes()
    return whole[: len(whole) // 2]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (text_in_a_png(), "Please upload a JPEG, PNG or WebP photo: this file is none of them."),
        (b"Just a note, named like a photo.\n", "Please upload a JPEG, PNG or WebP photo"),
        (gif_bytes(), "Please upload a JPEG, PNG or WebP photo"),
        (truncated_jpeg(), "This photo cannot be opened. Please save it again"),
        (photo_bytes(size=(400, 250)), "This photo is 400 × 250 pixels: a portrait needs at least"),
        (png_claiming_pixels(30_000, 30_000), "This photo has too many pixels."),
        (png_claiming_pixels(10_000, 10_000), "This photo has too many pixels."),
    ],
    ids=["text-in-a-png", "text", "gif", "truncated", "too-small", "bomb", "just-over-the-limit"],
)
def test_the_admin_refuses_what_is_no_fit_photo_beside_the_field(
    staff_client, media, content, message
):
    trainer = TrainerFactory()

    response = upload_photo(staff_client, trainer, content)

    assert response.status_code == 200
    html = response.content.decode()
    errors = re.search(r'<ul class="errorlist" id="id_photo_error">(.*?)</ul>', html, re.S)
    assert errors and message in errors.group(1).replace("&#x27;", "'")
    trainer.refresh_from_db()
    assert (trainer.photo.name, trainer.portrait_files) == ("", {})
    assert stored(media) == []


def test_a_photo_over_the_size_limit_is_refused_before_it_is_read(staff_client, media, settings):
    settings.PORTRAIT_MAX_MB = 1
    trainer = TrainerFactory()

    response = upload_photo(staff_client, trainer, b"\xff\xd8\xff" + b"\0" * 1_100_000)

    assert response.status_code == 200
    assert "This photo is larger than 1 MB. Please upload a smaller one." in (
        response.content.decode()
    )
    assert stored(media) == []


def test_replacing_or_clearing_the_photo_removes_the_old_files(
    staff_client, media, django_capture_on_commit_callbacks
):
    trainer = TrainerFactory()
    with django_capture_on_commit_callbacks(execute=True):
        upload_photo(staff_client, trainer, photo_bytes())
    first = Trainer.objects.get(pk=trainer.pk)

    with django_capture_on_commit_callbacks(execute=True):
        upload_photo(staff_client, trainer, photo_bytes(size=(500, 500), orientation=3))
    second = Trainer.objects.get(pk=trainer.pk)

    assert second.photo.name != first.photo.name
    assert set(second.portrait_files["webp"]).isdisjoint(first.portrait_files["webp"])
    assert stored(media) == sorted(
        [second.photo.name, *second.portrait_files["webp"], *second.portrait_files["jpeg"]]
    )

    # Saving other changes keeps the renditions as they are.
    with django_capture_on_commit_callbacks(execute=True):
        page = change_page(staff_client, trainer)
        staff_client.post(page.request["PATH_INFO"], change_form_data(page, city="Hamburg"))
    assert Trainer.objects.get(pk=trainer.pk).portrait_files == second.portrait_files
    assert len(stored(media)) == 5

    with django_capture_on_commit_callbacks(execute=True):
        page = change_page(staff_client, trainer)
        staff_client.post(
            page.request["PATH_INFO"], change_form_data(page, **{"photo-clear": "on"})
        )
    cleared = Trainer.objects.get(pk=trainer.pk)
    assert (cleared.photo.name, cleared.portrait_files) == ("", {})
    assert stored(media) == []


def test_the_faculty_shows_each_photo_lazily_in_sizes_and_initials_without_one(client, media):
    ana = with_photo(TrainerFactory(name="Ana Ruiz"))
    TrainerFactory(name="Bernd van der Stok")

    html = client.get("/faculty/").content.decode()

    webp = ", ".join(
        f"/media/{name} {width}w"
        for name, width in zip(ana.portrait_files["webp"], [160, 320, 640], strict=True)
    )
    jpeg = ", ".join(
        f"/media/{name} {width}w"
        for name, width in zip(ana.portrait_files["jpeg"], [160, 320, 640], strict=True)
    )
    assert (
        '<picture class="portrait portrait-96">'
        f'<source type="image/webp" srcset="{webp}" sizes="96px">'
        f'<img src="/media/{ana.portrait_files["jpeg"][1]}" srcset="{jpeg}" sizes="96px" '
        'width="96" height="96" loading="lazy" decoding="async" alt="Portrait of Ana Ruiz">'
        "</picture>"
    ) in html
    assert (
        '<span class="portrait portrait-96 portrait-initials" aria-hidden="true">BS</span>' in html
    )
    assert html.count("<picture") == 1
    # Every address named is a file of the public media folder.
    for address in re.findall(r"/media/(\S+) \d+w", html):
        assert (media / address).is_file()


def test_the_trainer_page_loads_its_portrait_at_once_and_the_training_page_lazily(client, media):
    ana = with_photo(TrainerFactory(name="Ana Ruiz"))
    bernd = TrainerFactory(name="Bernd Stok")
    training = TrainingFactory(trainers=[ana, bernd])

    trainer_page = client.get(ana.get_absolute_url()).content.decode()
    training_page = client.get(training.get_absolute_url()).content.decode()

    main = re.search(r'<picture class="portrait portrait-200">.*?</picture>', trainer_page)
    assert main and 'width="200" height="200" fetchpriority="high"' in main.group()
    assert 'loading="lazy"' not in main.group()
    listed = re.search(r'<picture class="portrait portrait-48">.*?</picture>', training_page)
    assert listed and 'sizes="48px" width="48" height="48" loading="lazy"' in listed.group()
    assert '<span class="portrait portrait-48 portrait-initials" aria-hidden="true">BS</span>' in (
        training_page
    )
    assert '<span class="portrait portrait-200 portrait-initials" aria-hidden="true">BS</span>' in (
        client.get(bernd.get_absolute_url()).content.decode()
    )


def test_pages_with_and_without_portraits_are_valid_html(client, media):
    ana = with_photo(TrainerFactory(name="Ana Ruiz"))
    bernd = TrainerFactory(name="Bernd Stok")
    training = TrainingFactory(trainers=[ana, bernd])

    found = {
        url: problems(client.get(url).content.decode())
        for url in [
            "/faculty/",
            ana.get_absolute_url(),
            bernd.get_absolute_url(),
            training.get_absolute_url(),
        ]
    }

    assert {url: listed for url, listed in found.items() if listed} == {}


def test_the_faculty_costs_the_same_queries_with_many_portraits(count_queries, media):
    with_photo(TrainerFactory())
    one = count_queries("/faculty/")

    for number in range(8):
        trainer = TrainerFactory()
        if number % 2:
            with_photo(trainer, photo_bytes(size=(320, 320)))

    assert count_queries("/faculty/") == one


@pytest.mark.parametrize(
    ("name", "initials"),
    [
        ("Lucía Ferreyra", "LF"),
        ("Javier Ortega Blasco", "JB"),
        ("Ngozi", "N"),
        ("élodie de la Tour", "ÉT"),
        ("(Guest) Sam Lee", "SL"),
    ],
)
def test_initials_are_the_first_letters_of_the_first_and_last_names(name, initials):
    assert Trainer(name=name).initials == initials


def test_deleting_trainers_in_the_admin_deletes_their_photos(
    staff_client, media, django_capture_on_commit_callbacks
):
    ana, bernd, carla = (with_photo(TrainerFactory()) for _ in range(3))
    TrainerFactory()  # without a photo
    assert len(stored(media)) == 3 * 7

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(f"/admin/trainings/trainer/{ana.pk}/delete/", {"post": "yes"})
    assert len(stored(media)) == 2 * 7
    assert not any(name.startswith(f"trainers/{ana.pk}/") for name in stored(media))

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            "/admin/trainings/trainer/",
            {"action": "delete_selected", "_selected_action": [bernd.pk, carla.pk], "post": "yes"},
        )
    assert Trainer.objects.count() == 1
    assert stored(media) == []


def test_photos_uploaded_before_renditions_get_theirs_when_migrating(media):
    executor = MigrationExecutor(connection)
    executor.migrate([("trainings", "0019_add_portrait_renditions")])
    earlier = TrainerFactory()
    earlier.photo.save("earlier.jpg", ContentFile(photo_bytes(orientation=6)))
    unreadable = TrainerFactory()
    unreadable.photo.save("unreadable.jpg", ContentFile(b"not a photo"))

    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())

    earlier.refresh_from_db()
    assert earlier.portrait_files["widths"] == [160, 320, 640]
    assert opened(media, earlier.portrait_files["webp"][2]).size == (640, 640)
    unreadable.refresh_from_db()
    assert unreadable.portrait_files == {}


def encoded(mode, format, size=(400, 300), **options):
    out = io.BytesIO()
    Image.new(mode, size).save(out, format, **options)
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "size"),
    [
        (encoded("I;16", "PNG"), (400, 300)),
        (encoded("CMYK", "JPEG"), (400, 300)),
        (encoded("L", "JPEG"), (400, 300)),
        (encoded("LA", "PNG"), (400, 300)),
        (encoded("P", "PNG", transparency=0), (400, 300)),
        (encoded("1", "PNG"), (400, 300)),
        (encoded("RGBA", "WEBP"), (400, 300)),
        (photo_bytes(size=(5000, 3000), orientation=8), (1229, 2048)),
    ],
    ids=["16-bit-grey", "cmyk", "grey", "grey-alpha", "palette", "black-and-white", "webp", "big"],
)
def test_photos_in_any_mode_pillow_reads_are_kept_as_rgb_jpegs_of_a_fair_size(content, size):
    kept = Image.open(io.BytesIO(clean_photo(content)))

    assert (kept.format, kept.mode, kept.size) == ("JPEG", "RGB", size)
    assert not kept.getexif()
