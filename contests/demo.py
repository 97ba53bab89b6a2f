"""A demo contest for a first run: twelve questions on the law and on where to get help.

The contest page and its questions are in Vietnamese only: another language's version is
a translator's work, never a copy published as a "sample" (portal.demo's convention).
One round is open now, one is over.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from contests.models import (
    Choice,
    Contest,
    ContestIndexPage,
    ContestPage,
    Question,
    QuestionBank,
    QuestionKind,
    Round,
)
from places.models import OrgUnit

BANK_NAME = "Tìm hiểu pháp luật phòng, chống mại dâm và mua bán người (demo)"
CONTEST_NAME = "Cuộc thi tìm hiểu pháp luật – demo"
INDEX_SLUG = "cuoc-thi"
PAGE_SLUG = "tim-hieu-phap-luat"

LAW = "phap-luat"
HELP = "tro-giup"

# (code, tag, kind, question, explanation, [(choice, is_correct), ...])
QUESTIONS = [
    (
        "DEMO01",
        HELP,
        QuestionKind.SINGLE,
        "Tổng đài quốc gia bảo vệ trẻ em có số điện thoại nào?",
        "Tổng đài 111 miễn phí và hoạt động 24 giờ mỗi ngày, tiếp nhận thông tin về trẻ em "
        "bị xâm hại, bị mua bán hoặc có nguy cơ bị mua bán.",
        [("111", True), ("113", False), ("114", False), ("115", False)],
    ),
    (
        "DEMO02",
        HELP,
        QuestionKind.SINGLE,
        "Khi cần công an giúp đỡ khẩn cấp, bạn gọi số nào?",
        "113 là số gọi công an khi khẩn cấp; 114 là cứu nạn, cứu hộ; 115 là cấp cứu y tế.",
        [("113", True), ("114", False), ("115", False)],
    ),
    (
        "DEMO03",
        LAW,
        QuestionKind.SINGLE,
        "Một người lạ hứa tìm cho bạn “việc nhẹ, lương cao” ở nơi xa và đề nghị giữ hộ căn "
        "cước của bạn. Đây có thể là dấu hiệu gì?",
        "Giữ giấy tờ tùy thân của người lao động là một thủ đoạn thường gặp của kẻ lừa đảo, "
        "mua bán người: không có giấy tờ, người bị lừa khó tự trở về hay nhờ giúp đỡ.",
        [
            ("Dấu hiệu của lừa đảo, mua bán người", True),
            ("Cách làm bình thường của mọi công ty", False),
            ("Thủ tục bắt buộc để đi làm xa", False),
        ],
    ),
    (
        "DEMO04",
        HELP,
        QuestionKind.MULTIPLE,
        "Những việc nào giúp bạn an toàn hơn khi đi làm ăn xa? (chọn tất cả các ý đúng)",
        "Tìm hiểu nơi làm việc qua cơ quan có thẩm quyền và để gia đình biết nơi đến giúp "
        "phát hiện sớm khi có chuyện; không giao giấy tờ tùy thân cho người khác giữ.",
        [
            ("Tìm hiểu kỹ nơi làm việc qua chính quyền hoặc trung tâm dịch vụ việc làm", True),
            ("Cho gia đình biết địa chỉ, số điện thoại nơi đến", True),
            ("Giao căn cước cho người môi giới giữ hộ", False),
        ],
    ),
    (
        "DEMO05",
        LAW,
        QuestionKind.SINGLE,
        "Người bị mua bán có thể được trợ giúp pháp lý miễn phí không?",
        "Luật Trợ giúp pháp lý năm 2017 đưa nạn nhân của hành vi mua bán người có khó khăn "
        "về tài chính vào diện được trợ giúp pháp lý miễn phí.",
        [
            ("Có thể, theo Luật Trợ giúp pháp lý", True),
            ("Không bao giờ", False),
            ("Chỉ khi có người bảo lãnh", False),
        ],
    ),
    (
        "DEMO06",
        HELP,
        QuestionKind.SINGLE,
        "Khi một người bị mua bán trở về địa phương, cách cư xử nào là đúng?",
        "Người bị mua bán là nạn nhân. Tôn trọng, giữ kín thông tin và không kỳ thị giúp họ "
        "được hỗ trợ và hòa nhập cộng đồng.",
        [
            ("Tôn trọng, giữ kín thông tin, giúp họ hòa nhập", True),
            ("Xa lánh để tránh liên lụy", False),
            ("Kể chuyện của họ cho mọi người biết", False),
        ],
    ),
    (
        "DEMO07",
        LAW,
        QuestionKind.SINGLE,
        "Văn bản nào quy định về phòng, chống mại dâm ở Việt Nam?",
        "Pháp lệnh Phòng, chống mại dâm được Ủy ban Thường vụ Quốc hội ban hành năm 2003.",
        [
            ("Pháp lệnh Phòng, chống mại dâm năm 2003", True),
            ("Luật Giao thông đường bộ", False),
            ("Luật Đất đai", False),
        ],
    ),
    (
        "DEMO08",
        LAW,
        QuestionKind.SINGLE,
        "Mua dâm người dưới 18 tuổi bị pháp luật xử lý thế nào?",
        "Bộ luật Hình sự có tội mua dâm người dưới 18 tuổi: người mua dâm bị truy cứu trách "
        "nhiệm hình sự.",
        [
            ("Bị truy cứu trách nhiệm hình sự", True),
            ("Chỉ bị nhắc nhở", False),
            ("Không bị xử lý nếu người đó đồng ý", False),
        ],
    ),
    (
        "DEMO09",
        LAW,
        QuestionKind.SINGLE,
        "Chứa mại dâm, môi giới mại dâm có phải là tội phạm không?",
        "Bộ luật Hình sự quy định tội chứa mại dâm và tội môi giới mại dâm.",
        [("Có, là tội phạm theo Bộ luật Hình sự", True), ("Không", False)],
    ),
    (
        "DEMO10",
        HELP,
        QuestionKind.SINGLE,
        "Bạn nghi ngờ một người bạn bị lừa đưa đi nơi khác. Bạn nên làm gì trước tiên?",
        "Báo ngay cho công an (113) hoặc chính quyền địa phương; nếu là trẻ em, gọi thêm "
        "Tổng đài 111. Báo sớm giúp tìm và giải cứu kịp thời.",
        [
            ("Báo ngay cho công an hoặc chính quyền địa phương", True),
            ("Chờ vài tháng xem bạn có liên lạc không", False),
            ("Tự mình đi tìm mà không báo ai", False),
        ],
    ),
    (
        "DEMO11",
        HELP,
        QuestionKind.SINGLE,
        "Ngày toàn dân phòng, chống mua bán người ở Việt Nam là ngày nào?",
        "Ngày 30 tháng 7 hằng năm là Ngày toàn dân phòng, chống mua bán người, trùng với "
        "Ngày thế giới phòng, chống mua bán người.",
        [("30 tháng 7", True), ("1 tháng 6", False), ("20 tháng 10", False)],
    ),
    (
        "DEMO12",
        LAW,
        QuestionKind.SINGLE,
        "Theo pháp luật, người bị mua bán được coi là ai?",
        "Pháp luật về phòng, chống mua bán người coi người bị mua bán là nạn nhân: được bảo "
        "vệ, hỗ trợ và giữ bí mật thông tin.",
        [
            ("Nạn nhân, được bảo vệ và hỗ trợ", True),
            ("Người vi phạm pháp luật", False),
            ("Người tự chịu trách nhiệm, không ai giúp", False),
        ],
    ),
]

PAGE = {
    "title": "Cuộc thi tìm hiểu pháp luật về phòng, chống mại dâm và mua bán người",
    "slug": PAGE_SLUG,
    "intro": (
        "Trả lời các câu hỏi về pháp luật và nơi tìm sự giúp đỡ. Cuộc thi dành cho học sinh, "
        "sinh viên, người lao động và mọi người quan tâm."
    ),
    "rules": (
        "<p>Mỗi tuần thi, bạn làm bài trong thời gian quy định; mỗi lượt gồm các câu hỏi "
        "chọn ngẫu nhiên. Lượt có kết quả tốt nhất được tính.</p>"
        "<p>Xếp hạng theo: số câu đúng, rồi độ chênh của câu dự đoán so với số người trả lời "
        "đúng tất cả, rồi thời gian làm bài, rồi thời điểm nộp bài.</p>"
    ),
    "prizes": "<p>Mỗi tuần thi có 10 giải khuyến khích (giải thưởng minh họa cho bản demo).</p>",
    "eligibility": (
        "<p>Mọi công dân Việt Nam. Người dự thi dưới 16 tuổi cần cha mẹ hoặc người giám hộ "
        "đồng ý.</p>"
    ),
    "consent_text": (
        "Tôi đồng ý để Ban tổ chức xử lý họ tên, số điện thoại, năm sinh, trường hoặc nơi "
        "làm việc và xã, phường của tôi chỉ để tổ chức cuộc thi, xếp hạng và liên hệ trao giải. "
        "Dữ liệu được xóa sau khi công bố kết quả chính thức."
    ),
    "guardian_consent_text": (
        "Tôi là cha mẹ hoặc người giám hộ của người dự thi và đồng ý cho con tham gia cuộc thi "
        "cũng như cho Ban tổ chức xử lý các thông tin trên."
    ),
}


@transaction.atomic
def load_demo_contest(home):
    """Create the demo bank, contest, rounds and pages under ``home``; a second run changes nothing.

    Returns the list of what was created (empty when everything was there).
    """
    created = []
    country = OrgUnit.objects.filter(code="VN", valid_until__isnull=True).first()
    bank, made = QuestionBank.objects.get_or_create(name=BANK_NAME, defaults={"org_unit": country})
    if made:
        created.append("question bank")
    if _load_questions(bank):
        created.append("questions")
    contest = Contest.objects.filter(name=CONTEST_NAME).first()
    if contest is None:
        contest = _create_contest(bank, country)
        created.append("contest")
    index = ContestIndexPage.objects.child_of(home).filter(locale=home.locale).first()
    if index is None:
        index = ContestIndexPage(
            title="Cuộc thi",
            slug=INDEX_SLUG,
            locale=home.locale,
            intro="<p>Các cuộc thi tìm hiểu dành cho thanh niên và cộng đồng.</p>",
        )
        home.add_child(instance=index)
        index.save_revision().publish()
        created.append("contest index")
    page = ContestPage.objects.child_of(index).filter(contest=contest).first()
    if page is None:
        page = ContestPage(locale=home.locale, contest=contest, **PAGE)
        index.add_child(instance=page)
        page.save_revision().publish()
        created.append("contest page")
    return created


def _load_questions(bank):
    made = False
    for code, tag, kind, text, explanation, choices in QUESTIONS:
        if Question.objects.filter(bank=bank, code=code).exists():
            continue
        question = Question(
            bank=bank,
            code=code,
            kind=kind,
            difficulty=1,
            # Vietnamese only: a question in another language is a translator's work.
            texts={"vi": {"text": text, "explanation": explanation}},
        )
        question.save()
        question.tags.add(tag)
        question.save()
        Choice.objects.bulk_create(
            Choice(question=question, position=n, texts={"vi": choice}, is_correct=correct)
            for n, (choice, correct) in enumerate(choices, start=1)
        )
        made = True
    return made


def _create_contest(bank, org_unit=None):
    now = timezone.now()
    week = datetime.timedelta(days=7)
    contest = Contest.objects.create(
        name=CONTEST_NAME,
        org_unit=org_unit,
        bank=bank,
        questions_per_attempt=6,
        time_limit_seconds=600,
        attempts_per_round=3,
        balance_by_tag=True,
        show_answers_after_close=True,
        min_age_without_guardian=16,
    )
    Round.objects.create(contest=contest, number=1, opens_at=now - 2 * week, closes_at=now - week)
    Round.objects.create(contest=contest, number=2, opens_at=now - week, closes_at=now + week)
    return contest
