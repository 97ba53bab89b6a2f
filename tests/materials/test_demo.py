"""The demo library loads once; a second run changes nothing."""

import pytest
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.models import Page

from materials.models import MaterialFile, MaterialIndexPage

pytestmark = pytest.mark.django_db


def test_demo_library_loads_once_in_vietnamese(demo_site):
    call_command("load_demo_content", verbosity=0)
    pages, documents = Page.objects.count(), get_document_model().objects.count()
    call_command("load_demo_content", verbosity=0)
    assert Page.objects.count() == pages
    assert get_document_model().objects.count() == documents
    assert MaterialIndexPage.objects.count() == 1
    assert set(MaterialFile.objects.values_list("language", flat=True)) == {"vi"}
