"""Telling volunteers what happened to their records, in their language."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from wagtail.users.models import UserProfile

from events.models import Action, Session

SUBJECTS = {
    Action.APPROVED: "events/email/approved_subject.txt",
    Action.RETURNED: "events/email/returned_subject.txt",
    Action.UNLOCKED: "events/email/returned_subject.txt",
}


def language_of(user):
    """The volunteer's chosen language if the site serves it, else Vietnamese."""
    preferred = UserProfile.get_for_user(user).preferred_language
    enabled = {code for code, _name in settings.LANGUAGES}
    return preferred if preferred in enabled else settings.LANGUAGE_CODE


def send_review_notice(session_id, action):
    session = Session.objects.select_related("created_by", "venue", "org_unit").get(pk=session_id)
    author = session.created_by
    if not author.email:
        return
    with translation.override(language_of(author)):
        context = {"session": session, "action": action, "base_url": settings.WAGTAILADMIN_BASE_URL}
        subject = render_to_string(SUBJECTS[action], context).strip()
        body = render_to_string("events/email/review_notice.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [author.email])
