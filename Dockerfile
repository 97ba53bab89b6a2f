# syntax=docker/dockerfile:1
# One image for every process: web (gunicorn), worker and beat (celery), migrate.
# Build: docker compose build     Run: docker compose up -d     (see docker-compose.yml)

# --- build: dependencies, compiled catalogs, collected static files -------------------------
FROM python:3.12-slim AS build

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    PATH=/opt/venv/bin:$PATH \
    VAR_DIR=/app/var \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/media

RUN pip install --no-cache-dir --disable-pip-version-check "uv>=0.8,<1"

WORKDIR /app

# Dependencies first, so a code change does not reinstall them.
COPY pyproject.toml uv.lock .python-version ./
RUN uv sync --frozen --no-dev --no-install-project

COPY . .
RUN uv sync --frozen --no-dev

# The key only lets settings load during the build; it is not in the final image.
RUN DEBUG=0 SECRET_KEY=build-only-not-a-secret python manage.py compile_catalogs \
    && DEBUG=0 SECRET_KEY=build-only-not-a-secret python manage.py collectstatic --noinput \
    && rm -rf /app/var

# --- runtime: no uv, no build tools, not root -------------------------------------------
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    VAR_DIR=/app/var \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/media

RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin app

COPY --from=build /opt/venv /opt/venv
# The code stays owned by root (read-only to the app); only var/ and media/ are writable.
COPY --from=build /app /app
RUN mkdir -p /app/var /app/media && chown app:app /app/var /app/media

WORKDIR /app
USER 10001:10001
EXPOSE 8000

CMD ["gunicorn", "portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
