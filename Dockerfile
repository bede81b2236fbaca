# Byregion: one image for the web servers and the one-shot `migrate` service (docker-compose.yml).
# Build: docker build -t byregion .   Run: docker compose up (see README, Deployment and scaling).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=byregion.settings \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/data/media \
    BACKUP_DIR=/data/backups \
    PORT=8000

# pg_dump/pg_restore 15 for bin/backup and bin/restore (the same major version as the db service);
# gettext to compile the bokmål and English translations.
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client gettext \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 byregion \
    && useradd --system --uid 10001 --gid byregion --home-dir /app --shell /usr/sbin/nologin byregion

WORKDIR /app

# Dependencies first, so a code change does not reinstall them. The `s3` extra lets a deployment
# move media to a bucket by setting AWS_STORAGE_BUCKET_NAME, without rebuilding.
ARG EXTRAS=s3
COPY pyproject.toml README.md ./
COPY byregion/ byregion/
COPY regions/ regions/
COPY cases/ cases/
RUN pip install ".[${EXTRAS}]"

COPY manage.py ./
COPY templates/ templates/
COPY static/ static/
COPY locale/ locale/
COPY bin/ bin/
COPY docker/ docker/

# Static files are collected (hashed and compressed for whitenoise) and messages compiled at build
# time; the settings need a key and a host name to load, so these build-only values are given.
RUN SECRET_KEY=build-only-not-used-at-run-time-0123456789abcdef ALLOWED_HOSTS=build \
        DATABASE_URL=sqlite:////tmp/build.sqlite3 LOG_LEVEL=WARNING \
        sh -c "python manage.py collectstatic --noinput -v0 && python manage.py compilemessages -v0" \
    && rm -f /tmp/build.sqlite3 \
    && mkdir -p /data/media /data/backups \
    && chown -R byregion:byregion /data \
    && chmod 0755 docker/entrypoint.sh bin/backup bin/restore

USER byregion
EXPOSE 8000
VOLUME ["/data/media"]

HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "docker/healthcheck.py"]

ENTRYPOINT ["docker/entrypoint.sh"]
CMD ["web"]
