"""The data dictionary of the processed tables, generated from their pandera schemas.

Types, nullability and checks come from ``corpuskit.tables.SCHEMAS`` (so they cannot drift from
what is enforced); what a row is, where a table comes from and what each column means come from
``TABLES`` and ``COLUMNS`` below. ``make docs`` writes ``docs/tables.md``:
``python -m corpuskit.dictionary docs/tables.md``.

>>> "| `doc_id` | string | no | non-empty |" in render()
True
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandera.pandas as pa

from corpuskit.tables import SCHEMAS

DOC = "the article: the raw file's name without its suffix"
SENT = "sentence number within the article (`sentences.sent_id`)"
PARA = "paragraph number within the article (`paragraphs.para_id`)"
START = "offset of the first character in the article's `body`"
END = "offset after the last character in `body`"
ISO3 = "ISO 3166 alpha-3 code of the country"

# table: (one row is, made by)
TABLES: dict[str, tuple[str, str]] = {
    "articles": ("one raw file that parsed into an article",
                 "`corpuskit.corpus.load_corpus` (parse); `dyad`, `partner_iso3` by "
                 "`corpuskit.entities.add_dyads`"),
    "errors": ("one raw file that could not be used, or was used with a warning",
               "`corpuskit.corpus.load_corpus`"),
    "paragraphs": ("one paragraph of an article's body", "`corpuskit.segment.paragraph_table`"),
    "sentences": ("one sentence (spaCy's sentence splitter) of a paragraph",
                  "`corpuskit.segment.sentence_table`"),
    "entities": ("one entity mention (spaCy NER and the diplomacy gazetteer)",
                 "`corpuskit.entities` (`iter_entity_rows`, `tag_entities`)"),
    "narratives": ("one agent–verb–patient statement read from the dependency parse",
                   "`corpuskit.narratives` (`statement_rows`, `extract_statements`)"),
    "events": ("one PLOVER event: who (actor) did what (type, mode) to whom (recipient), and where",
               "`corpuskit.events` (`event_rows`, `finish_events`)"),
    "topics": ("one sentence with its topic (consensus of BERTopic fits over several seeds)",
               "`corpuskit.topics` (notebook 03)"),
}

COLUMNS: dict[str, dict[str, str]] = {
    "articles": {
        "doc_id": DOC,
        "source": "the outlet, from the page's banner or byline (`sources.yaml`); empty if not found",
        "published": "publication date (day precision)",
        "date_basis": "where the date was found (header, timestamp, signature, dateline, opening "
                      "sentence) or none",
        "date_text": "the words the date was read from (empty if none)",
        "flags": "what was uncertain in the article (date, source, title...; a JSON list in the CSV)",
        "title": "headline",
        "language": "ISO 639-1 code of the body's language (`und` if undetermined)",
        "body": "clean text: paragraphs joined by a blank line; every offset points into it",
        "paragraphs": "the body's paragraphs (a JSON list in the CSV)",
        "n_words": "words in the body",
        "sha256": "sha256 of the raw file's bytes",
        "path": "the raw file, relative to the raw folder",
        "duplicate_of": "`doc_id` of the earlier article this one repeats",
        "duplicate_kind": "`exact` (same body) or `near` (nearly the same)",
        "dyad": "the bilateral pair the article is about, focus country first (e.g. `AZE–RUS`)",
        "partner_iso3": "the partner country of the dyad",
    },
    "errors": {
        "path": "the raw file",
        "severity": "`error` (file skipped) or `warning` (file used, with a caveat)",
        "reason": "one line saying why",
        "stage": "the stage that failed (`parse`, or a document stage such as `entities`)",
    },
    "paragraphs": {"doc_id": DOC, "para_id": PARA, "start_char": START, "end_char": END,
                   "text": "the paragraph's text"},
    "sentences": {"doc_id": DOC, "sent_id": SENT, "para_id": PARA, "start_char": START, "end_char": END,
                  "text": "the sentence's text"},
    "entities": {
        "doc_id": DOC, "sent_id": SENT, "start_char": START, "end_char": END,
        "text": "the mention as written",
        "label": "entity type (spaCy's labels)",
        "canonical_id": "the actor's id in the gazetteer (person slug, ISO3 country, organisation id)",
        "canonical_name": "the actor's canonical name",
        "country_iso3": f"{ISO3} the actor belongs to",
        "role": "a person's role (canonical vocabulary: president, foreign minister, ambassador...)",
        "role_source": "where the role came from: `text`, `dictionary` (officials.csv, on the date), `none`",
        "organisation": "id of the international organisation a person or body belongs to (EU, NATO...)",
        "interacts_with_focus": "the mention stands in an interaction with the focus country's actors",
    },
    "narratives": {
        "doc_id": DOC, "sent_id": SENT, "start_char": START, "end_char": END,
        "agent": "who acts or speaks",
        "agent_country": f"{ISO3} of the agent",
        "agent_is_actor": "the agent is a known actor (a country, organisation or official)",
        "verb": "the verb's lemma",
        "verb_text": "the verb as written",
        "patient": "who or what is acted on (empty if none)",
        "patient_country": f"{ISO3} of the patient",
        "patient_is_actor": "the patient is a known actor",
        "negated": "the verb is negated",
        "kind": "`speech` (a speech verb: said, stressed...) or `action`",
        "sentence": "the sentence, as evidence",
    },
    "events": {
        "event_id": "`doc_id:start_char` of the trigger (`doc_id:start_char:ISO3` for the further "
                    "recipients of one trigger, `doc_id:start_char:2`... for other events of the same "
                    "trigger), the event's id",
        "doc_id": DOC, "sent_id": SENT,
        "start_char": START + " of the trigger", "end_char": END + " of the trigger",
        "date": "the article's publication date",
        "trigger": "the words that express the act, as written",
        "event_type": "PLOVER event category (`plover.yaml`)",
        "mode": "PLOVER mode of the category (e.g. CONSULT: visit, phone; PROTEST: summon), empty if none",
        "context": "PLOVER context(s) of the event (diplomatic, military, economic...)",
        "quad_class": "PLOVER quad class: 1 verbal / 2 material cooperation, 3 verbal / 4 material conflict",
        "plover_score": "PLOVER's cooperation-conflict score of the category (-10 to 10)",
        "actor": f"{ISO3} or organisation id of who acts",
        "recipient": f"{ISO3} or organisation id of whom the act is directed at (empty if none)",
        "mutual": "a joint act of both sides (\"the sides discussed\")",
        "inferred": "a side was inferred from the article's dyad, not read from the sentence",
        "modality": "`negated`, `future`, `conditional` or `hypothetical`; empty for an act that happened",
        "same_as": "`event_id` of an earlier report of the same act in the article (not counted twice)",
        "confidence": "the coder's confidence (lexicon triggers 0.7, or the classifier's probability)",
        "sentence": "the sentence, as evidence",
    },
    "topics": {
        "unit_id": "`doc_id:s<sent_id>` for a sentence, `doc_id:p<para_id>` for a paragraph",
        "doc_id": DOC, "para_id": PARA, "sent_id": SENT + " (sentence units only)",
        "partner_iso3": "the article's partner country",
        "topic": "topic number (-1: outliers)",
        "topic_label": "the topic's label (its top words)",
        "probability": "the unit's probability of its topic (empty if the model gives none)",
        "outlier": "the clustering left the unit out before it was reassigned",
    },
}

_TYPES = {"string": "string", "int": "integer", "bool": "boolean", "float": "float", "datetime": "date",
          "object": "list"}


def _type(column: pa.Column) -> str:
    name = str(column.dtype)
    return next((label for prefix, label in _TYPES.items() if name.startswith(prefix)), name)


def _check(check: pa.Check) -> str:
    stats = check.statistics or {}
    match check.name:
        case "str_length" if stats.get("min_value") == 1 and stats.get("max_value") is None:
            return "non-empty"
        case "isin":
            return "one of " + ", ".join(f"`{v}`" for v in stats["allowed_values"])
        case "str_matches":
            return f"matches `{stats['pattern']}`"
        case "greater_than":
            return f"> {stats['min_value']}"
        case "greater_than_or_equal_to":
            return f"≥ {stats['min_value']}"
        case "in_range":
            return f"in [{stats['min_value']}, {stats['max_value']}]"
    return f"{check.name} {stats}".strip()


def render() -> str:
    """The data dictionary as Markdown: one section per table, one row per column."""
    out = ["# Data dictionary", "",
           "The tables in `data/processed/` (Parquet, and CSV with list columns as JSON). "
           "Generated from the pandera schemas in `corpuskit.tables` by `make docs` "
           "(`corpuskit.dictionary`): do not edit by hand. Every offset is a character offset into "
           "the article's `body`.", ""]
    for name, schema in SCHEMAS.items():
        missing = [f"{name}.{c}" for c in schema.columns if c not in COLUMNS.get(name, {})]
        if name not in TABLES or missing:
            raise KeyError(f"describe {missing or name} in corpuskit.dictionary (TABLES, COLUMNS)")
        row, made_by = TABLES[name]
        out += [f"## `{name}`", "", f"One row: {row}. Made by {made_by}."]
        if schema.unique:
            out.append(f"Unique: {', '.join(f'`{c}`' for c in schema.unique)}.")
        out += ["", "| column | type | may be empty | check | meaning |", "|---|---|---|---|---|"]
        for column_name, column in schema.columns.items():
            checks = [_check(c) for c in column.checks] + (["unique"] if column.unique else [])
            optional = "" if column.required else " (optional column)"
            out.append(f"| `{column_name}` | {_type(column)} | {'yes' if column.nullable else 'no'} | "
                       f"{'; '.join(checks)} | {COLUMNS[name][column_name]}{optional} |")
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    Path(sys.argv[1]).parent.mkdir(parents=True, exist_ok=True)
    Path(sys.argv[1]).write_text(render(), encoding="utf-8")
