# Parallax in a container: the web app on the embedded SQLite database in /data.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PARALLAX_DATABASE_URL=sqlite:////data/parallax.db

WORKDIR /srv/parallax
COPY pyproject.toml README.md alembic.ini ./
COPY app ./app
COPY templates ./templates
COPY static ./static
COPY migrations ./migrations
RUN pip install --no-cache-dir -e . && mkdir -p /data

VOLUME ["/data"]
EXPOSE 8000
# `parallax demo --host 0.0.0.0` instead loads the demo corpus first.
CMD ["parallax", "serve", "--host", "0.0.0.0", "--port", "8000"]
