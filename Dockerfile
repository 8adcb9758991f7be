# Carré's web image; the same image runs the task worker (see docker-compose.yml).
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    CARRE_DATA_DIR=/data \
    CARRE_STATIC_MANIFEST=1

RUN groupadd --system carre \
    && useradd --system --gid carre --home-dir /app --shell /usr/sbin/nologin carre

WORKDIR /app

# Dependencies first, pinned with hashes, so code changes reuse this layer.
COPY requirements.lock ./
RUN pip install --require-hashes --no-deps -r requirements.lock

COPY . .

# Hashed, compressed static files. The secret key only satisfies Django's
# settings during the build; it is not kept in the image's environment.
RUN CARRE_SECRET_KEY=build-only-not-secret python manage.py collectstatic --noinput \
    && mkdir -p /data/media \
    && chown -R carre:carre /data \
    && chmod +x scripts/docker-entrypoint.sh

USER carre
VOLUME ["/data"]
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["python", "/app/scripts/healthcheck.py"]

ENTRYPOINT ["/app/scripts/docker-entrypoint.sh"]
CMD ["web"]
