"""Holding load: `parallax serve` at 4, 64 and 512 connections, this tree against a baseline.

Run: .venv/bin/python -m bench.bench_serve [--baseline REV] [--duration S] [--workers N]
[--quick] (needs ../shared beside the project, and `wrk` on PATH).

For the issue "A shared link that holds". Each tree gets a fresh SQLite database with the
five seeds and a generated 30-outlet story (bench_pages' loading), and is served on
127.0.0.1 with one worker, then, if its `parallax serve --help` lists `--workers`, with N
workers (default: the number of cores). wrk (two threads) drives four URLs: a cached
comparison page, its JSON, the 30-outlet story page and a search. A Lua script counts the
status codes. During the 512-connection runs a thread asks /healthz (where the tree has it)
every 200 ms on a fresh connection. The resident memory of the server and its children is
read from /proc before and after the load. Both trees of a configuration are served at once
and measured alternately, so a busy machine slows both. --quick drives only the comparison
page at 64 connections.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path

from bench.bench_pages import (
    HOST,
    PARALLAX,
    ROOT,
    Tree,
    choose_pages,
    get,
    load,
    require_wrk_and_seeds,
    serving,
    worktree,
    write_story,
)

CONNECTIONS = (4, 64, 512)
SEARCH_WORD = "Putin"  # in every seed, so the search has results to render
COMPARISON, JSON, STORY, SEARCH = "comparison", "comparison .json", "story, 30 outlets", "search"
PAGES = (COMPARISON, JSON, STORY, SEARCH)
SETTLE_LIMIT = 60.0  # seconds to wait for a server to finish what wrk left queued
PROBE_EVERY = 0.2  # seconds between /healthz probes
HEALTH_LIMIT_MS = 1000.0
GOAL_RPS = 1000.0
GOAL_P99_MS = 100.0
MARK = {True: "ok", False: "NO", None: "--"}

# Each wrk thread counts statuses in its own Lua state; `done` runs in the main state and
# gathers the threads' tables (wrk copies them across with thread:get).
STATUS_SCRIPT = """
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end
function init(args)
  statuses = {}
end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses") or {}) do
      total[status] = (total[status] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(total) do
    table.insert(parts, status .. "=" .. n)
  end
  io.write("STATUSES " .. table.concat(parts, " ") .. "\\n")
end
"""
UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


@dataclass
class Run:
    """What one wrk run saw."""

    rps: float
    p50_ms: float
    p99_ms: float
    statuses: dict[int, int]
    socket_errors: dict[str, int]  # only the kinds that happened
    drain_s: float = 0.0  # how long the server stayed busy after wrk stopped


@dataclass
class Probe:
    """/healthz asked every PROBE_EVERY seconds during the 512-connection runs."""

    sent: int = 0
    worst_ms: float = 0.0
    failures: dict[str, int] = field(default_factory=dict)

    def record(self, elapsed_ms: float, failure: str | None) -> None:
        self.sent += 1
        self.worst_ms = max(self.worst_ms, elapsed_ms)
        if failure is not None:
            self.failures[failure] = self.failures.get(failure, 0) + 1


@dataclass
class Served:
    """One tree served in one configuration, and what was measured on it."""

    tree: Tree
    workers: int
    pid: int  # the server's, for reading its memory
    stack: ExitStack  # closing it stops the server
    pages: dict[str, str] = field(default_factory=dict)  # name -> path
    skipped: dict[str, str] = field(default_factory=dict)  # name -> why not measured
    runs: dict[tuple[str, int], Run] = field(default_factory=dict)
    health: bool = False
    probe: Probe = field(default_factory=Probe)
    memory: list[tuple[float, int]] = field(default_factory=list)  # (MB, processes)


Pair = tuple[Served | None, Served | None]  # baseline, this tree; None: not served


def has_workers_option(tree: Tree) -> bool:
    env = tree.env() | {"COLUMNS": "200", "NO_COLOR": "1"}  # no wrapping, no escapes
    result = subprocess.run(
        [*PARALLAX, "serve", "--help"],
        env=env,
        cwd=tree.path,
        capture_output=True,
        text=True,
        check=True,
    )
    return "--workers" in result.stdout


def process_tree(pid: int) -> list[int]:
    """`pid` and all its descendants, from the parent ids in /proc/*/stat."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # gone meanwhile
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])  # the name may hold spaces
        children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        found.append(todo.pop())
        todo.extend(children.get(found[-1], []))
    return found


def cpu_seconds(pid: int) -> float:
    """CPU time used so far by `pid` and its descendants (user + system)."""
    ticks = 0
    for each in process_tree(pid):
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def settle(pid: int, limit: float = SETTLE_LIMIT) -> float:
    """Wait until the server is idle; seconds waited.

    A server goes on answering the requests wrk left in flight after wrk stops; the next run
    (on either tree, as both share the cores) must not pay for them.
    """
    started = time.monotonic()
    used = cpu_seconds(pid)
    while time.monotonic() - started < limit:
        time.sleep(0.5)
        now = cpu_seconds(pid)
        if now - used < 0.05:  # under a tenth of a core over the half second
            break
        used = now
    return time.monotonic() - started


def resident(pid: int) -> tuple[float, int]:
    """Summed RSS in MB of `pid` and its descendants, and how many processes that is."""
    kb, count = 0, 0
    for each in process_tree(pid):
        try:
            status = Path(f"/proc/{each}/status").read_text()
        except OSError:
            continue
        if found := re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE):
            kb, count = kb + int(found.group(1)), count + 1
    return kb / 1024, count


@contextmanager
def served_process(tree: Tree, workers: int) -> Iterator[int]:
    """The server's pid; workers it leaves behind when stopped are ended too."""
    extra = ("--workers", str(workers)) if workers > 1 else ()
    with serving(tree, extra) as server:
        yield server.pid
        spawned = [p for p in process_tree(server.pid) if p != server.pid]
    deadline = time.monotonic() + 10
    while (left := [p for p in spawned if Path(f"/proc/{p}").exists()]) and (
        time.monotonic() < deadline
    ):
        time.sleep(0.2)
    for pid in left:
        os.kill(pid, signal.SIGKILL)


def prepare(served: Served) -> None:
    """One warm-up request per page, and whether the tree answers /healthz."""
    tree = served.tree
    served.pages = {
        COMPARISON: tree.compare_path,
        JSON: tree.compare_path + ".json",
        STORY: tree.story_path,
        SEARCH: f"/search?q={SEARCH_WORD}",
    }
    for name, path in served.pages.items():
        status, _ = get(tree.port, path)
        if status != 200:
            served.skipped[name] = f"n/a ({status})"
    served.health = get(tree.port, "/healthz")[0] != 404


def wrk(port: int, path: str, connections: int, duration: int, script: Path) -> Run:
    # wrk leaves replies slower than its timeout (2 s by default) out of the latencies; at
    # 10 s the percentiles show how slow a queued page gets rather than hiding it.
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout=10s"]
    command += ["-s", str(script)]
    out = subprocess.run(
        [*command, f"http://{HOST}:{port}{path}"], capture_output=True, text=True, check=False
    ).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    codes = re.search(r"^STATUSES(.*)$", out, re.MULTILINE)
    if rps is None or codes is None:
        raise RuntimeError(f"wrk's output is not as expected:\n{out}")
    latency = {
        m.group(1): float(m.group(2)) * UNIT_MS[m.group(3)]
        for m in re.finditer(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s|m|h)\s*$", out, re.MULTILINE)
    }
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    kinds = ("connect", "read", "write", "timeout")
    counts = [int(n) for n in errors.groups()] if errors else [0] * 4
    return Run(
        rps=float(rps.group(1)),
        p50_ms=latency.get("50", 0.0),
        p99_ms=latency.get("99", 0.0),
        statuses={int(s): int(n) for s, n in (pair.split("=") for pair in codes.group(1).split())},
        socket_errors={k: n for k, n in zip(kinds, counts, strict=True) if n},
    )


@contextmanager
def probing(served: Served) -> Iterator[None]:
    """Ask /healthz every PROBE_EVERY seconds, each time on a fresh connection."""
    if not served.health:
        yield
        return
    stop = threading.Event()

    def probe() -> None:
        next_at = time.monotonic()
        while not stop.is_set():
            started = time.perf_counter()
            failure = None
            try:
                status, _ = get(served.tree.port, "/healthz", timeout=10)
                if status != 200:
                    failure = str(status)
            except OSError as error:  # refused, reset or timed out: the point of the probe
                failure = type(error).__name__
            served.probe.record(1000 * (time.perf_counter() - started), failure)
            next_at += PROBE_EVERY
            stop.wait(max(0.0, next_at - time.monotonic()))

    thread = threading.Thread(target=probe, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def plan(quick: bool) -> list[tuple[str, int]]:
    """The runs, in the order the tables show them."""
    if quick:
        return [(COMPARISON, 64)]
    return [(name, c) for c in CONNECTIONS for name in PAGES]


def measure(group: list[Served], runs: list[tuple[str, int]], duration: int, script: Path) -> None:
    """Every run on each server of `group`, alternating; each server is stopped after its last.

    The heaviest run goes last: a server may go on for minutes with the requests it queued,
    and stopping it keeps that work off the cores the other tree's runs need.
    """
    for served in group:
        settle(served.pid)  # workers still starting, or warm-ups: not the load's memory
        served.memory.append(resident(served.pid))
    heaviest = (STORY, 512)
    ordered = [r for r in runs if r != heaviest] + [r for r in runs if r == heaviest]
    for number, (name, connections) in enumerate(ordered, start=1):
        for served in group:  # alternate: each figure is taken on both trees back to back
            if name not in served.skipped:
                run = run_once(served, name, connections, duration, script)
            if number == len(ordered):
                served.memory.append(resident(served.pid))
                stop(served)
            elif name not in served.skipped:
                run.drain_s = settle(served.pid)


def run_once(served: Served, name: str, connections: int, duration: int, script: Path) -> Run:
    with ExitStack() as stack:
        if connections >= 512:
            stack.enter_context(probing(served))
        run = wrk(served.tree.port, served.pages[name], connections, duration, script)
    served.runs[name, connections] = run
    print(
        f"  {served.tree.label:<12} {name:<18} c{connections:<4} {run.rps:>8,.0f} req/s"
        f"  p99 {latency(run, run.p99_ms):>7}  {codes(run)}",
        file=sys.stderr,
        flush=True,
    )
    return run


def stop(served: Served) -> None:
    """End the server and its workers now, rather than after the requests still queued."""
    for pid in process_tree(served.pid):
        with suppress(ProcessLookupError):  # ended meanwhile
            os.kill(pid, signal.SIGKILL)
    served.stack.close()


def latency(run: Run, value: float) -> str:
    return ms(value) if run.statuses else "-"  # wrk prints 0 when nothing was answered


def ms(value: float) -> str:
    if value >= 1000:
        return f"{value / 1000:.2f}s"
    return f"{value:.1f}ms" if value < 100 else f"{value:.0f}ms"


def codes(run: Run) -> str:
    parts = [f"{s}:{n}" for s, n in sorted(run.statuses.items())] or ["no answer"]
    parts += [f"{kind} {n}" for kind, n in run.socket_errors.items()]
    if run.drain_s >= SETTLE_LIMIT:
        parts.append(f"busy >{SETTLE_LIMIT:.0f}s")
    elif run.drain_s >= 2:  # one idle check is the floor
        parts.append(f"busy {run.drain_s:.0f}s")
    return " ".join(parts)


def cell(served: Served | None, name: str, connections: int) -> str:
    if served is None:
        return "n/a (no --workers)"
    if name in served.skipped:
        return served.skipped[name]
    run = served.runs.get((name, connections))
    if run is None:
        return "-"
    p50, p99 = latency(run, run.p50_ms), latency(run, run.p99_ms)
    return f"{run.rps:>7,.0f} {p50:>7} {p99:>7}  {codes(run)}"


def memory(served: Served | None) -> str:
    if served is None:
        return "n/a"
    (before, count), (after, _) = served.memory
    return f"{before:.0f} MB -> {after:.0f} MB ({count} process{'es' if count > 1 else ''})"


def health(served: Served | None, quick: bool) -> str:
    if served is None or not served.health:
        return "n/a"
    probe = served.probe
    if quick or not probe.sent:
        return "not probed (no 512-connection runs)"
    failed = ", ".join(f"{k} x{n}" for k, n in probe.failures.items()) or "none failed"
    return f"worst {ms(probe.worst_ms)} over {probe.sent} probes, {failed}"


def report(label: str, pair: Pair, args: argparse.Namespace) -> None:
    width = 52
    print()
    print(f"== {label} ==")
    print(f"{'':25}  {'baseline ' + args.baseline:<{width}}  this tree")
    columns = f"{'req/s':>7} {'p50':>7} {'p99':>7}  statuses"
    print(f"{'page':<18} {'conns':>6}  {columns:<{width}}  {columns}")
    for name, connections in plan(args.quick):
        left, right = (cell(s, name, connections) for s in pair)
        print(f"{name:<18} {connections:>6}  {left:<{width}}  {right}")
    left, right = (memory(s) for s in pair)
    print(f"{'memory (RSS)':<25}  {left:<{width}}  {right}")
    left, right = (health(s, args.quick) for s in pair)
    print(f"{'/healthz at 512 conns':<25}  {left:<{width}}  {right}")


def goals(served: Served, quick: bool) -> str:
    """The issue's goals, each 'ok', 'NO' or '--' (not measured), and whether all are met."""
    verdicts: list[tuple[str, bool | None]] = []
    run = served.runs.get((COMPARISON, 64))
    if run is None:
        verdicts.append(("comparison at 64c", None))
    else:
        only_2xx = bool(run.statuses) and all(200 <= s < 300 for s in run.statuses)
        verdicts += [
            (f"64c {run.rps:,.0f} req/s", run.rps >= GOAL_RPS),
            (f"p99 {ms(run.p99_ms)}", run.p99_ms <= GOAL_P99_MS),
            ("only 2xx", only_2xx),
        ]
    heavy = [r for (_, c), r in served.runs.items() if c == 512]
    if quick or not heavy:
        verdicts.append(("512c", None))
    else:
        seen = {s for r in heavy for s in r.statuses}
        mute = [name for (name, c), r in served.runs.items() if c == 512 and not r.statuses]
        text = f"512c {','.join(map(str, sorted(seen))) or 'no status'}"
        if mute:  # a page that answered nothing at all has not held, whatever the others did
            text += f" ({', '.join(mute)}: no answer)"
        verdicts.append((text, not mute and all(200 <= s < 300 or s == 503 for s in seen)))
    if not served.health:
        verdicts.append(("/healthz n/a", False))
    elif quick or not served.probe.sent:
        verdicts.append(("/healthz", None))
    else:
        probe = served.probe
        answered = not probe.failures and probe.worst_ms <= HEALTH_LIMIT_MS
        verdicts.append((f"/healthz worst {ms(probe.worst_ms)}", answered))
    marks = "  ".join(f"{text} {MARK[good]}" for text, good in verdicts)
    if any(good is False for _, good in verdicts):
        return f"{marks}  => not met"
    partly = any(good is None for _, good in verdicts)
    return f"{marks}  => {'met so far (part not measured)' if partly else 'MET'}"


def workers_label(workers: int) -> str:
    return "1 worker" if workers == 1 else f"--workers {workers}"


def run_configuration(
    trees: tuple[Tree, Tree],
    can_scale: list[bool],
    workers: int,
    index: int,
    args: argparse.Namespace,
    script: Path,
) -> Pair:
    """Serve both trees with `workers` (where they can), warm up, and measure alternately."""
    print(f"{workers_label(workers)}:", file=sys.stderr, flush=True)
    found: list[Served | None] = []
    with ExitStack() as servers:
        for offset, tree in enumerate(trees):
            if workers > 1 and not can_scale[offset]:
                found.append(None)
                continue
            # Later configurations reuse the database and pages the first one chose.
            view = replace(
                tree, label=f"{tree.label}-w{workers}", port=args.port + 2 * index + offset
            )
            own = servers.enter_context(ExitStack())  # so `measure` can stop it early
            pid = own.enter_context(served_process(view, workers))
            if not tree.compare_path:
                choose_pages(view)
                tree.compare_path, tree.story_path = view.compare_path, view.story_path
            served = Served(view, workers, pid, own)
            prepare(served)
            found.append(served)
        measure([s for s in found if s], plan(args.quick), args.duration, script)
    return found[0], found[1]


def print_results(results: list[tuple[int, Pair]], tree: Tree, args: argparse.Namespace) -> None:
    print()
    print(f"wrk -t2 --timeout 10s, {args.duration} s per run, 127.0.0.1, {os.cpu_count()} cores")
    print(f"pages: {tree.compare_path}[.json], {tree.story_path}, /search?q={SEARCH_WORD}")
    print(
        "busy Ns: the server went on N s with what wrk left queued (waited out before the next run)"
    )
    for workers, pair in results:
        if pair == (None, None):
            print(f"\n== {workers_label(workers)}: n/a, neither tree's serve has --workers ==")
        else:
            report(workers_label(workers), pair, args)
    print()
    print(
        f"Goals: comparison at 64 conns >= {GOAL_RPS:,.0f} req/s, p99 <= {GOAL_P99_MS:.0f} ms,"
        " only 2xx; at 512 conns only 2xx and 503; /healthz within 1 s throughout"
    )
    for workers, pair in results:
        for name, served in zip(("baseline", "this tree"), pair, strict=True):
            if served is not None:
                label = f"{name}, {workers_label(workers)}"
                print(f"  {label:<24} {goals(served, args.quick)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="04c77d2", help="git revision to compare with")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="workers of the second serving"
    )
    parser.add_argument(
        "--quick", action="store_true", help="only the comparison page at 64 connections"
    )
    parser.add_argument("--port", type=int, default=8741, help="first of four ports")
    args = parser.parse_args()
    require_wrk_and_seeds()
    started = time.monotonic()
    with ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="parallax-serve-")))
        checkout = stack.enter_context(worktree(args.baseline, work / "baseline"))
        trees = (
            Tree("baseline", checkout, args.port, work / "baseline.db"),
            Tree("current", ROOT, args.port + 1, work / "current.db"),
        )
        script = work / "statuses.lua"
        script.write_text(STATUS_SCRIPT, encoding="utf-8")
        story_file = work / "story.jsonl"
        write_story(story_file)
        for tree in trees:
            load(tree, story_file)
        can_scale = [has_workers_option(tree) for tree in trees]
        results: list[tuple[int, Pair]] = []
        for index, workers in enumerate([1] + ([args.workers] if args.workers > 1 else [])):
            if workers > 1 and not any(can_scale):
                results.append((workers, (None, None)))
            else:
                results.append(
                    (workers, run_configuration(trees, can_scale, workers, index, args, script))
                )
        print_results(results, trees[1], args)
    print(f"({time.monotonic() - started:.0f} s in all)")


if __name__ == "__main__":
    main()
