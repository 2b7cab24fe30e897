# syntax=docker/dockerfile:1
#
# ZVH zaaksysteem: one image for every role. docker-compose.yml runs it as
#   web      gunicorn (this image's CMD)
#   worker   celery -A zvh worker
#   beat     celery -A zvh beat
#   migrate  python manage.py migrate --noinput
#
# The image contains no secrets. Its settings module (zvh.settings.production) refuses to start
# without a SECRET_KEY of at least 50 characters, so every container needs one from outside.
# There is no HEALTHCHECK here on purpose: the right check depends on the role, so
# docker-compose.yml sets one per service.
#
# The base images are build arguments; the defaults are the official images. Where no registry
# is reachable, docker/base-images.sh makes stand-ins from Debian packages with mmdebstrap and
# `make deploy-check` builds with --build-arg PYTHON_IMAGE=... --build-arg NODE_IMAGE=....

ARG PYTHON_IMAGE=python:3.11-slim-bookworm
ARG NODE_IMAGE=node:22-bookworm-slim

# ---------------------------------------------------------------------------------------------
# Stage 1: front-end packages. Node and npm exist only in this stage.
# ---------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS assets
WORKDIR /build
COPY package.json package-lock.json ./
# The locked versions exactly; no devDependencies (axe-core is for the browser tests) and no
# install scripts (CSS and JS packages need none).
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# ---------------------------------------------------------------------------------------------
# Stage 2: Python packages, in a virtualenv that the runtime stage copies.
# ---------------------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS python-deps
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /build
# The lock file alone (requirements/production.txt: exact versions with sha256 hashes, written by
# `make lock` from pyproject.toml): a package whose bytes differ from the locked ones is refused.
# The source tree is copied in the runtime stage and found through WORKDIR/PYTHONPATH, so editing
# code does not re-install every package.
COPY requirements/production.txt ./
RUN pip install --require-hashes --no-deps -r production.txt

# ---------------------------------------------------------------------------------------------
# Stage 3: runtime.
# ---------------------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

# Libraries for WeasyPrint (PDF output): Pango, HarfBuzz subsetting and at least one font;
# libmagic for recognising uploaded documents by their content (python-magic).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        fonts-dejavu-core \
        libmagic1 \
    && rm -rf /var/lib/apt/lists/*

# The app runs as an unprivileged user that cannot change the code in /app. Its home directory
# is writable (gunicorn keeps its control socket in ~/.gunicorn).
RUN groupadd --system --gid 10001 zvh \
    && useradd --system --uid 10001 --gid zvh --create-home --home-dir /home/zvh \
        --shell /usr/sbin/nologin zvh

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=zvh.settings.production \
    WEB_CONCURRENCY=3

WORKDIR /app
COPY --from=python-deps /opt/venv /opt/venv
# settings.STATICFILES_DIRS points into node_modules; it stays in the image so that Django's
# checks (staticfiles.W004) do not complain about missing directories.
COPY --from=assets /build/node_modules ./node_modules
COPY . .

# Static files into /app/staticfiles, served by WhiteNoise (hashed names + compressed copies).
# Production settings demand a SECRET_KEY, a public SITE_URL and a database password even for this;
# the throwaway values below live only in this RUN step's environment, not in the image
# configuration, sign nothing and connect to nothing (collectstatic opens no database connection).
RUN SECRET_KEY="collectstatic-at-build-time-only-not-a-secret-0123456789abcdef" \
    SITE_URL="https://build.invalid" \
    DATABASE_URL="postgres://build:build-time-only-no-database@db.invalid/zvh" \
    python manage.py collectstatic --noinput

# Numeric, so that a platform can verify it is not root (Kubernetes runAsNonRoot) without
# reading /etc/passwd.
USER 10001:10001
EXPOSE 8000

# Exports NAME from every NAME_FILE variable (secrets mounted as files), then runs the command.
ENTRYPOINT ["/app/docker/entrypoint.sh"]

# Workers: WEB_CONCURRENCY (gunicorn reads it; 3 by default, see ENV above). Access and error
# logs go to stdout/stderr. Workers are recycled now and then to contain slow memory growth.
# The access log leaves out query strings (%(U)s is the path only): a search term typed into a
# form is personal data and must not end up in container logs.
CMD ["gunicorn", "zvh.wsgi:application", \
     "--bind", "0.0.0.0:8000", \
     "--worker-tmp-dir", "/dev/shm", \
     "--timeout", "60", \
     "--graceful-timeout", "30", \
     "--keep-alive", "5", \
     "--max-requests", "1000", \
     "--max-requests-jitter", "100", \
     "--access-logfile", "-", \
     "--access-logformat", "%(h)s %(t)s \"%(m)s %(U)s %(H)s\" %(s)s %(b)s %(L)s", \
     "--error-logfile", "-"]
