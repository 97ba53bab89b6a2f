"""Contest fixtures: a bilingual bank of twelve questions, a contest, an open and a closed round."""

from types import SimpleNamespace

import pytest
from django.core.cache import cache

from contests import abuse, sms, state
from contests.models import ContestIndexPage, ContestPage
from tests.contests.factories import (
    ClosedRoundFactory,
    ContestFactory,
    QuestionBankFactory,
    QuestionFactory,
    RoundFactory,
)
from tests.materials.plausible_server import RecordingPlausible


@pytest.fixture(autouse=True)
def fresh_cache(settings):
    """Rate-limit counters, contest states and SMS outbox: each test starts clean."""
    settings.SMS_BACKEND = "memory"
    cache.clear()
    abuse.reset()
    state.forget()
    sms.outbox.clear()
    yield
    cache.clear()
    abuse.reset()
    state.forget()


@pytest.fixture
def bank(db):
    """Twelve single-choice questions, half tagged "luat" (the law), half "tro-giup" (help)."""
    bank = QuestionBankFactory(name="Bộ câu hỏi pháp luật")
    questions = [
        QuestionFactory(bank=bank, code=f"PL{n:02d}", tag_names=["luat" if n % 2 else "tro-giup"])
        for n in range(1, 13)
    ]
    return SimpleNamespace(bank=bank, questions=questions)


@pytest.fixture
def contest(bank):
    """Five questions per attempt, ten minutes, one attempt per round, a guardian under 16."""
    return ContestFactory(name="Tìm hiểu pháp luật", bank=bank.bank)


@pytest.fixture
def open_round(contest):
    return RoundFactory(contest=contest, number=2)


@pytest.fixture
def closed_round(contest):
    return ClosedRoundFactory(contest=contest, number=1)


@pytest.fixture
def contest_page(demo_site, contest, open_round, closed_round):
    """The contest's page under a contest index on the Vietnamese home page, published."""
    index = ContestIndexPage(title="Cuộc thi", slug="cuoc-thi", locale=demo_site.locale)
    demo_site.add_child(instance=index)
    index.save_revision().publish()
    page = ContestPage(
        title="Cuộc thi tìm hiểu pháp luật",
        slug="tim-hieu-phap-luat",
        locale=demo_site.locale,
        contest=contest,
        intro="Tìm hiểu pháp luật về phòng, chống mại dâm và mua bán người.",
        rules="<p>Mỗi tuần một lượt thi.</p>",
        prizes="<p>Mười giải mỗi tuần.</p>",
        eligibility="<p>Học sinh, sinh viên, người lao động.</p>",
        consent_text="Tôi đồng ý cho Ban tổ chức xử lý họ tên, số điện thoại và năm sinh của tôi.",
        guardian_consent_text="Tôi là cha mẹ hoặc người giám hộ và đồng ý cho con tham gia.",
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def identity(open_round):
    """What an adult entrant types into the entry form."""
    return {
        "full_name": "Giàng Thị Mai",
        "phone": "0912 345 678",
        "birth_year": open_round.opens_at.year - 20,
        "school_or_workplace": "Trường THPT Lâm Bình",
        "consent": True,
    }


@pytest.fixture
def plausible(settings):
    """A real HTTP server on 127.0.0.1 standing in for Plausible; ``wait_for(n)`` its posts."""
    with RecordingPlausible() as server:
        settings.PLAUSIBLE_HOST = server.url
        settings.PLAUSIBLE_DOMAIN = "outreach.example.org"
        yield server
