"""Are two ``corpuskit run`` output folders the same? Every Parquet table (columns, dtypes, rows,
values, exactly), every CSV (bytes) and ``events.jsonl`` (bytes).

    .venv/bin/python scripts/compare_tables.py BEFORE_DIR AFTER_DIR   # exit status 0: all equal

Used to check that a change to speed leaves the tables as they were (issue 14).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd


def compare(before: Path, after: Path) -> list[str]:
    """One line per file: its name and ``equal`` or what differs."""
    lines = []
    for pattern in ("*.parquet", "*.csv", "*.jsonl"):
        names = sorted({p.name for p in before.glob(pattern)} | {p.name for p in after.glob(pattern)})
        for name in names:
            old, new = before / name, after / name
            if not (old.exists() and new.exists()):
                lines.append(f"{name}: only in {before if old.exists() else after}")
            elif pattern == "*.parquet":
                x, y = pd.read_parquet(old), pd.read_parquet(new)
                try:
                    pd.testing.assert_frame_equal(x, y, check_exact=True)
                    lines.append(f"{name}: equal ({len(x)} rows, {len(x.columns)} columns)")
                except AssertionError as exc:
                    lines.append(f"{name}: DIFFERENT {str(exc)[:300]}")
            else:
                lines.append(f"{name}: {'equal' if old.read_bytes() == new.read_bytes() else 'DIFFERENT'}")
    return lines


if __name__ == "__main__":
    result = compare(Path(sys.argv[1]), Path(sys.argv[2]))
    print("\n".join(result))
    sys.exit(0 if all(": equal" in line for line in result) else 1)
