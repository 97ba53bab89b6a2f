import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from contests.attempts import Entry
from contests.models import Attempt, Participant
from tests.contests.factories import start_proven

CONSENT = "Tôi đồng ý cho Ban tổ chức xử lý họ tên, số điện thoại và năm sinh của tôi."
GUARDIAN = "Tôi là cha mẹ hoặc người giám hộ và đồng ý cho con tham gia."


def entry(**fields):
    values = {
        "full_name": "Vàng Văn Dũng",
        "phone": "0987 654 321",
        "birth_year": timezone.now().year - 20,
        "consent": True,
        "consent_text": CONSENT,
        "guardian_consent_text": GUARDIAN,
    }
    return Entry(**(values | fields))


def test_consent_is_recorded_with_its_wording_and_time(contest, open_round):
    before = timezone.now()
    attempt = start_proven(contest, entry())
    participant = attempt.participant
    assert participant.consent_text == CONSENT
    assert before <= participant.consent_at <= timezone.now()
    assert participant.guardian_consent_at is None


def test_without_consent_no_data_is_kept(contest, open_round):
    with pytest.raises(ValidationError) as refused:
        start_proven(contest, entry(consent=False))
    assert "consent" in refused.value.message_dict
    assert not Participant.objects.exists()


def test_under_16_without_guardian_consent_is_refused(contest, open_round):
    young = timezone.now().year - 14
    with pytest.raises(ValidationError) as refused:
        start_proven(contest, entry(birth_year=young, guardian_name="Vàng Thị Lan"))
    assert set(refused.value.message_dict) == {"guardian_consent"}
    assert not Participant.objects.exists()
    assert not Attempt.objects.exists()


def test_under_16_without_guardian_name_is_refused(contest, open_round):
    young = timezone.now().year - 14
    with pytest.raises(ValidationError) as refused:
        start_proven(contest, entry(birth_year=young, guardian_consent=True))
    assert set(refused.value.message_dict) == {"guardian_name"}


def test_under_16_with_guardian_consent_records_it(contest, open_round):
    young = timezone.now().year - 14
    attempt = start_proven(
        contest, entry(birth_year=young, guardian_name="Vàng Thị Lan", guardian_consent=True)
    )
    participant = attempt.participant
    assert participant.guardian_name == "Vàng Thị Lan"
    assert participant.guardian_consent_text == GUARDIAN
    assert participant.guardian_consent_at is not None


def test_a_birth_year_that_may_still_be_15_needs_a_guardian(contest, open_round):
    """Born 16 years ago: until the birthday, still 15."""
    with pytest.raises(ValidationError) as refused:
        start_proven(contest, entry(birth_year=timezone.now().year - 16))
    assert "guardian_consent" in refused.value.message_dict


def test_the_age_limit_is_the_contests(contest, open_round):
    contest.min_age_without_guardian = 18
    contest.save()
    with pytest.raises(ValidationError):
        start_proven(contest, entry(birth_year=timezone.now().year - 17))
