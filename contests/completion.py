"""What happens around a submission, the same for the pages and the API.

- Whether its score may show before the round closes (``score_allowance``).
- The analytics event: it names the contest and language and points at the
  contest's page, never at the attempt (whose id is in the quiz's address and
  would let anyone reading the analytics open that entrant's result).
"""

from django.conf import settings
from django.utils.translation import gettext as _

from common.analytics import is_configured, send_event
from contests import abuse
from contests.state import state_of_round

DEVICE_COOKIE = "contest_device"
DEVICE_HEADER = "X-Device-Id"


def device_of(request) -> str:
    """The device id a browser (cookie) or an app (header) sends; "" if none."""
    value = request.COOKIES.get(DEVICE_COOKIE) or request.headers.get(DEVICE_HEADER, "")
    return value[:64]


def score_allowance(request):
    """For ``submit_attempt``: may this submission's score show at once?"""

    def may_show(state, attempt):
        round_ = state.round(attempt.round_id)
        allowed = min(settings.CONTEST_SCORE_AT_ONCE_PER_ADDRESS, state.oracle_attempts() - 1)
        if round_ is None or allowed < 1:
            return False
        return abuse.may_score_at_once(
            request, round_.id, round_.closes_at, allowed, device_of(request)
        )

    return may_show


def announce_completion(request, attempt):
    """Send "Contest completed" to analytics, addressed to the contest page, not the attempt."""
    state = state_of_round(attempt.round_id)
    if state is None or not is_configured():
        return
    url = state.page_url(attempt.language)
    send_event(
        request,
        "Contest completed",
        props={"contest": state.contest.name, "language": attempt.language},
        url=url or request.build_absolute_uri("/"),
        referrer="",
    )


def code_sent_message():
    return _(
        "Nếu số điện thoại đúng, mã xác minh sẽ đến trong ít phút. Nhập mã để bắt đầu làm bài."
    )


def code_not_sent_message():
    return _("Chưa gửi được mã xác minh. Vui lòng thử lại sau ít phút.")
