"""Pictures of the first page of a material's PDF, so a reader sees it before downloading."""

import io

from django.core.files.base import ContentFile

from materials.models import DocumentPreview

PREVIEW_WIDTH = 480
JPEG_QUALITY = 70


def is_pdf(document):
    return document.file.name.lower().endswith(".pdf")


def make_preview(document):
    """Render page one of ``document`` as a JPEG 480 px wide; skipped when it is current.

    Returns the preview, or None when the document is not a PDF or cannot be read.
    """
    import pypdfium2

    if not is_pdf(document):
        return None
    existing = DocumentPreview.objects.filter(document=document).first()
    if existing is not None and existing.source_hash == document.file_hash and existing.image:
        return existing
    with document.open_file() as handle:
        data = handle.read()
    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        return None
    try:
        if len(pdf) == 0:
            return None
        first = pdf[0]
        width_points = first.get_width() or PREVIEW_WIDTH
        picture = first.render(scale=PREVIEW_WIDTH / width_points).to_pil().convert("RGB")
    finally:
        pdf.close()
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    preview = existing or DocumentPreview(document=document)
    if preview.image:
        preview.image.delete(save=False)
    preview.image.save(f"preview-{document.pk}.jpg", ContentFile(buffer.getvalue()), save=False)
    preview.width, preview.height = picture.size
    preview.source_hash = document.file_hash
    preview.save()
    return preview
