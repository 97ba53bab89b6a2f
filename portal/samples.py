"""Withdraw the "[Bản mẫu – chờ người dịch …]" sample language versions published earlier.

A sample was the Vietnamese text republished under another language's prefix with a mark
in its title. Withdrawn: every such page is unpublished (its Vietnamese original stays,
and the menu links it in Vietnamese), a material's sample file is removed, and a contest
question's sample text is dropped. A minority home page stays, reduced to the Vietnamese
title and hotline with the "more is in Vietnamese" line (portal.demo's home shell).
A second run changes nothing.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from wagtail.models import Page

from contests.models import Question
from locales.samples import SAMPLE_MARK
from materials.models import MaterialPage
from portal.models import HomePage

MARK_PREFIX = SAMPLE_MARK.split("{", 1)[0]  # "[Bản mẫu – chờ người dịch "


@dataclass
class Withdrawn:
    pages: list = field(default_factory=list)
    homes: list = field(default_factory=list)
    files: int = 0
    question_texts: int = 0

    def __str__(self):
        return (
            f"{len(self.pages)} sample pages unpublished, {len(self.homes)} home pages reduced, "
            f"{self.files} sample files removed, "
            f"{self.question_texts} sample question texts removed."
        )


def _is_sample(page):
    return bool(getattr(page, "awaiting_native_translation", False)) or page.title.startswith(
        MARK_PREFIX
    )


@transaction.atomic
def withdraw_sample_translations():
    result = Withdrawn()
    candidates = (
        Page.objects.live()
        .exclude(locale__language_code=settings.LANGUAGE_CODE)
        .order_by("-depth")
        .specific()
    )
    for page in candidates:
        if not _is_sample(page):
            continue
        if isinstance(page, HomePage):
            if _reduce_home(page):
                result.homes.append(page.url_path)
        else:
            page.unpublish()
            result.pages.append(page.url_path)
    for material in MaterialPage.objects.filter(
        files__document__title__startswith=MARK_PREFIX
    ).distinct():
        samples = [f for f in material.files.all() if _sample_file(f)]
        for sample in samples:
            material.files.remove(sample)
        result.files += len(samples)
        if material.live:
            material.save_revision().publish()
        else:
            material.save()
    for question in Question.objects.filter(~Q(texts={})):
        kept = {
            code: text
            for code, text in question.texts.items()
            if not str((text or {}).get("text", "")).startswith(MARK_PREFIX)
        }
        if kept != question.texts:
            result.question_texts += len(question.texts) - len(kept)
            question.texts = kept
            question.save(update_fields=["texts"])
    return result


def _sample_file(material_file):
    document = material_file.document
    return document is not None and document.title.startswith(MARK_PREFIX)


def _reduce_home(home):
    """The Vietnamese title and hotline, no copied text, flagged; False if already so."""
    source = home.get_translations().filter(locale__language_code=settings.LANGUAGE_CODE).first()
    title = source.title if source is not None else home.title.removeprefix(MARK_PREFIX)
    if (home.title, home.intro, str(home.body or ""), home.awaiting_native_translation) == (
        title,
        "",
        "",
        True,
    ):
        return False
    home.title = title
    home.draft_title = title
    home.intro = ""
    home.body = ""
    home.awaiting_native_translation = True
    home.save_revision().publish()
    return True
