"""Several writers at once never fail with "database is locked"."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from app.config import Settings
from app.db import make_engine
from app.models import Article
from app.services import importer


def article_text(n: int) -> str:
    return (
        f"Council approves budget number {n}\n\n"
        f"The city council approved spending plan number {n} on Monday after a long debate "
        "about road repairs, school buildings and the library's opening hours.\n\n"
        "Councillors voted by a wide margin, and the mayor said the plan balanced the books "
        "without cutting services that residents rely on every day."
    )


def test_concurrent_writers_on_separate_engines(settings: Settings, engine: Engine) -> None:
    # Separate engines behave like separate processes: each has its own connections.
    engines = [make_engine(settings.database_url) for _ in range(4)]
    barrier = threading.Barrier(4)

    def work(worker: int) -> int:
        barrier.wait()
        created = 0
        for n in range(10):
            # Half the texts are shared between workers, so duplicates race too.
            number = n if n % 2 else worker * 100 + n
            request = importer.ImportRequest(content=article_text(number), outlet="Gazette")
            created += importer.import_content(engines[worker], settings, request).created
        return created

    with ThreadPoolExecutor(4) as pool:
        created = sum(pool.map(work, range(4)))
    for e in engines:
        e.dispose()
    distinct = 5 + 4 * 5
    assert created == distinct
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Article)).one() == distinct
