"""The narrative sections' text, prefilled from a report's snapshot.

Plain text: one paragraph per line; a line starting with "- " is a list item,
as Vietnamese reports write them. Officers rewrite any of it in the admin.
"""

from django.utils.translation import gettext as _

from indicators.reports.labels import (
    MET,
    NO_DATA,
    NO_TARGET,
    NOT_MET,
    number,
    percent,
)


def _list(lines):
    """List items end with ";" and the last with "."."""
    return [f"- {line}{'.' if i == len(lines) - 1 else ';'}" for i, line in enumerate(lines)]


def plan_basis(plan):
    """The plan as a report cites it, in its own legal form: "Quyết định số 808/QĐ-LĐTBXH
    ngày 05/09/2022 (…)", never "Kế hoạch số" for a decision; unnumbered: "Kế hoạch …"."""
    name = plan["name"]
    form = plan.get("form_label") or _("Kế hoạch")
    if plan["document_number"]:
        citation = plan.get("citation") or _("%(form)s số %(number)s") % {
            "form": form,
            "number": plan["document_number"],
        }
        return _("%(citation)s (%(name)s)") % {"citation": citation, "name": name}
    return f"{form} {name[:1].lower()}{name[1:]}"


def intro(snapshot):
    unit, period, plan = snapshot["unit"], snapshot["period"], snapshot["plan"]
    if plan:
        basis = plan_basis(plan)
        return _(
            "Thực hiện %(basis)s, %(unit)s báo cáo kết quả công tác truyền thông phòng, "
            "chống mại dâm %(period)s như sau:"
        ) % {"basis": basis, "unit": unit["name"], "period": period["label"]}
    return _(
        "%(unit)s báo cáo kết quả công tác truyền thông phòng, chống mại dâm %(period)s như sau:"
    ) % {"unit": unit["name"], "period": period["label"]}


def activities(snapshot):
    data = snapshot["activities"]
    total = data["total"]
    if not total["sessions"]:
        return _("Trong kỳ chưa có buổi tuyên truyền trực tiếp nào được ghi nhận và duyệt.")
    lines = [
        _(
            "Trong kỳ, trên địa bàn đã tổ chức %(sessions)s buổi tuyên truyền trực tiếp với "
            "%(participants)s lượt người tham dự, trong đó nữ %(female)s lượt, người dân tộc "
            "thiểu số %(minority)s lượt, người dưới 18 tuổi %(under_18)s lượt."
        )
        % {key: number(value) for key, value in total.items()}
    ]
    communes = next((r for r in snapshot["readings"] if r["code"] == "communes"), None)
    if communes and communes["denominator"]:
        lines.append(
            _("%(active)s/%(all)s xã, phường (%(percent)s) có tổ chức ít nhất một hình thức.")
            % {
                "active": number(communes["numerator"]),
                "all": number(communes["denominator"]),
                "percent": percent(communes["value"]),
            }
        )
    lines.append(_("Theo hình thức:"))
    lines += _list(
        [
            _("%(form)s: %(sessions)s buổi, %(participants)s lượt người")
            % {
                "form": row["label"],
                "sessions": number(row["sessions"]),
                "participants": number(row["participants"]),
            }
            for row in data["by_form"]
        ]
    )
    lines.append(_("Theo đối tượng:"))
    lines += _list(
        [
            _("%(audience)s: %(participants)s lượt người")
            % {"audience": row["label"], "participants": number(row["participants"])}
            for row in data["by_audience"]
        ]
    )
    return "\n".join(lines)


def training(snapshot):
    data = (snapshot.get("training") or {}).get("total") or {}
    if not data.get("sessions"):
        return _("Trong kỳ chưa có lớp tập huấn nào được ghi nhận và duyệt.")
    lines = [
        _(
            "Trong kỳ đã tổ chức %(sessions)s lớp tập huấn, bồi dưỡng với %(participants)s "
            "lượt người."
        )
        % {"sessions": number(data["sessions"]), "participants": number(data["participants"])}
    ]
    reading = next((r for r in snapshot["readings"] if r["code"] == "training"), None)
    if reading and reading["denominator"]:
        lines.append(
            _("%(trained)s/%(cadres)s cán bộ (%(percent)s) đã được tập huấn.")
            % {
                "trained": number(reading["numerator"]),
                "cadres": number(reading["denominator"]),
                "percent": percent(reading["value"]),
            }
        )
    return "\n".join(lines)


def inspection(snapshot):
    data = snapshot.get("inspection") or {}
    if not data.get("sessions"):
        return _("Trong kỳ chưa có lượt kiểm tra cơ sở nào được ghi nhận và duyệt.")
    return _(
        "Trong kỳ đã tiến hành %(sessions)s lượt kiểm tra tại %(establishments)s cơ sở kinh "
        "doanh dịch vụ."
    ) % {"sessions": number(data["sessions"]), "establishments": number(data["establishments"])}


def materials(snapshot):
    rows = snapshot["materials"]
    if not rows:
        return _("Chưa có số liệu tài liệu được cấp phát tại các buổi tuyên truyền trong kỳ.")
    lines = [_("Tài liệu đã cấp phát tại các buổi tuyên truyền:")]
    lines += _list(
        [
            _("%(material)s: %(quantity)s (tại %(sessions)s buổi)")
            % {
                "material": row["description"][:1].upper() + row["description"][1:],
                "quantity": number(row["quantity"]),
                "sessions": number(row["sessions"]),
            }
            for row in rows
        ]
    )
    return "\n".join(lines)


def media(snapshot):
    data = snapshot["media"]
    if not data["total"]:
        return _("Trong kỳ chưa có tin, bài nào được ghi nhận trong nhật ký truyền thông.")
    lines = [
        _("Trong kỳ có %(total)s tin, bài, chương trình về phòng, chống mại dâm, gồm:")
        % {"total": number(data["total"])}
    ]
    lines += _list(
        [
            _("%(channel)s: %(items)s") % {"channel": row["label"], "items": number(row["items"])}
            for row in data["by_channel"]
        ]
    )
    levels = "; ".join(
        _("cấp %(level)s: %(items)s")
        % {"level": row["label"].lower(), "items": number(row["items"])}
        for row in data["by_level"]
    )
    if levels:
        lines.append(_("Theo cấp: %(levels)s.") % {"levels": levels})
    press = next((r for r in snapshot["readings"] if r["code"] == "press"), None)
    if press and press["denominator"]:
        lines.append(
            _("%(months)s/%(all)s tháng có tin, bài trên báo chí trung ương hoặc tỉnh.")
            % {"months": number(press["numerator"]), "all": number(press["denominator"])}
        )
    return "\n".join(lines)


def contests(snapshot):
    if not snapshot.get("contests"):
        return _("Chưa có dữ liệu.")
    return ""


def indicators(snapshot):
    groups = {MET: [], NOT_MET: [], NO_DATA: [], NO_TARGET: []}
    for reading in snapshot["readings"]:
        groups[reading["verdict"]].append(reading)
    judged = len(groups[MET]) + len(groups[NOT_MET])
    lines = []
    if judged:
        lines.append(
            _("Đạt %(met)s/%(judged)s chỉ tiêu có số liệu và có chỉ tiêu kế hoạch.")
            % {"met": len(groups[MET]), "judged": judged}
        )
    if groups[MET]:
        lines.append(_("Các chỉ tiêu đạt:"))
        lines += _list(
            [
                _("%(name)s: %(value)s (chỉ tiêu %(target)s)")
                % {"name": r["name"], "value": percent(r["value"]), "target": percent(r["target"])}
                for r in groups[MET]
            ]
        )
    if groups[NOT_MET]:
        lines.append(_("Các chỉ tiêu chưa đạt:"))
        lines += _list(
            [
                _("%(name)s: %(value)s (chỉ tiêu %(target)s)")
                % {"name": r["name"], "value": percent(r["value"]), "target": percent(r["target"])}
                for r in groups[NOT_MET]
            ]
        )
    if groups[NO_DATA]:
        lines.append(
            _("Chưa có số liệu: %(names)s.")
            % {"names": "; ".join(r["name"].lower() for r in groups[NO_DATA])}
        )
    if groups[NO_TARGET]:
        lines.append(
            _("Kế hoạch chưa giao chỉ tiêu: %(names)s.")
            % {"names": "; ".join(r["name"].lower() for r in groups[NO_TARGET])}
        )
    return "\n".join(lines)


PREFILL = {
    "intro": intro,
    "activities": activities,
    "training": training,
    "inspection": inspection,
    "materials": materials,
    "media": media,
    "contests": contests,
    "indicators": indicators,
}


def prefill(snapshot) -> dict:
    """{section code: generated text}; sections without a generator start empty."""
    return {code: generate(snapshot) for code, generate in PREFILL.items()}
