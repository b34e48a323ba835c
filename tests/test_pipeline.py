"""One pass makes every table: the cache recomputes exactly what it must, one article cannot stop
the others, the tables agree with each other, and notebooks and ``corpuskit run`` see the same."""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from spacy.language import Language
from typer.testing import CliRunner

import corpuskit
from corpuskit import pipeline
from corpuskit.cli import app
from corpuskit.config import ROOT
from corpuskit.gazetteer import gazetteer_path
from corpuskit.narratives import NARRATIVE_COLUMNS, extract_statements
from corpuskit.pipeline import TABLES, run_corpus, run_pipeline
from corpuskit.tables import read_table, validate, write_table
from tests.fixtures import SEEDS_DIR as RAW_DIR

STAGES = ("parse", "sentences", "entities", "narratives", "events")
MINSK = "{name: OSCE Minsk Group, aliases: [OSCE Minsk Group, Minsk Group]}"
RENAMED = "{name: Minsk Group of the OSCE, aliases: [OSCE Minsk Group, Minsk Group]}"
# Articles of our own, in the shapes outlets use: a wire story in English and one in Russian.
ENGLISH = "date 2025-02-18\n\n" + "\n\n".join([
    "Georgian Prime Minister Irakli Kobakhidze received Azerbaijan's Foreign Minister Jeyhun Bayramov "
    "in Tbilisi on Tuesday.",
    "The sides discussed transport links across the South Caucasus. Bayramov praised the growing trade "
    "between the two countries and invited his hosts to Baku.",
    "The ministers signed a memorandum on energy cooperation."])
RUSSIAN = "date 2025-03-02\n\n" + "\n\n".join([
    "Министр иностранных дел Азербайджана встретился в Баку с послом Казахстана. Стороны обсудили "
    "двустороннее сотрудничество в области транспорта и энергетики, а также региональную безопасность.",
    "Посол подчеркнул важность регулярных политических консультаций между двумя странами."])


def _counts(run) -> dict[str, tuple[int, int]]:
    """(computed, reused) per stage."""
    return {row.stage: (row.computed, row.reused) for row in run.counts().itertuples()}


def _all(computed: int, reused: int) -> dict[str, tuple[int, int]]:
    return dict.fromkeys(STAGES, (computed, reused))


@pytest.fixture
def seeds() -> list[Path]:
    return sorted(RAW_DIR.iterdir())


@pytest.fixture
def corpus(tmp_path, seeds) -> Path:
    """The seeds, our two articles and an empty file."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for path in seeds:
        shutil.copy(path, raw)
    (raw / "tbilisi_visit.txt").write_text(ENGLISH, encoding="utf-8")
    (raw / "baku_ru.txt").write_text(RUSSIAN, encoding="utf-8")
    (raw / "empty.txt").write_bytes(b"")
    return raw


def test_cache_recomputes_only_new_and_stale_articles(tmp_path, seeds, monkeypatch):
    raw, cache = tmp_path / "raw", tmp_path / "cache"
    raw.mkdir()
    for path in seeds[:4]:
        shutil.copy(path, raw)
    (raw / "empty.txt").write_bytes(b"")

    def run(**kwargs):
        return run_pipeline(raw, cache, progress=False, part_size=3, **kwargs)

    first = run()
    assert _counts(first) == _all(5, 0)
    assert first.errors["path"].tolist() == ["empty.txt"]
    again = run()
    assert {s: c for s, (c, _) in _counts(again).items()} == dict.fromkeys(STAGES, 0)
    assert again.errors["path"].tolist() == ["empty.txt"]  # a failure is remembered and reported

    shutil.copy(seeds[4], raw)
    added = run()
    assert {s: c for s, (c, _) in _counts(added).items()} == dict.fromkeys(STAGES, 1)
    assert added.table("articles")["doc_id"].tolist() == [p.stem for p in seeds]

    # An edited gazetteer recomputes the stages after the parser, not the parse or the sentences.
    gazetteer = tmp_path / "gazetteer.yaml"
    text = gazetteer_path().read_text(encoding="utf-8")
    assert MINSK in text
    gazetteer.write_text(text.replace(MINSK, RENAMED), encoding="utf-8")
    edited = run(gazetteer=gazetteer)
    assert {s: c for s, (c, _) in _counts(edited).items()} == {
        "parse": 0, "sentences": 0, "entities": 6, "narratives": 6, "events": 6}
    names = edited.table("entities").query("canonical_id == 'osce_minsk_group'")["canonical_name"]
    assert set(names) == {"Minsk Group of the OSCE"}
    assert {s: c for s, (c, _) in _counts(run()).items()} == dict.fromkeys(STAGES, 0)

    # A new pipeline version recomputes everything; a removed article drops out of the results.
    monkeypatch.setattr(corpuskit, "__version__", "99.0.0")
    assert {s: c for s, (c, _) in _counts(run()).items()} == dict.fromkeys(STAGES, 6)
    (raw / seeds[0].name).unlink()
    fewer = run()
    assert {s: c for s, (c, _) in _counts(fewer).items()} == dict.fromkeys(STAGES, 0)
    assert seeds[0].stem not in set(fewer.table("entities")["doc_id"])


def test_one_pass_equals_the_in_memory_functions(tmp_path, seeds, articles, sentences, entities, nlp):
    raw = tmp_path / "raw"
    raw.mkdir()
    for path in seeds:
        shutil.copy(path, raw)
    # Two worker processes and chunks of two: the results must not depend on them.
    run = run_pipeline(raw, tmp_path / "cache", batch_size=2, n_process=2, part_size=2, progress=False)
    flat = articles.reset_index(drop=True)
    found = run.table("articles")
    pd.testing.assert_frame_equal(found[flat.columns], flat)
    assert {"dyad", "partner_iso3"} <= set(found)
    pd.testing.assert_frame_equal(run.table("sentences"), sentences)
    pd.testing.assert_frame_equal(run.table("entities"), entities)
    statements = extract_statements(flat, sentences, nlp=nlp, progress=False)
    columns = [c for c in NARRATIVE_COLUMNS if c != "sentence"]
    pd.testing.assert_frame_equal(run.table("narratives")[columns], statements[columns])


def test_statements_and_events_quote_the_sentence_their_id_names(tmp_path, corpus):
    run = run_corpus(corpus, tmp_path / "out")
    sentences = run.table("sentences").set_index(["doc_id", "sent_id"])
    bodies = run.table("articles").set_index("doc_id")["body"]
    for name in ("narratives", "events"):
        rows = run.table(name)
        assert len(rows) and rows["doc_id"].nunique() > 1
        quoted = sentences.loc[list(zip(rows["doc_id"], rows["sent_id"], strict=True)), "text"]
        assert quoted.tolist() == rows["sentence"].tolist(), name
    for row in sentences.reset_index().itertuples():
        assert bodies[row.doc_id][row.start_char:row.end_char] == row.text
    paragraphs = run.table("paragraphs").set_index(["doc_id", "para_id"])
    within = sentences.reset_index().join(paragraphs, on=["doc_id", "para_id"], rsuffix="_para")
    assert (within["start_char"] >= within["start_char_para"]).all()
    assert (within["end_char"] <= within["end_char_para"]).all()  # no sentence crosses a paragraph


def test_other_languages_get_article_rows_only_and_failures_are_rows(tmp_path, corpus):
    run = run_corpus(corpus, tmp_path / "out")
    articles = run.table("articles").set_index("doc_id")
    assert articles.loc["baku_ru", "language"] == "ru"
    assert articles.loc["tbilisi_visit", "partner_iso3"] == "GEO"
    assert "baku_ru" in set(run.table("paragraphs")["doc_id"])
    for name in ("sentences", "entities", "narratives", "events"):
        assert "baku_ru" not in set(run.table(name)["doc_id"])
    errors = run.table("errors")[["path", "severity", "stage"]].values.tolist()
    assert errors == [["empty.txt", "error", "parse"]]
    assert set(pd.read_csv(tmp_path / "out" / "errors.csv")["path"]) == {"empty.txt"}


def test_one_failing_article_is_an_error_row_and_is_remembered(tmp_path, corpus, monkeypatch, caplog):
    calls = []

    def fragile(doc_id, doc):
        calls.append(doc_id)
        if "Kobakhidze" in doc.text:
            raise RuntimeError("boom")
        return pipeline.iter_entity_rows(doc_id, doc)

    stages = {**pipeline.DOC_STAGES, "entities": fragile}
    with caplog.at_level(logging.WARNING):
        first = run_pipeline(corpus, tmp_path / "cache", doc_stages=stages, progress=False)
    errors = first.errors.set_index("path")
    assert errors.loc["tbilisi_visit.txt", "reason"] == "entities failed: RuntimeError: boom"
    assert "tbilisi_visit" in set(first.table("sentences")["doc_id"])  # its other stages went on
    assert first.table("entities")["doc_id"].nunique() == 5  # the seeds still have theirs
    calls.clear()
    again = run_pipeline(corpus, tmp_path / "cache", doc_stages=stages, progress=False)
    assert calls == [] and again.computed["entities"] == 0  # not retried: remembered as failed
    assert "tbilisi_visit.txt" in set(again.errors["path"])


def test_a_file_that_breaks_the_parser_is_an_error_row(tmp_path, corpus, monkeypatch):
    real = pipeline.iter_records

    def fragile(paths, errors):
        if any(path.name == "tbilisi_visit.txt" for path in paths):
            raise RuntimeError("unexpected")
        return real(paths, errors)

    monkeypatch.setattr(pipeline, "iter_records", fragile)
    run = run_pipeline(corpus, tmp_path / "cache", progress=False)
    reason = run.errors.set_index("path").loc["tbilisi_visit.txt", "reason"]
    assert reason == "parse failed: RuntimeError: unexpected"
    assert len(run.table("articles")) == 6  # the five seeds and the Russian article
    assert sum(run_pipeline(corpus, tmp_path / "cache", progress=False).computed.values()) == 0


@Language.component("fails_on_kobakhidze")
def _fails_on_kobakhidze(doc):
    if "Kobakhidze" in doc.text:
        raise RuntimeError("parser broke")
    return doc


def test_an_article_that_breaks_spacy_is_an_error_row_and_the_batch_goes_on(tmp_path, corpus):
    nlp = pipeline._nlp(None)
    nlp.add_pipe("fails_on_kobakhidze", first=True)
    try:
        run = run_pipeline(corpus, tmp_path / "cache", batch_size=8, progress=False)
    finally:
        nlp.remove_pipe("fails_on_kobakhidze")
    errors = run.errors.set_index("path")
    assert errors.loc["tbilisi_visit.txt", "reason"] == "spaCy: RuntimeError: parser broke"
    assert errors.loc["tbilisi_visit.txt", "stage"] == "sentences, entities, narratives, events"
    assert run.table("entities")["doc_id"].nunique() == 5  # the rest of its batch went on
    assert "tbilisi_visit" in set(run.table("articles")["doc_id"])


def test_long_texts_are_parsed_in_paragraph_batches_or_reported(tmp_path, corpus, monkeypatch):
    long_body = "\n\n".join(["The minister of Azerbaijan met his Georgian counterpart in Tbilisi."] * 40)
    (corpus / "long.txt").write_text("date 2025-01-05\n\n" + long_body, encoding="utf-8")
    monkeypatch.setattr(pipeline, "LONG_TEXT", 500)
    huge = "Talks " * 300  # one paragraph over the (lowered) max_length
    (corpus / "huge.txt").write_text("date 2025-01-06\n\n" + huge + "\n\nThe sides agreed.", encoding="utf-8")
    nlp = pipeline._nlp(None)
    monkeypatch.setattr(nlp, "max_length", 1000)
    run = run_pipeline(corpus, tmp_path / "cache", progress=False)
    sentences = run.table("sentences")
    long_sents = sentences[sentences["doc_id"] == "long"]
    assert len(long_sents) == 40 and long_sents["sent_id"].tolist() == list(range(40))
    body = run.table("articles").set_index("doc_id").loc["long", "body"]
    assert all(body[r.start_char:r.end_char] == r.text for r in long_sents.itertuples())
    entities = run.table("entities")
    assert (entities["doc_id"] == "long").sum() >= 40
    reason = run.errors.set_index("path").loc["huge.txt", "reason"]
    pattern = r"too large: [\d,]+ characters, one paragraph of 1,799 \(spaCy's max_length is 1,000\)"
    assert re.fullmatch(pattern, reason), reason
    assert run.table("articles")["doc_id"].str.contains("huge").any()  # listed, with its error
    assert len(sentences[sentences["doc_id"] != "long"]) > 0


def _tree(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.stat().st_size)
            for p in sorted(folder.rglob("*"))}


def test_damaged_cache_part_is_set_aside_and_a_complete_cache_is_only_read(tmp_path, corpus, caplog):
    cache = tmp_path / "cache"
    clean = run_pipeline(corpus, cache, progress=False)
    expected = {name: clean.table(name) for name in TABLES}
    before = _tree(cache)
    again = run_pipeline(corpus, cache, progress=False)
    assert _tree(cache) == before  # a complete cache is read without a write (read-only works)
    assert sum(again.computed.values()) == 0

    part = next((cache / "entities").glob("*/entities/part-*.parquet"))
    part.write_bytes(part.read_bytes()[:100])  # truncated
    done = next((cache / "narratives").glob("*/done/part-*.parquet"))
    done.write_bytes(b"")  # empty
    with caplog.at_level(logging.WARNING):
        repaired = run_pipeline(corpus, cache, progress=False)
    assert "damaged cache part" in caplog.text
    assert repaired.computed["entities"] > 0 and repaired.computed["narratives"] > 0
    assert list((cache / "damaged").rglob("part-*.parquet"))
    for name in TABLES:
        pd.testing.assert_frame_equal(repaired.table(name), expected[name])


def test_corpuskit_run_writes_what_the_notebooks_read(tmp_path, corpus):
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(corpus), "--out", str(out), "--no-progress"])
    assert result.exit_code == 0, result.output
    run = run_corpus(corpus, out)  # cached: computes nothing, writes nothing
    assert sum(run.computed.values()) == 0
    for name in TABLES:
        assert (out / f"{name}.csv").exists()
        pd.testing.assert_frame_equal(read_table(name, out), validate(run.table(name), name))
    # A table of another corpus in the same folder is refused, not mixed in.
    write_table(read_table("events", out).head(1), "events", out, corpus="0" * 64)
    with pytest.raises(ValueError, match="another corpus"):
        read_table("events", out)


NOTEBOOK_CORPUS_CALLS = re.compile(r"\b(nlp\.pipe|build_pipeline|tag_entities|extract_statements|"
                                   r"sentence_table|load_corpus|code_events)\b")


def test_no_notebook_runs_spacy_over_the_corpus():
    for notebook in sorted((ROOT / "notebooks").glob("0*.py")):
        code = "\n".join(line for line in notebook.read_text(encoding="utf-8").splitlines()
                         if not line.lstrip().startswith("#"))
        assert not NOTEBOOK_CORPUS_CALLS.findall(code), notebook.name
        if not notebook.name.startswith("01"):
            assert "run_corpus" not in code, notebook.name  # only notebook 01 runs the pipeline


@pytest.mark.parametrize(("n", "n_process", "part_size"),
                         [(1000, 2, 256), (10_000, 2, 256), (7, 2, 2), (5, 4, 3)])
def test_guided_chunks_shrink_towards_the_end(n, n_process, part_size):
    sizes = [len(chunk) for chunk in pipeline.guided(list(range(n)), n_process, part_size, min(8, part_size))]
    assert sum(sizes) == n and max(sizes) <= part_size
    assert sizes[:-1] == sorted(sizes[:-1], reverse=True)  # large first, small last
    chunks = pipeline.guided(list(range(n)), n_process, part_size)
    assert [i for chunk in chunks for i in chunk] == list(range(n))
    if n >= 1000:
        assert sizes[-1] <= 16 and sizes[0] >= 100  # a worker waits at most a small chunk for the other
