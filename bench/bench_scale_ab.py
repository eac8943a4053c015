"""The scale benchmark on a baseline revision and on this tree, in one run, side by side.

Run: .venv/bin/python -m bench.bench_scale_ab --baseline REV [--articles N] [--rounds R]

Checks REV out in a temporary `git worktree` (beside a link to ../shared, which the
benchmark reads), then runs `bench.bench_scale` alternately on it and on this tree, R
rounds, each in a fresh process with its own database, with this tree's virtualenv. It
prints each run's table, then every figure of both trees side by side, and the checksum
of the article -> story mapping each import formed (the same checksum: the same stories,
formed in the same order). Alternating the trees spreads the noise of a shared machine
over both.
"""

from __future__ import annotations

import argparse
import hashlib
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def checksum(db: Path) -> str:
    """SHA-256 of every article's id and story id, in id order (first 16 hex digits)."""
    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT id, story_id FROM article ORDER BY id").fetchall()
    digest = hashlib.sha256()
    for article_id, story_id in rows:
        digest.update(f"{article_id} {story_id}\n".encode())
    return f"{digest.hexdigest()[:16]} ({len(rows):,} articles)"


def figures(output: str) -> dict[str, str]:
    """The rows of bench_scale's closing table: label -> value."""
    rows: dict[str, str] = {}
    table = output.split("\n\n")
    for block in table:
        lines = block.splitlines()
        if lines and all("  " in line for line in lines) and len(lines) > 5:
            for line in lines:
                label, _, value = line.partition("  ")
                rows[label.strip()] = value.strip()
    return rows


def run(tree: Path, db: Path, articles: int) -> tuple[dict[str, str], str]:
    command = [sys.executable, "-m", "bench.bench_scale", "--articles", str(articles)]
    done = subprocess.run(
        [*command, "--db", str(db)], cwd=tree, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise SystemExit(f"bench_scale failed in {tree}:\n{done.stdout}\n{done.stderr}")
    print(f"--- {tree}\n{done.stdout}", flush=True)
    return figures(done.stdout), checksum(db)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", required=True, help="the revision to compare with")
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="parallax-ab-") as scratch:
        base = Path(scratch)
        (base / "shared").symlink_to(SHARED)
        tree = base / "baseline"
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(tree), args.baseline],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        try:
            results: dict[str, list[tuple[dict[str, str], str]]] = {"baseline": [], "this": []}
            for k in range(args.rounds):
                for label, where in (("baseline", tree), ("this", ROOT)):
                    results[label].append(run(where, base / f"{label}-{k}.db", args.articles))
        finally:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=False
            )
    print(f"baseline {args.baseline} against this tree, {args.articles:,} articles:\n")
    labels = list(dict.fromkeys(key for _, rows in results.items() for r, _ in rows for key in r))
    width = max(map(len, labels))
    for k in range(args.rounds):
        print(f"round {k + 1}")
        for key in labels:
            print(f"  {key:<{width}}  baseline: {results['baseline'][k][0].get(key, '-')}")
            print(f"  {'':<{width}}  this:     {results['this'][k][0].get(key, '-')}")
        for label in ("baseline", "this"):
            print(f"  article -> story checksum, {label}: {results[label][k][1]}")


if __name__ == "__main__":
    main()
