"""Documents, images and a reader's User-Agent for the library tests."""

import io

from django.core.files.base import ContentFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

PHONE_UA = (
    "Mozilla/5.0 (Linux; Android 10; SM-A105F) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36"
)


def make_document(title, data, filename, collection=None):
    document = get_document_model()(title=title)
    if collection is not None:
        document.collection = collection
    document.file.save(filename, ContentFile(data), save=False)
    document._set_document_file_metadata()
    document.save()
    return document


def make_image(title="Ảnh", size=(40, 30)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (11, 93, 107)).save(buffer, format="PNG")
    image = get_image_model()(title=title, width=size[0], height=size[1])
    image.file.save("anh.png", ContentFile(buffer.getvalue()), save=False)
    image.width, image.height = size
    image._set_image_file_metadata()
    image.save()
    return image
