"""write_table: a table written a few rows at a time is the table written at once."""

import pandas as pd
import pandera.errors
import pyarrow.parquet as pq
import pytest

from corpuskit import tables


def _sentences(n: int) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": [f"d{i // 3}" for i in range(n)], "sent_id": [i % 3 for i in range(n)],
                         "para_id": 0, "start_char": list(range(n)), "end_char": [i + 5 for i in range(n)],
                         "text": [f"Sentence {i}." for i in range(n)]})


def test_pieces_give_the_same_files(tmp_path, monkeypatch):
    frame = _sentences(10)
    whole = tables.write_table(frame, "sentences", tmp_path / "whole", corpus="abc")
    monkeypatch.setattr(tables, "CSV_ROWS", 3)
    pieces = tables.write_table(frame, "sentences", tmp_path / "pieces", corpus="abc")
    assert pq.read_metadata(pieces).num_row_groups == 4
    pd.testing.assert_frame_equal(pd.read_parquet(pieces), pd.read_parquet(whole))
    assert pq.read_schema(pieces).equals(pq.read_schema(whole), check_metadata=True)
    assert pieces.with_suffix(".csv").read_bytes() == whole.with_suffix(".csv").read_bytes()


def test_a_column_empty_in_the_first_piece_keeps_its_type(tmp_path, monkeypatch):
    frame = pd.DataFrame({"unit_id": ["a:s0", "a:s1", "a:s2"], "doc_id": "a", "para_id": 0,
                          "partner_iso3": None, "topic": 1, "topic_label": "trade", "probability": 0.5,
                          "outlier": False, "note": pd.Series([None, None, ["x"]], dtype=object)})
    whole = tables.write_table(frame, "topics", tmp_path / "whole")
    monkeypatch.setattr(tables, "CSV_ROWS", 2)
    pieces = tables.write_table(frame, "topics", tmp_path / "pieces")
    assert pq.read_schema(pieces).field("note").type == pq.read_schema(whole).field("note").type
    pd.testing.assert_frame_equal(pd.read_parquet(pieces), pd.read_parquet(whole))


def test_uniqueness_is_checked_across_pieces(tmp_path, monkeypatch):
    frame = pd.concat([_sentences(3), _sentences(3)], ignore_index=True)  # d0's sentences twice
    monkeypatch.setattr(tables, "CSV_ROWS", 3)
    with pytest.raises(pandera.errors.SchemaError):
        tables.write_table(frame, "sentences", tmp_path)
