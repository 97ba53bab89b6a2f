"""Background work of the library."""

from celery import shared_task


@shared_task(name="materials.make_pdf_preview", ignore_result=True, acks_late=True)
def make_pdf_preview(document_id):
    """Make the first-page picture of one PDF (see materials.previews.make_preview)."""
    from wagtail.documents import get_document_model

    from materials.previews import make_preview

    document = get_document_model().objects.filter(pk=document_id).first()
    if document is not None:
        make_preview(document)


def queue_previews(material):
    """Queue a preview for every PDF of ``material`` that has none for its current file."""
    from materials.previews import is_pdf

    for row in material.language_files:
        if row.document is not None and is_pdf(row.document) and row.preview is None:
            make_pdf_preview.delay(row.document.pk)
