"""Upload checks for every document and image form of the admin, by content rather than by name.

Wagtail builds its document and image forms (single upload, multiple upload,
chooser upload, edit) on the bases named by WAGTAILDOCS_DOCUMENT_FORM_BASE and
WAGTAILIMAGES_IMAGE_FORM_BASE, so these checks cover every upload path.
"""

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

# Extension -> the content types the file may sniff as.
DOCUMENT_TYPES = {
    "pdf": {"application/pdf"},
    "docx": {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/zip",
    },
    "xlsx": {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/zip",
    },
    "pptx": {
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/zip",
    },
    "odt": {"application/vnd.oasis.opendocument.text", "application/zip"},
    "doc": {"application/msword", "application/x-ole-storage"},
    "mp3": {"audio/mpeg"},
    "m4a": {"audio/mp4", "audio/x-m4a", "video/mp4"},
    "ogg": {"audio/ogg", "video/ogg"},
    "oga": {"audio/ogg"},
    "opus": {"audio/opus", "audio/ogg"},
    "wav": {"audio/x-wav", "audio/wav"},
    "mp4": {"video/mp4"},
    "jpg": {"image/jpeg"},
    "jpeg": {"image/jpeg"},
    "png": {"image/png"},
    "gif": {"image/gif"},
    "webp": {"image/webp"},
    "avif": {"image/avif"},
}
# Plain text has no signature: it must decode as UTF-8 and sniff as nothing binary.
TEXT_EXTENSIONS = {"txt", "csv"}
IMAGE_TYPES = {key: DOCUMENT_TYPES[key] for key in ("jpg", "jpeg", "png", "gif", "webp", "avif")}
SNIFF_BYTES = 8192


def _is_administrator(user):
    return bool(user is not None and user.is_superuser)


def _extension(name):
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _head(upload):
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(position)
    return head


def _looks_like_svg(head):
    start = head[:1024].lstrip().lower()
    return b"<svg" in start or (start.startswith(b"<?xml") and b"<svg" in head.lower())


def check_upload(upload, user, allowed, max_size):
    """Refuse a file whose content is not what its extension says, an SVG from anyone but
    an administrator, and a file over ``max_size`` bytes. The messages name the file."""
    name = upload.name.rsplit("/", 1)[-1]
    extension = _extension(name)
    if max_size and upload.size > max_size:
        raise ValidationError(
            _("Tệp “%(name)s” nặng %(size)s, quá giới hạn %(limit)s. Hãy nén hoặc chia nhỏ tệp.")
            % {
                "name": name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(max_size),
            },
            code="file_too_large",
        )
    head = _head(upload)
    if extension == "svg" or _looks_like_svg(head):
        if _is_administrator(user):
            return
        raise ValidationError(
            _(
                "Tệp “%(name)s” là ảnh SVG. SVG có thể chứa mã chạy ngầm nên chỉ quản trị viên "
                "được tải lên. Hãy xuất ảnh ra PNG hoặc JPG rồi tải lại."
            )
            % {"name": name},
            code="svg_refused",
        )
    if extension in TEXT_EXTENSIONS:
        if filetype.guess(head) is not None or b"\x00" in head:
            raise _mismatch(name, extension)
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            # A multi-byte character cut by the sniffing window is still text.
            if error.start < len(head) - 4:
                raise _mismatch(name, extension) from error
        return
    if extension not in allowed:
        raise ValidationError(
            _("Không nhận tệp đuôi “.%(extension)s” (%(name)s). Chỉ nhận: %(allowed)s.")
            % {
                "extension": extension or "?",
                "name": name,
                "allowed": ", ".join(sorted({*allowed, *TEXT_EXTENSIONS})).upper()
                if allowed is DOCUMENT_TYPES
                else ", ".join(sorted(allowed)).upper(),
            },
            code="extension_refused",
        )
    kind = filetype.guess(head)
    if kind is None or kind.mime not in allowed[extension]:
        raise _mismatch(name, extension)


def _mismatch(name, extension):
    return ValidationError(
        _(
            "Tệp “%(name)s” có đuôi .%(extension)s nhưng nội dung không phải tệp "
            "%(upper)s. Có thể tệp bị đổi tên hoặc bị hỏng; hãy mở thử trên máy rồi lưu lại "
            "đúng định dạng."
        )
        % {"name": name, "extension": extension, "upper": extension.upper()},
        code="content_mismatch",
    )


class ValidatedDocumentForm(BaseDocumentForm):
    def __init__(self, *args, user=None, **kwargs):
        self.uploading_user = user
        super().__init__(*args, user=user, **kwargs)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            check_upload(
                upload, self.uploading_user, DOCUMENT_TYPES, settings.MATERIALS_MAX_UPLOAD_SIZE
            )
        return upload


class ValidatedImageForm(BaseImageForm):
    def __init__(self, *args, user=None, **kwargs):
        self.uploading_user = user
        super().__init__(*args, user=user, **kwargs)
        field = self.fields.get("file")
        if field is not None:
            # Wagtail checks size and format before clean_file; say it in Vietnamese.
            field.error_messages["file_too_large"] = _(
                "Ảnh nặng %(file_size)s, quá giới hạn %(max_filesize)s. "
                "Hãy thu nhỏ ảnh rồi tải lại."
            )
            field.error_messages["invalid_image_extension"] = _(
                "Không nhận định dạng ảnh này. Chỉ nhận: %(formats)s."
            ) % {"formats": field.supported_formats_text}
            field.error_messages["invalid_image_known_format"] = _(
                "Ảnh có đuôi .%(extension)s nhưng nội dung là ảnh %(image_format)s. "
                "Hãy lưu lại ảnh đúng định dạng."
            )
            field.error_messages["invalid_image"] = _(
                "Tệp tải lên không phải ảnh, hoặc ảnh bị hỏng."
            )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            limit = getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * 1024 * 1024)
            check_upload(upload, self.uploading_user, IMAGE_TYPES, limit)
        return upload
