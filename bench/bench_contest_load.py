"""Contest submissions under an evening rush: the real flow against gunicorn, PostgreSQL, Redis.

The load generator is wrk (Debian package ``wrk``) with a Lua flow script, so
the server keeps the CPU: each connection starts an attempt with a fresh phone
number (``POST /api/v1/contests/{id}/attempts``), answers the drawn questions and
submits (``POST /api/v1/attempts/{id}/submit``); one submission in ten is sent
again, as a phone on a flaky connection does, which must return the first
result and store nothing more. The contest is a school-room one (no SMS codes:
a gateway is not part of the load) with one try per round.

Each measured run follows a few unmeasured seconds of the same flow
(``--warm-seconds``), so that what each worker pays once (its database
connection, the contest's state, code loaded on first use) is not charged to
the flows of a short run. Measured: accepted first submissions per second, the p95 latency of every
request of the flow (starts and submissions), and the server's CPU per flow:
CPU time of the gunicorn processes and of the PostgreSQL backends serving the
bench database, divided by the flows completed. After the run, against the
database: ``lost`` = submissions the server accepted that are not stored as
submitted; ``doubled`` = entrants with more attempts than the round allows, or
two entrants for one number. A plain Django view under the same gunicorn is
measured first, for scale.

``--processes 2`` measures one web process, then two on different ports behind
the same PostgreSQL and Redis, driven at once, and prints both rates.

Builds a throwaway database on the PostgreSQL server of ``--postgres`` (default
postgres://postgres@127.0.0.1:5432/postgres), copied from a migrated template
database that is kept between runs and named by the hash of the migrations and
uv.lock (bench/support.py; ``--fresh`` migrates the template again), then dropped;
uses the Redis of ``--redis`` (default ``$REDIS_URL`` or redis://127.0.0.1:6379/8)
under a key prefix of its own. Production settings (DEBUG off), except that the
per-address rate limits are lifted: every simulated entrant is 127.0.0.1.

    .tools/bin/uv run python bench/bench_contest_load.py [--smoke] [--seconds 20]
        [--warm-seconds 4] [--connections 32] [--workers 3] [--processes 2]

Prints last: ``contest: N submissions/s, p95 X ms, server CPU Y ms per flow, lost L, doubled D``.
Goal (issue 12): at least 200 submissions/s with p95 under 300 ms, at most 8 ms of
server CPU per flow, 0 lost, 0 doubled.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import support
from support import ROOT

QUESTIONS = 40
QUESTIONS_PER_ATTEMPT = 10
RESUBMIT_EVERY = 10
GOAL_RATE = 200
GOAL_P95_MS = 300
GOAL_CPU_MS = 8
# Valid Vietnamese mobile prefixes: each wrk thread numbers its entrants under its own.
PREFIXES = [
    "090",
    "091",
    "093",
    "094",
    "096",
    "097",
    "098",
    "070",
    "076",
    "077",
    "078",
    "079",
    "081",
    "082",
    "083",
    "084",
    "085",
    "088",
    "086",
    "032",
    "033",
    "034",
    "035",
    "036",
    "037",
    "038",
    "039",
    "092",
    "056",
    "058",
    "099",
    "059",
]

BENCH_SETTINGS = '''
"""Production settings with the per-address limits lifted: every simulated entrant is 127.0.0.1."""
from portal.settings import *  # noqa: F403

CONTEST_START_LIMIT_PER_IP = (10**9, 600)
CONTEST_SUBMIT_LIMIT_PER_IP = (10**9, 600)
ROOT_URLCONF = "bench_urls"
'''

BENCH_URLS = """
from django.http import HttpResponse
from django.urls import path

from portal.urls import urlpatterns as portal_patterns


def plain(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/plain/", plain), *portal_patterns]
"""

# The flow, per wrk thread: request() sends a waiting submission if there is one, else a
# new start; response() reads a start's attempt and queues its submission (and, one time
# in ten, the same submission again). Accepted attempt ids go to a file per thread, so the
# database can be checked against them after the run.
FLOW_LUA = r"""
local counter = 0
local queue = {}
local prefix, contest, accepted_path
local accepted_file
starts, accepted, repeats, failures = 0, 0, 0, 0

local threads = {}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  prefix = args[1 + tid]
  contest = args[#args - 1]
  accepted_path = args[#args] .. "/accepted-" .. tid .. ".txt"
  accepted_file = io.open(accepted_path, "a")
end

local headers = {["Content-Type"] = "application/json"}

function request()
  local waiting = table.remove(queue, 1)
  if waiting then
    return wrk.format("POST", waiting[1], headers, waiting[2])
  end
  counter = counter + 1
  local phone = string.format("%s%07d", prefix, counter)
  local body = '{"full_name": "Người Dự Thi", "phone": "' .. phone ..
    '", "birth_year": 2000, "language": "vi", "consent": true}'
  return wrk.format("POST", "/api/v1/contests/" .. contest .. "/attempts", headers, body)
end

function response(status, headers, body)
  if status == 201 then
    starts = starts + 1
    local id = body:match('"id":%s*"([%x%-]+)"')
    local answers = {}
    -- each question's id and the id of its second choice (the right one in this bank)
    local question = '"id":%s*(%d+),%s*"kind".-"choices":%s*%['
    local second = '{"id":%s*%d+.-},%s*{"id":%s*(%d+)'
    for q, c in body:gmatch(question .. second) do
      table.insert(answers, '"' .. q .. '": [' .. c .. ']')
    end
    local submit = '{"answers": {' .. table.concat(answers, ", ") .. '}, "prediction": ' ..
      (counter % 50) .. '}'
    local path = "/api/v1/attempts/" .. id .. "/submit"
    table.insert(queue, {path, submit})
    if counter % 10 == 0 then table.insert(queue, {path, submit}) end
  elseif status == 200 then
    local id = body:match('"id":%s*"([%x%-]+)"')
    if body:find('"first_submission":%s*true') then
      accepted = accepted + 1
      accepted_file:write(id, "\n")
      accepted_file:flush()
    else
      repeats = repeats + 1
    end
  else
    failures = failures + 1
    if failures < 4 then io.stderr:write("HTTP " .. status .. ": " .. body:sub(1, 300) .. "\n") end
  end
end

function done(summary, latency, requests)
  local totals = {starts = 0, accepted = 0, repeats = 0, failures = 0}
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do totals[name] = totals[name] + thread:get(name) end
  end
  io.write(string.format(
    '{"seconds": %.3f, "requests": %d, "p95_ms": %.1f, "errors": %d, ' ..
    '"starts": %d, "accepted": %d, "repeats": %d, "failures": %d}\n',
    summary.duration / 1e6, summary.requests, latency:percentile(95) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.timeout, totals.starts, totals.accepted, totals.repeats, totals.failures))
end
"""

PLAIN_LUA = r"""
function done(summary, latency, requests)
  io.write(string.format('{"seconds": %.3f, "requests": %d, "p95_ms": %.1f}\n',
    summary.duration / 1e6, summary.requests, latency:percentile(95) / 1000))
end
"""


def parse_args():
    parser = support.parser(__doc__)
    parser.add_argument(
        "--redis",
        metavar="URL",
        default=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/8",
    )
    parser.add_argument("--seconds", type=int, default=20, help="measured load on the flow")
    parser.add_argument("--baseline-seconds", type=int, default=6)
    parser.add_argument(
        "--warm-seconds", type=int, default=4, help="unmeasured flow before the measured load"
    )
    parser.add_argument("--connections", type=int, default=32, help="wrk connections in all")
    parser.add_argument("--wrk-threads", type=int, default=2, help="wrk threads per web process")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers per process")
    parser.add_argument("--processes", type=int, choices=[1, 2], default=1)
    parser.add_argument(
        "--fresh", action="store_true", help="migrate a new template database first"
    )
    # Internal: the phases that run in a child process of their own.
    parser.add_argument("--phase", choices=["seed", "count"], help=argparse.SUPPRESS)
    parser.add_argument("--contest", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--accepted-dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.smoke:
        args.seconds, args.baseline_seconds, args.connections = 5, 2, 8
        args.warm_seconds = 2
    return args


# --- Orchestration (the parent process) ---------------------------------------------


def environment(workdir, database_url, redis_url):
    return support.server_environment(workdir, database_url, redis_url, "bench_settings")


def child(env, *extra):
    """Run a phase of this script in a child process; its last stdout line is JSON."""
    command = [sys.executable, str(Path(__file__).resolve()), *extra]
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)  # noqa: S603
    if done.returncode != 0:
        sys.stderr.write(done.stderr or "")
        raise SystemExit(f"bench_contest_load: phase {extra[:2]} failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main():
    args = parse_args()
    if args.phase == "seed":
        return seed()
    if args.phase == "count":
        return count(args.contest, args.accepted_dir)
    support.require_wrk()
    with (
        tempfile.TemporaryDirectory(prefix="bench-contest-") as workdir,
        support.migrated_database(args.postgres, "bench_contest", fresh=args.fresh) as database,
    ):
        run(args, Path(workdir), database)


class WebProcess(support.Server):
    """One gunicorn master with its workers, on a port of its own."""

    def ready(self):
        self.wait("/bench/plain/")
        self.warm("/bench/plain/", "/api/v1/contests")


def drive(args, script, hosts, seconds, extra_args=(), first_prefix=0):
    """Run one wrk per host at once; their JSON summaries, and wrk's own CPU seconds.

    Each wrk thread numbers its entrants under a phone prefix of its own, from
    ``first_prefix`` on, so no two threads (nor two runs) share an entrant.
    """
    per_host = max(1, args.connections // len(hosts))
    threads = max(1, min(args.wrk_threads, per_host))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    runs = []
    for index, host in enumerate(hosts):
        start = first_prefix + index * threads
        prefixes = PREFIXES[start : start + threads]
        command = ["wrk", "-t", str(threads), "-c", str(per_host), "-d", f"{seconds}s"]
        command += ["--timeout", "30s"]  # a slow answer is measured, not dropped
        command += ["--latency", "-s", str(script), host, "--", *prefixes, *extra_args]
        runs.append(subprocess.Popen(command, stdout=subprocess.PIPE, text=True))  # noqa: S603
    results = []
    for run_ in runs:
        out, _err = run_.communicate(timeout=seconds + 120)
        results.append(json.loads(out.strip().splitlines()[-1]))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    wrk_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return results, wrk_cpu


def measure_flow(args, env, workdir, database, contest_id, processes):
    """Drive the flow against ``processes`` web processes at once; the figures of the run."""
    webs = [WebProcess(env, workers=args.workers) for _ in range(processes)]
    try:
        for web in webs:
            web.ready()
        accepted_dir = workdir / f"accepted-{processes}"
        accepted_dir.mkdir()
        # The flow itself, unmeasured, for a few seconds first: each worker's first
        # requests (its database connection, the contest's state, lazily loaded code) are
        # paid once per worker, not per flow of an evening that lasts hours. Its entrants
        # take phone prefixes from the end of the list, apart from the measured ones; its
        # accepted submissions are checked against the database with the others.
        warm_dir = workdir / f"accepted-warm-{processes}"
        warm_dir.mkdir()
        drive(
            args,
            workdir / "flow.lua",
            [web.host for web in webs],
            args.warm_seconds,
            (str(contest_id), str(warm_dir)),
            first_prefix=len(PREFIXES) - 2 * processes * args.wrk_threads,
        )
        backends = support.backends_of(args.postgres, database)
        web_pids = [pid for web in webs for pid in web.pids()]
        web_before, db_before = support.cpu_seconds(web_pids), support.cpu_seconds(backends)
        results, wrk_cpu = drive(
            args,
            workdir / "flow.lua",
            [web.host for web in webs],
            args.seconds,
            (str(contest_id), str(accepted_dir)),
            first_prefix=(processes - 1) * args.wrk_threads,  # after the one-process run's
        )
        # Backends opened during the run count too (their CPU from their start).
        new_backends = [
            pid for pid in support.backends_of(args.postgres, database) if pid not in backends
        ]
        web_cpu = support.cpu_seconds(web_pids) - web_before
        db_cpu = support.cpu_seconds(backends) - db_before + support.cpu_seconds(new_backends)
    finally:
        for web in webs:
            web.stop()
    totals = {key: sum(r[key] for r in results) for key in ("starts", "accepted", "repeats")}
    totals["failures"] = sum(r["failures"] + r["errors"] for r in results)
    seconds = max(r["seconds"] for r in results)
    return {
        **totals,
        "rate": totals["accepted"] / seconds,
        "p95_ms": max(r["p95_ms"] for r in results),
        "cpu_ms_per_flow": 1000 * (web_cpu + db_cpu) / max(1, totals["accepted"]),
        "web_ms_per_flow": 1000 * web_cpu / max(1, totals["accepted"]),
        "db_ms_per_flow": 1000 * db_cpu / max(1, totals["accepted"]),
        "wrk_cpu_s": wrk_cpu,
        "accepted_dir": str(accepted_dir),
    }


def run(args, workdir, database):
    (workdir / "static").mkdir()
    (workdir / "bench_settings.py").write_text(BENCH_SETTINGS)
    (workdir / "bench_urls.py").write_text(BENCH_URLS)
    (workdir / "flow.lua").write_text(FLOW_LUA)
    (workdir / "plain.lua").write_text(PLAIN_LUA)
    started = time.monotonic()
    env = environment(workdir, database, args.redis)
    subprocess.run(
        [sys.executable, "manage.py", "compile_catalogs", "-v", "0"], env=env, cwd=ROOT, check=True
    )
    contest_id = child(env, "--phase", "seed")["contest"]
    print(f"database ready in {time.monotonic() - started:.0f} s (contest {contest_id})")
    load = os.getloadavg()[0]
    print(f"load average before the run: {load:.2f} on {os.cpu_count()} cores")

    web = WebProcess(env, workers=args.workers)
    try:
        web.ready()
        before = support.cpu_seconds(web.pids())
        [plain], _cpu = drive(
            args, workdir / "plain.lua", [web.host + "/bench/plain/"], args.baseline_seconds
        )
        plain_ms = 1000 * (support.cpu_seconds(web.pids()) - before) / max(1, plain["requests"])
    finally:
        web.stop()
    print(
        f"plain Django view: {plain['requests'] / plain['seconds']:.0f} requests/s, "
        f"p95 {plain['p95_ms']:.0f} ms, {plain_ms:.1f} ms of gunicorn CPU per request "
        f"({args.connections} connections, {args.workers} gunicorn workers)"
    )
    runs = {}
    for processes in range(1, args.processes + 1):
        flow = measure_flow(args, env, workdir, database, contest_id, processes)
        runs[processes] = flow
        print(
            f"{processes} web process(es): {flow['starts']} starts, {flow['accepted']} "
            f"submissions accepted ({flow['rate']:.0f}/s), {flow['repeats']} repeats answered "
            f"with the first result, {flow['failures']} failed requests; p95 "
            f"{flow['p95_ms']:.0f} ms; server CPU {flow['cpu_ms_per_flow']:.1f} ms per flow "
            f"(gunicorn {flow['web_ms_per_flow']:.1f}, PostgreSQL {flow['db_ms_per_flow']:.1f}); "
            f"wrk used {flow['wrk_cpu_s']:.1f} s of CPU"
        )
    if args.processes == 2:
        print(
            f"two web processes: {runs[2]['rate'] / runs[1]['rate']:.2f} x the submissions/s of one"
        )
    stored = child(
        env,
        "--phase",
        "count",
        "--contest",
        str(contest_id),
        "--accepted-dir",
        str(workdir),
    )
    flow = runs[args.processes]
    verdict = (
        "meets"
        if flow["rate"] >= GOAL_RATE
        and flow["p95_ms"] < GOAL_P95_MS
        and flow["cpu_ms_per_flow"] <= GOAL_CPU_MS
        else "misses"
    )
    print(
        f"goal: >= {GOAL_RATE} submissions/s, p95 < {GOAL_P95_MS} ms, <= {GOAL_CPU_MS} ms of "
        f"server CPU per flow: {verdict} it"
    )
    print(
        f"contest: {flow['rate']:.0f} submissions/s, p95 {flow['p95_ms']:.0f} ms, server CPU "
        f"{flow['cpu_ms_per_flow']:.1f} ms per flow, lost {stored['lost']}, "
        f"doubled {stored['doubled']}"
    )
    if stored["lost"] or stored["doubled"]:
        raise SystemExit(1)


# --- Child phases ---------------------------------------------------------------------


def seed():
    """A published bilingual contest page with a bank of questions and a round open now."""
    import datetime

    import django

    django.setup()
    from django.utils import timezone

    from contests.models import (
        Choice,
        Contest,
        ContestIndexPage,
        ContestPage,
        Question,
        QuestionBank,
        Round,
    )
    from portal.demo import load_home_pages

    home, _created = load_home_pages()
    bank = QuestionBank.objects.create(name="Bộ câu hỏi đo tải")
    for n in range(1, QUESTIONS + 1):
        question = Question.objects.create(
            bank=bank,
            code=f"T{n:03d}",
            kind="single",
            texts={"vi": {"text": f"Câu hỏi {n}?", "explanation": "Giải thích."}},
        )
        Choice.objects.bulk_create(
            Choice(question=question, position=p, texts={"vi": f"Phương án {p}"}, is_correct=p == 2)
            for p in range(1, 5)
        )
    contest = Contest.objects.create(
        name="Cuộc thi đo tải",
        bank=bank,
        questions_per_attempt=QUESTIONS_PER_ATTEMPT,
        time_limit_seconds=900,
        attempts_per_round=1,
        phone_codes=False,  # a school-room contest: no SMS gateway in the load
    )
    now = timezone.now()
    Round.objects.create(
        contest=contest,
        number=1,
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(days=1),
    )
    index = ContestIndexPage(title="Cuộc thi", slug="cuoc-thi-do-tai", locale=home.locale)
    home.add_child(instance=index)
    index.save_revision().publish()
    page = ContestPage(
        title="Cuộc thi đo tải",
        slug="cuoc-thi-do-tai",
        locale=home.locale,
        contest=contest,
        consent_text="Tôi đồng ý cho Ban tổ chức xử lý dữ liệu của tôi.",
        guardian_consent_text="Tôi là cha mẹ, người giám hộ và đồng ý.",
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    print(json.dumps({"contest": contest.pk}))


def count(contest_id, accepted_dir):
    """Against the database: accepted submissions not stored (lost), and doubled entrants."""
    import django

    django.setup()
    from django.db.models import Count

    from contests.models import Attempt, Contest, Participant

    accepted = set()
    for path in Path(accepted_dir).glob("accepted-*/accepted-*.txt"):
        accepted.update(line.strip() for line in path.read_text().splitlines() if line.strip())
    stored = {
        str(pk)
        for pk in Attempt.objects.filter(
            round__contest_id=contest_id, submitted_at__isnull=False
        ).values_list("pk", flat=True)
    }
    allowed = Contest.objects.get(pk=contest_id).attempts_per_round
    over = (
        Attempt.objects.filter(round__contest_id=contest_id)
        .values("round", "participant")
        .annotate(n=Count("pk"))
        .filter(n__gt=allowed)
        .count()
    )
    twice = (
        Participant.objects.filter(contest_id=contest_id)
        .values("phone")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    print(json.dumps({"lost": len(accepted - stored), "doubled": over + twice}))


if __name__ == "__main__":
    main()
