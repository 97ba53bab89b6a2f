"""Join codes: a school vouches for the entrants of one class, within the code's uses."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from contests import join_codes
from contests.models import JoinCode, Participant
from tests.contests.factories import JoinCodeFactory, start_proven
from tests.contests.test_identity import entry
from tests.events.factories import VenueFactory


@pytest.fixture
def school(tree):
    return VenueFactory(name="Trường THPT Lâm Bình", org_unit=tree.lam_binh)


def test_an_entry_with_a_join_code_is_vouched_by_its_venue(contest, open_round, school):
    code = JoinCodeFactory(contest=contest, venue=school, max_uses=2)
    start_proven(contest, entry(join_code=code.code.lower()))
    participant = Participant.objects.get()
    assert (participant.join_code, participant.venue) == (code, school)
    assert participant.phone_verified_at is not None
    code.refresh_from_db()
    assert code.uses == 1


def test_a_join_code_takes_no_more_entrants_than_its_uses(contest, open_round, school):
    code = JoinCodeFactory(contest=contest, venue=school, max_uses=1)
    start_proven(contest, entry(join_code=code.code))
    with pytest.raises(ValidationError) as refused:
        start_proven(contest, entry(phone="0912 999 888", join_code=code.code))
    assert "join_code" in refused.value.message_dict
    assert Participant.objects.count() == 1


def test_a_rotated_code_stops_working_and_its_successor_keeps_the_uses_left(
    contest, open_round, school
):
    old = JoinCodeFactory(contest=contest, venue=school, max_uses=3)
    start_proven(contest, entry(join_code=old.code))
    new = join_codes.rotate(old)
    assert new.max_uses == 2 and new.code != old.code
    with pytest.raises(ValidationError):
        start_proven(contest, entry(phone="0912 999 888", join_code=old.code))
    start_proven(contest, entry(phone="0912 999 777", join_code=new.code))


def test_the_command_prints_a_new_code_for_a_class(contest, school, capsys):
    call_command("contest_join_codes", str(contest.pk), school.code, "--label", "10A1")
    code = JoinCode.objects.get()
    assert code.code in capsys.readouterr().out
    assert (code.label, code.max_uses) == ("10A1", 50)
