"""Page throughput: a stored comparison and a warm 30-outlet story, this tree against a baseline.

Run: .venv/bin/python -m bench.bench_pages [--baseline REV] [--duration S] [--samples N]
(needs ../shared beside the project, and `wrk` on PATH).

Both trees are served at once by `parallax serve` (uvicorn, one process, 127.0.0.1), each on
a fresh SQLite database holding the five seeds and a generated 30-outlet story. The
baseline revision is checked out with `git worktree add` into a temporary folder and run
with this virtualenv, its folder first on PYTHONPATH. Measurements alternate between the
trees (baseline, then this tree, for each figure and round), so a busy machine slows both.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bench.bench_scale import Generator

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
HOST = "127.0.0.1"
STORY_OUTLETS = 30
# Run `parallax` from whichever tree is first on PYTHONPATH (the editable install of this
# tree comes after it). `-c` puts the working directory before PYTHONPATH, so each tree's
# commands run in that tree's folder.
PARALLAX = [sys.executable, "-c", "from app.cli.main import main; main()"]


@dataclass
class Tree:
    """One source tree served for the benchmark, and the figures measured on it."""

    label: str
    path: Path
    port: int
    db: Path
    compare_path: str = ""
    story_path: str = ""
    figures: dict[str, list[float]] = field(default_factory=dict)

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
        env["PYTHONPATH"] = str(self.path)
        env["PARALLAX_DATABASE_URL"] = f"sqlite:///{self.db}"
        return env


def get(port: int, path: str, timeout: float = 600) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def post(port: int, path: str, payload: object) -> None:
    connection = http.client.HTTPConnection(HOST, port, timeout=600)
    try:
        body = json.dumps(payload).encode()
        connection.request("POST", path, body, {"Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"POST {path} answered {response.status}")
    finally:
        connection.close()


def get_json(port: int, path: str) -> object:
    status, body = get(port, path)
    if status != 200:
        raise RuntimeError(f"GET {path} answered {status}")
    return json.loads(body)


def write_story(path: Path) -> None:
    """A generated story of one article from each of 30 outlets (bench_scale's generator)."""
    story = Generator().story(size=STORY_OUTLETS, outlets=list(range(STORY_OUTLETS)))
    path.write_text("".join(a.record() + "\n" for a in story), encoding="utf-8")


def load(tree: Tree, story_file: Path) -> None:
    for source in (SEEDS, story_file):
        subprocess.run(
            [*PARALLAX, "import", str(source)],
            env=tree.env(),
            cwd=tree.path,
            check=True,
            stdout=subprocess.DEVNULL,
        )


@contextmanager
def worktree(revision: str, path: Path) -> Iterator[Path]:
    """Revision checked out into `path` (a detached `git worktree`), removed afterwards."""
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(path), revision],
        check=True,
        capture_output=True,
    )
    try:
        yield path
    finally:
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(path)], check=False
        )


@contextmanager
def serving(tree: Tree, extra: Sequence[str] = ()) -> Iterator[subprocess.Popen[bytes]]:
    """`parallax serve` on the tree's port (`extra`: more serve options), once it answers."""
    command = [*PARALLAX, "serve", "--host", HOST, "--port", str(tree.port), *extra]
    log = (tree.db.parent / f"{tree.label}-serve.log").open("w")
    server = subprocess.Popen(
        command, env=tree.env(), cwd=tree.path, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if get(tree.port, "/api/stories")[0] == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{tree.label} server did not start; see {log.name}")
            time.sleep(0.2)
        yield server
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:  # a graceful shutdown still finishing requests
            server.kill()
            server.wait()
        log.close()


def choose_pages(tree: Tree) -> None:
    """The story of 30 outlets, and the seed pair sharing most text; both warmed up."""
    stories = get_json(tree.port, "/api/stories?per_page=200")
    assert isinstance(stories, list)
    generated = [s for s in stories if all(o.startswith("Outlet ") for o in s["outlets"])]
    big = max(generated, key=lambda s: len(s["articles"]))
    for other in generated:  # grouping may have split it: merged, as a reader would
        if other["id"] != big["id"]:
            post(tree.port, f"/api/stories/{big['id']}/merge", {"story": other["id"]})
    big = get_json(tree.port, f"/api/stories/{big['id']}")
    assert isinstance(big, dict)
    if len(big["articles"]) != STORY_OUTLETS:
        raise RuntimeError(f"{tree.label}: the generated story has {len(big['articles'])}")
    tree.story_path = f"/stories/{big['id']}"
    seeded = [s for s in stories if s not in generated and len(s["articles"]) >= 2]
    best: tuple[float, str] | None = None
    for story in seeded:
        ids = story["articles"]
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                data = get_json(tree.port, f"/api/compare/{a}/{b}")
                assert isinstance(data, dict)
                share = data["stats"]["share_a"] + data["stats"]["share_b"]
                if best is None or share > best[0]:
                    best = (share, f"/compare/{a}/{b}")
    if best is None:
        raise RuntimeError(f"{tree.label}: no two seeds were grouped together")
    tree.compare_path = best[1]
    for path in (tree.compare_path, tree.story_path):  # stores their comparisons
        status, _ = get(tree.port, path)
        if status != 200:
            raise RuntimeError(f"{tree.label}: GET {path} answered {status}")


def wrk(port: int, path: str, connections: int, duration: int) -> float:
    """Requests per second wrk sustains on `path` (two threads, loopback, bounded)."""
    threads = min(2, connections)
    result = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            f"http://{HOST}:{port}{path}",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    if "Non-2xx" in result.stdout:
        raise RuntimeError(f"wrk saw errors on {path}:\n{result.stdout}")
    found = re.search(r"Requests/sec:\s+([\d.]+)", result.stdout)
    if found is None:
        raise RuntimeError(f"no Requests/sec in wrk's output:\n{result.stdout}")
    return float(found.group(1))


def median_ms(port: int, path: str, samples: int) -> float:
    """Median latency of `samples` sequential requests on one keep-alive connection."""
    connection = http.client.HTTPConnection(HOST, port, timeout=600)
    times = []
    try:
        for _ in range(samples):
            started = time.perf_counter()
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            times.append(time.perf_counter() - started)
            if response.status != 200:
                raise RuntimeError(f"GET {path} answered {response.status}")
    finally:
        connection.close()
    return 1000 * statistics.median(times)


def measure(trees: list[Tree], rounds: int, duration: int, samples: int) -> None:
    for _ in range(rounds):
        for tree in trees:  # alternate: each figure is taken on both trees back to back
            tree.figures.setdefault("compare_c4", []).append(
                wrk(tree.port, tree.compare_path, 4, duration)
            )
        for tree in trees:
            tree.figures.setdefault("compare_c64", []).append(
                wrk(tree.port, tree.compare_path, 64, duration)
            )
        for tree in trees:
            tree.figures.setdefault("story_ms", []).append(
                median_ms(tree.port, tree.story_path, samples)
            )
        for tree in trees:
            tree.figures.setdefault("story_c4", []).append(
                wrk(tree.port, tree.story_path, 4, duration)
            )


def report(baseline: Tree, current: Tree, args: argparse.Namespace) -> None:
    rows = [
        ("cached comparison page, wrk 4 connections", "compare_c4", "req/s", True),
        ("cached comparison page, wrk 64 connections", "compare_c64", "req/s", True),
        (f"30-outlet story page, median of {args.samples} (warm)", "story_ms", "ms", False),
        ("30-outlet story page, wrk 4 connections", "story_c4", "req/s", True),
    ]
    print()
    print(f"{args.rounds} round(s) of {args.duration} s wrk runs, trees alternating; best round")
    print(f"baseline {args.baseline} vs this tree ({current.path})")
    print(f"comparison: {current.compare_path}; story: {current.story_path}")
    head = f"{'':48} {'baseline':>12} {'this tree':>12} {'ratio':>8}"
    print(head)
    print("-" * len(head))
    for label, key, unit, higher_better in rows:
        pick = max if higher_better else min
        old, new = pick(baseline.figures[key]), pick(current.figures[key])
        ratio = new / old if higher_better else old / new
        print(f"{label:48} {old:>8.1f} {unit:<3} {new:>8.1f} {unit:<3} {ratio:>7.2f}x")
    print("ratio: how many times better this tree is (higher is better)")
    print("every round:", json.dumps({t.label: t.figures for t in (baseline, current)}))


def require_wrk_and_seeds() -> None:
    """Stop with a message when what every serving benchmark needs is missing."""
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (apt-get install -y wrk)")
    if not SEEDS.exists():
        sys.exit(f"{SEEDS} is missing: the seeds sit beside the project")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="d0bdb9a", help="git revision to compare with")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--samples", type=int, default=20, help="sequential story requests")
    parser.add_argument("--rounds", type=int, default=2, help="alternating measurement rounds")
    parser.add_argument("--port", type=int, default=8731, help="first of two ports")
    args = parser.parse_args()
    require_wrk_and_seeds()
    with ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="parallax-pages-")))
        checkout = stack.enter_context(worktree(args.baseline, work / "baseline"))
        baseline = Tree("baseline", checkout, args.port, work / "baseline.db")
        current = Tree("current", ROOT, args.port + 1, work / "current.db")
        story_file = work / "story.jsonl"
        write_story(story_file)
        for tree in (baseline, current):
            load(tree, story_file)
            stack.enter_context(serving(tree))
            choose_pages(tree)
        measure([baseline, current], args.rounds, args.duration, args.samples)
        report(baseline, current, args)


if __name__ == "__main__":
    main()
