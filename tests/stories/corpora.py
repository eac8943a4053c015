"""Load the shared reference corpora as stories `Doc`s (used by the tests and the bench)."""

from __future__ import annotations

import csv
import datetime
import gzip
import json
from dataclasses import dataclass
from pathlib import Path

from app.ingest import extract_text
from app.stories import Doc

# A CSV paragraph with fewer words than this is taken for page furniture ("Image 1 of 5",
# "Advertisement", share buttons); the full extractor is too slow for 600 articles in a test.
MIN_PARAGRAPH_WORDS = 12
# A headline has between these many words and no final full stop.
TITLE_WORDS = (4, 25)
# Reports of invented events written for the project (see load_invented).
INVENTED = Path(__file__).resolve().parent / "invented_events"
_REQUIRED = ("outlet", "event", "headline")
_OPTIONAL = ("date", "thread")


def load_seeds(folder: Path) -> list[Doc]:
    """The seed pages, cleaned by the extractor, dated from the manifest (some are null)."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    docs = []
    for entry in manifest:
        page = extract_text((folder / entry["file"]).read_text(encoding="utf-8"))
        published = entry["published"]
        docs.append(
            Doc(
                id=entry["file"].split("_")[0],
                title=page.title or "",
                body="\n\n".join(page.paragraphs),
                published=datetime.date.fromisoformat(published) if published else None,
            )
        )
    return docs


def load_csv(path: Path, prefix: str) -> list[Doc]:
    """Articles of an articlecomparisons CSV (id, publisher, scrape_time, text).

    Paragraphs are joined with " ### "; short ones are dropped as boilerplate, and the
    title is the first paragraph that looks like a headline. Ids get `prefix` because the
    files reuse numbers.
    """
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    docs = []
    for row in rows:
        paragraphs = [p.strip() for p in row["text"].split(" ### ")]
        body = [p for p in paragraphs if len(p.split()) >= MIN_PARAGRAPH_WORDS]
        title = next((p for p in paragraphs if _headline(p)), "")
        scraped = row["scrape_time"][:10]
        docs.append(
            Doc(
                id=f"{prefix}{row['id']}",
                title=title,
                body="\n\n".join(body),
                published=datetime.date.fromisoformat(scraped) if scraped else None,
            )
        )
    return docs


def _headline(paragraph: str) -> bool:
    n = len(paragraph.split())
    return TITLE_WORDS[0] <= n <= TITLE_WORDS[1] and not paragraph.endswith((".", ":"))


@dataclass(frozen=True, slots=True)
class Report:
    """One invented report: a file of `key: value` lines, a blank line, then the body."""

    file: str
    outlet: str
    event: str
    headline: str
    published: datetime.date | None
    body: str
    # The developing story the event is one news day of (its own event id when none).
    thread: str

    def doc(self) -> Doc:
        return Doc(id=self.file, title=self.headline, body=self.body, published=self.published)


def load_invented(folder: Path = INVENTED) -> list[Report]:
    """The invented reports in `folder`, by file name.

    The header names the outlet, the event id and the headline, and may give a `date`
    (ISO) and a `thread` (the developing story the event belongs to); the body is
    paragraphs separated by blank lines. They are the project's own writing: independent
    reports of one event in different words, of events on a related topic, and of a
    developing story over several news days, to test "same event, no shared sentences".
    """
    reports = []
    for path in sorted(folder.glob("*.txt")):
        head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
        fields = dict(line.split(": ", 1) for line in head.splitlines())
        if missing := [key for key in _REQUIRED if not fields.get(key)]:
            raise ValueError(f"{path.name}: no {', '.join(missing)}")
        if unknown := set(fields) - {*_REQUIRED, *_OPTIONAL}:
            raise ValueError(f"{path.name}: unknown fields {sorted(unknown)}")
        date = fields.get("date")
        reports.append(
            Report(
                file=path.stem,
                outlet=fields["outlet"],
                event=fields["event"],
                headline=fields["headline"],
                published=datetime.date.fromisoformat(date) if date else None,
                body=body.strip(),
                thread=fields.get("thread") or fields["event"],
            )
        )
    return reports
