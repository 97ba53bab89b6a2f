#!/usr/bin/env bash
# The API under schemathesis (issue 14): `make fuzz`, and CI after `make test`.
#
#   1. a throw-away database (FUZZ_DATABASE_URL, else SQLite under var/fuzz/), migrated and
#      seeded by `manage.py seed_api_fuzz` (a volunteer and a reviewer with tokens, venues,
#      a session to review, the demo contest with an open round)
#   2. gunicorn serving it with DEBUG off, as production does
#   3. `schemathesis run` on /api/v1/openapi.json three times: with the volunteer's token,
#      with the reviewer's, and without a token; every check, the examples, coverage,
#      fuzzing and stateful phases; configuration in schemathesis.toml
#
# Exits non-zero on any failure. FUZZ_MAX_EXAMPLES bounds the cases per operation and phase
# (default 30: a few minutes on two cores).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$PWD
UV=$(uv --version >/dev/null 2>&1 && echo uv || echo .tools/bin/uv)
WORK=$ROOT/var/fuzz
PORT=${FUZZ_PORT:-8765}
MAX_EXAMPLES=${FUZZ_MAX_EXAMPLES:-30}

rm -rf "$WORK"
mkdir -p "$WORK"
export DEBUG=0
export SECRET_KEY="fuzz-run-only-$(date +%s%N)-not-a-deployment-key"
export ALLOWED_HOSTS=127.0.0.1,localhost
export SECURE_SSL_REDIRECT=0
export VAR_DIR=$WORK
export SMS_BACKEND=console
export DATABASE_URL=${FUZZ_DATABASE_URL:-sqlite:///$WORK/db.sqlite3}
unset REDIS_URL DJANGO_SETTINGS_MODULE

echo "== fuzz: migrate and seed ${DATABASE_URL%%:*} database"
"$UV" run --frozen python manage.py migrate --noinput -v0
"$UV" run --frozen python manage.py seed_api_fuzz --output "$WORK/seed.json" >"$WORK/seed.log" 2>&1 ||
    { cat "$WORK/seed.log" >&2; exit 1; }

echo "== fuzz: gunicorn on 127.0.0.1:$PORT"
"$UV" run --frozen gunicorn portal.wsgi:application --bind "127.0.0.1:$PORT" \
    --workers 2 --threads 4 --timeout 60 --log-level warning --no-control-socket \
    >"$WORK/server.log" 2>&1 &
SERVER=$!
stop_server() {
    kill "$SERVER" 2>/dev/null || true
    wait "$SERVER" 2>/dev/null || true
}
trap stop_server EXIT

SCHEMA="http://127.0.0.1:$PORT/api/v1/openapi.json"
fetch_schema() {
    "$UV" run --frozen python -c 'import sys, urllib.request
open(sys.argv[2], "wb").write(urllib.request.urlopen(sys.argv[1], timeout=10).read())' \
        "$SCHEMA" "$WORK/openapi.json" 2>/dev/null
}
for attempt in $(seq 120); do
    fetch_schema && break
    kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
    [ "$attempt" -lt 120 ] || { echo "the server did not answer in 120 s" >&2; exit 1; }
    sleep 1
done

seed() { "$UV" run --frozen python -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$WORK/seed.json" "$1"; }
VOLUNTEER_TOKEN=$(seed volunteer_token)
REVIEWER_TOKEN=$(seed reviewer_token)

status=0
for who in volunteer reviewer anonymous; do
    echo "== fuzz: schemathesis as $who"
    auth=()
    case $who in
    volunteer) auth=(-H "Authorization: Bearer $VOLUNTEER_TOKEN") ;;
    reviewer) auth=(-H "Authorization: Bearer $REVIEWER_TOKEN") ;;
    esac
    if ! "$UV" run --frozen schemathesis --config-file "$ROOT/schemathesis.toml" run "$SCHEMA" \
        "${auth[@]}" \
        --checks all \
        --phases examples,coverage,fuzzing,stateful \
        --max-examples "$MAX_EXAMPLES" \
        --seed "${FUZZ_SEED:-14}" \
        --report junit --report-junit-path "$WORK/junit-$who.xml" \
        2>&1 | tee "$WORK/schemathesis-$who.log" | tail -n 40; then
        status=1
    fi
done
if grep -q "Traceback" "$WORK/server.log"; then
    echo "The server logged a traceback during the fuzz run:" >&2
    grep -m1 -A30 "Traceback" "$WORK/server.log" >&2
    status=1
fi
exit $status
