"""Import jobs: what the admin started, how far it got, and what came of it.

Every import from the admin is a job, so that its result has an address
(reloading the page does not import again, and the list of errors can be
downloaded). A file of at most ``TASK_THRESHOLD`` rows is imported within the
request; a bigger one by the Celery task ``events.import_sessions_file``, which
reports progress for the admin's progress bar.

A job's state, and a queued file's bytes, live in the Django cache under a
random job id for a day: Redis in production, shared by the web and worker
processes; local memory in development, where Celery runs in-process. Only the
user who started a job may read it.
"""

import logging
import uuid

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.translation import gettext as _

from common.queue import task_named
from common.spreadsheets import FileRefused, ImportResult, open_table
from events.imports import import_sessions
from places.imports import import_venues
from places.user_imports import import_users

logger = logging.getLogger(__name__)

TASK_THRESHOLD = 5000
JOB_TTL = 24 * 3600
QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
FINISHED = {DONE, FAILED}
SESSIONS, VENUES, USERS = "sessions", "venues", "users"
IMPORTERS = {SESSIONS: import_sessions, VENUES: import_venues, USERS: import_users}


def _job_key(job_id):
    return f"events:import-job:{job_id}"


def _file_key(job_id):
    return f"events:import-file:{job_id}"


def get(job_id) -> dict | None:
    return cache.get(_job_key(job_id))


def _update(job_id, **changes):
    job = get(job_id) or {}
    job.update(changes)
    cache.set(_job_key(job_id), job, JOB_TTL)
    return job


def _new_job(user, kind, filename, rows, approve):
    job_id = uuid.uuid4().hex
    _update(
        job_id,
        id=job_id,
        kind=kind,
        user_id=user.pk,
        filename=filename,
        rows=rows,
        approve=approve,
        language=translation.get_language(),
        state=QUEUED,
        stage="",
        done=0,
        total=rows,
        result=None,
        message="",
    )
    return job_id


def start(user, kind, filename, data: bytes, table, *, approve=False) -> str:
    """Import now if the file is small, else queue it; returns the job id either way."""
    rows = table.count_rows()
    job_id = _new_job(user, kind, filename, rows, approve)
    if rows <= TASK_THRESHOLD:
        _run(job_id, user, table)
        return job_id
    cache.set(_file_key(job_id), data, JOB_TTL)
    try:
        task_named("events.import_sessions_file").apply_async(args=[job_id], retry=False)
    except Exception as exc:  # the broker is down: say so now rather than leave a queued job
        logger.warning("Import job %s could not be queued: %s", job_id, exc)
        cache.delete(_file_key(job_id))
        _update(
            job_id,
            state=FAILED,
            message=_("Máy xử lý nền đang không hoạt động. Thử lại sau ít phút."),
        )
    return job_id


def run(job_id) -> str:
    """Run a queued job (the Celery task's body). A job already finished is left alone."""
    job = get(job_id)
    if job is None:
        return "unknown"
    if job["state"] in FINISHED:
        return job["state"]
    data = cache.get(_file_key(job_id))
    user = get_user_model().objects.filter(pk=job["user_id"], is_active=True).first()
    with translation.override(job.get("language")):
        if data is None or user is None:
            _update(job_id, state=FAILED, message=_("Tệp đã hết hạn; tải tệp lên lại."))
            return FAILED
        try:
            table = open_table(data, job["filename"])
        except FileRefused as refused:
            _update(job_id, state=FAILED, message=refused.message)
            return FAILED
        state = _run(job_id, user, table)
    cache.delete(_file_key(job_id))
    return state


def _run(job_id, user, table):
    job = _update(job_id, state=RUNNING)

    def progress(stage, done, total):
        _update(job_id, stage=stage, done=done, total=total)

    options = {"approve": job["approve"]} if job["kind"] == SESSIONS else {}
    try:
        result = IMPORTERS[job["kind"]](user, table, progress=progress, **options)
    except (PermissionDenied, FileRefused) as refused:
        message = getattr(refused, "message", "") or str(refused)
        _update(job_id, state=FAILED, message=message or _("Bạn không có quyền nhập dữ liệu này."))
        return FAILED
    except Exception:
        logger.exception("Import job %s failed", job_id)
        _update(job_id, state=FAILED, message=_("Có lỗi khi nhập; chưa dòng nào được lưu."))
        return FAILED
    _update(job_id, state=DONE, result=result.as_dict())
    return DONE


def result_of(job) -> ImportResult | None:
    return ImportResult.from_dict(job["result"]) if job.get("result") else None


def percent(job) -> int:
    """Checking is the first half of the bar, saving the second."""
    if job["state"] in FINISHED:
        return 100
    total = job.get("total") or 1
    share = min(job.get("done", 0), total) / total
    if job.get("stage") == "saving":
        return int(50 + 50 * share)
    return int(50 * share)


def status(job) -> dict:
    """What the progress bar polls for."""
    labels = {
        QUEUED: _("Đang chờ xử lý…"),
        RUNNING: _("Đang kiểm tra các dòng…") if job.get("stage") != "saving" else _("Đang lưu…"),
        DONE: _("Xong."),
        FAILED: job.get("message") or _("Không nhập được."),
    }
    return {
        "state": job["state"],
        "stage": job.get("stage", ""),
        "done": job.get("done", 0),
        "total": job.get("total", 0),
        "percent": percent(job),
        "label": str(labels[job["state"]]),
        "finished": job["state"] in FINISHED,
    }
