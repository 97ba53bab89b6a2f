"""Text is stored as NFC without control characters, so one record sent in two forms is one."""

import json
import unicodedata

import pytest

from common.text import clean_text
from events.models import Session
from places import tokens
from tests.events.test_api_write import talk

pytestmark = pytest.mark.django_db

NFC_COHORT = "Lớp 10A1 – Trường Lâm Bình"
NFD_COHORT = unicodedata.normalize("NFD", NFC_COHORT)


@pytest.fixture
def post(client, people):
    token = tokens.create_token(people.volunteer_a, "test")[1]

    def send(body):
        return client.post(
            "/api/v1/sessions",
            json.dumps(body),
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        )

    return send


def test_clean_text_composes_and_drops_control_and_invisible_characters():
    assert NFD_COHORT != NFC_COHORT
    assert clean_text(NFD_COHORT) == NFC_COHORT
    assert clean_text("a\x00b\x1bc\u200bd\ufeff\u202ee") == "abcde"
    assert clean_text("dòng 1\r\ndòng 2\tcột") == "dòng 1\ndòng 2\tcột"


def test_text_sent_decomposed_is_stored_composed_without_control_characters(post, venues):
    note = unicodedata.normalize("NFD", "Học sinh hỏi nhiều") + "\x00\x07"
    response = post(
        talk(cohort=NFD_COHORT, note=note, materials=[{"description": "Tờ\x00 rơi", "quantity": 3}])
    )
    assert response.status_code == 201, response.content
    session = Session.objects.get()
    assert session.cohort == NFC_COHORT
    assert session.note == "Học sinh hỏi nhiều"
    assert session.materials_handed_out.get().description == "Tờ rơi"


def test_a_resend_in_nfc_of_a_record_sent_in_nfd_is_the_same_record_not_a_409(post, venues):
    body = talk(cohort=NFD_COHORT, materials=[{"description": "Tờ rơi", "quantity": 40}])
    first = post(body)
    assert first.status_code == 201
    again = post({**body, "cohort": NFC_COHORT})
    assert again.status_code == 200, again.content
    assert again.json()["id"] == first.json()["id"]
    assert Session.objects.count() == 1


def test_a_record_stored_decomposed_before_this_rule_still_matches_its_nfc_resend(post, venues):
    body = talk(cohort=NFC_COHORT)
    first = post(body)
    Session.objects.filter(pk=first.json()["id"]).update(cohort=NFD_COHORT)
    assert post(body).status_code == 200
