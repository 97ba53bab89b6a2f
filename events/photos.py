"""Session photos: checked by content, re-encoded without metadata, thumbnailed by a task."""

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from events import follow_ups
from events.models import SessionPhoto

MAX_PHOTOS_PER_SESSION = 5
MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40-megapixel photo; anything larger is refused before decoding
STORED_LONG_SIDE = 2048
THUMBNAIL_LONG_SIDE = 320
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "MPO"}


def _refuse_not_a_photo():
    return ValidationError(
        _("Tệp này không phải ảnh hoặc đã hỏng. Hãy chọn ảnh JPG hoặc PNG."), code="not_an_image"
    )


def _reencoded_jpeg(image, long_side, quality):
    """JPEG bytes and size of ``image`` made upright, shrunk to ``long_side``, without metadata."""
    image = ImageOps.exif_transpose(image)  # keep the photo upright once EXIF is gone
    image = image.convert("RGB")
    image.thumbnail((long_side, long_side))
    buffer = io.BytesIO()
    # No exif= argument: the stored file carries no metadata, GPS position included.
    image.save(buffer, format="JPEG", quality=quality, optimize=True, progressive=True)
    return buffer.getvalue(), image.size


def clean_photo(uploaded_file):
    """The photo re-encoded as a JPEG without metadata, and its size; or a refusal with a reason."""
    if uploaded_file.size > MAX_BYTES:
        raise ValidationError(
            _("Ảnh quá lớn (tối đa 10 MB). Hãy chụp lại hoặc chọn ảnh nhỏ hơn."), code="too_big"
        )
    uploaded_file.seek(0)
    try:
        with Image.open(uploaded_file) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise _refuse_not_a_photo()
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    _("Ảnh có quá nhiều điểm ảnh. Hãy chọn ảnh nhỏ hơn."), code="too_many_pixels"
                )
            probe.verify()
        uploaded_file.seek(0)
        with Image.open(uploaded_file) as image:
            image.load()
            return _reencoded_jpeg(image, STORED_LONG_SIDE, quality=82)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise _refuse_not_a_photo() from None


def add_photo(session, uploaded_file) -> SessionPhoto:
    """Attach a checked photo to a session and schedule its thumbnail."""
    if session.photos.count() >= MAX_PHOTOS_PER_SESSION:
        raise ValidationError(
            _("Mỗi buổi chỉ đính kèm tối đa %(count)d ảnh.") % {"count": MAX_PHOTOS_PER_SESSION},
            code="too_many_photos",
        )
    data, (width, height) = clean_photo(uploaded_file)
    with transaction.atomic():
        photo = SessionPhoto(session=session, width=width, height=height)
        photo.image.save("photo.jpg", ContentFile(data), save=False)
        photo.save()
        follow_ups.schedule_thumbnail(photo)
    return photo


def make_thumbnail(photo_id):
    """Idempotent: a photo that already has its thumbnail is left alone."""
    photo = SessionPhoto.objects.filter(pk=photo_id).first()
    if photo is None or photo.thumbnail:
        return
    with photo.image.open("rb") as source, Image.open(source) as image:
        data, _size = _reencoded_jpeg(image, THUMBNAIL_LONG_SIDE, quality=75)
    photo.thumbnail.save("thumb.jpg", ContentFile(data), save=False)
    photo.save(update_fields=["thumbnail"])


def photo_response(photo, thumbnail=False):
    """Serve a photo privately: it shows people, often minors, so never from a public URL."""
    image = photo.thumbnail if thumbnail and photo.thumbnail else photo.image
    try:
        handle = image.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=86400"
    return response
