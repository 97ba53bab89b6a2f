import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from events import photos
from tests.events.factories import SessionFactory

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825


def jpeg_with_gps(size=(1200, 900)):
    image = Image.new("RGB", size, (200, 80, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[GPS_IFD] = {1: "N", 2: (21.0, 49.0, 0.0), 3: "E", 4: (105.0, 51.0, 0.0)}
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile("buoi-noi-chuyen.jpg", buffer.getvalue(), "image/jpeg")


def test_a_photo_is_stored_without_exif_or_gps(django_capture_on_commit_callbacks):
    session = SessionFactory()
    with django_capture_on_commit_callbacks(execute=True):
        photo = photos.add_photo(session, jpeg_with_gps())
    with photo.image.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        assert "exif" not in image.info
    assert (photo.width, photo.height) == (1200, 900)


def test_a_thumbnail_is_made_once_by_the_follow_up(django_capture_on_commit_callbacks):
    session = SessionFactory()
    with django_capture_on_commit_callbacks(execute=True):
        photo = photos.add_photo(session, jpeg_with_gps())
    photo.refresh_from_db()
    assert photo.thumbnail
    first = photo.thumbnail.name
    photos.make_thumbnail(photo.pk)
    photo.refresh_from_db()
    assert photo.thumbnail.name == first


def test_a_text_file_named_like_a_photo_is_refused_in_vietnamese():
    fake = SimpleUploadedFile("anh.jpg", b"<?php echo 'not a photo'; ?>", "image/jpeg")
    with pytest.raises(ValidationError) as refused:
        photos.add_photo(SessionFactory(), fake)
    assert refused.value.messages == [
        "Tệp này không phải ảnh hoặc đã hỏng. Hãy chọn ảnh JPG hoặc PNG."
    ]


def test_a_truncated_photo_is_refused():
    data = jpeg_with_gps().read()
    broken = SimpleUploadedFile("anh.jpg", data[: len(data) // 3], "image/jpeg")
    with pytest.raises(ValidationError):
        photos.add_photo(SessionFactory(), broken)


def test_a_file_over_10_mb_is_refused_before_it_is_read():
    huge = SimpleUploadedFile("anh.jpg", b"\xff\xd8" + b"0" * (10 * 1024 * 1024), "image/jpeg")
    with pytest.raises(ValidationError) as refused:
        photos.add_photo(SessionFactory(), huge)
    assert refused.value.code == "too_big"


def test_a_decompression_bomb_is_refused_by_its_pixel_count():
    buffer = io.BytesIO()
    Image.new("1", (9000, 9000)).save(buffer, format="PNG")  # 81 MP, a few kB on disk
    bomb = SimpleUploadedFile("anh.png", buffer.getvalue(), "image/png")
    with pytest.raises(ValidationError) as refused:
        photos.add_photo(SessionFactory(), bomb)
    assert refused.value.code == "too_many_pixels"


def test_a_sixth_photo_is_refused(django_capture_on_commit_callbacks):
    session = SessionFactory()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(photos.MAX_PHOTOS_PER_SESSION):
            photos.add_photo(session, jpeg_with_gps(size=(64, 48)))
    with pytest.raises(ValidationError) as refused:
        photos.add_photo(session, jpeg_with_gps(size=(64, 48)))
    assert refused.value.code == "too_many_photos"
