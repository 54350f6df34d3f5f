# syntax=docker/dockerfile:1
# The oda-cms images: one recipe, two targets sharing the same base and wheel build.
#   docker build --target component -t ghcr.io/oda-cms/oda-cms:0.1.0 .            (the default target)
#   docker build --target operator  -t ghcr.io/oda-cms/oda-cms-operator:0.1.0 .
# Runtime stages hold no compiler and no source tree: only the installed wheels (the component's wheel
# carries its Alembic migrations and, as data files, the openapi/ documents). They run as uid 10001
# and write nothing outside mounted volumes, so readOnlyRootFilesystem works (manifests/).
ARG PYTHON_IMAGE=python:3.12.8-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml setup.cfg README.md ./
COPY component ./component
COPY openapi ./openapi
COPY operator ./operator
# Wheels of both distributions and of every dependency (binary wheels: psycopg[binary], no compiler).
RUN pip wheel --wheel-dir /wheels . ./operator

FROM ${PYTHON_IMAGE} AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN groupadd --system --gid 10001 oda-cms \
    && useradd --system --uid 10001 --gid oda-cms --no-create-home --home-dir /var/lib/oda-cms \
       --shell /usr/sbin/nologin oda-cms \
    && install -d -o 10001 -g 10001 /var/lib/oda-cms
WORKDIR /var/lib/oda-cms

FROM runtime AS operator
# hadolint ignore=DL3013
RUN --mount=type=bind,from=build,source=/wheels,target=/wheels \
    pip install --no-index --find-links=/wheels oda-cms-operator
USER 10001:10001
ENTRYPOINT ["oda-cms-operator"]

FROM runtime AS component
# hadolint ignore=DL3013
RUN --mount=type=bind,from=build,source=/wheels,target=/wheels \
    pip install --no-index --find-links=/wheels oda-cms
USER 10001:10001
EXPOSE 8080
# SQLite by default (the embedded overlay mounts /var/lib/oda-cms); production sets DATABASE_URL.
ENV DATABASE_URL=sqlite:////var/lib/oda-cms/oda-cms.db
ENTRYPOINT ["oda-cms"]
CMD ["serve", "--host=0.0.0.0", "--port=8080"]
