"""Compare two output folders of ``briefparse run``: every file byte for byte, DuckDB files table by table.

Used to show that a refactor changed no output: ``python bench/diff_outputs.py OLD NEW`` prints one line
per difference and exits 1 if there is any, 0 when the folders are identical.
"""

from __future__ import annotations

import sys
from pathlib import Path


def _duckdb_tables(path: Path) -> dict[str, list[tuple[object, ...]]]:
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        names = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall()]
        return {n: con.execute(f'SELECT * FROM "{n}"').fetchall() for n in names}
    finally:
        con.close()


# bookkeeping that names files by inode (what the next assembly may reuse), so it differs between any two folders
NOT_COMPARED = {Path("tables/corpus/manifest.json")}
# the run's options, compared without the code digest: a refactor changes the code by definition
RUN_OPTIONS = Path("tables/run.json")


def _options(path: Path) -> dict[str, object]:
    import json

    return {k: v for k, v in json.loads(path.read_text(encoding="utf-8")).items() if k != "code"}


def differences(old: Path, new: Path) -> list[str]:
    """One line per file that is missing on one side or differs (``NOT_COMPARED`` aside)."""
    a = {p.relative_to(old) for p in old.rglob("*") if p.is_file()} - NOT_COMPARED
    b = {p.relative_to(new) for p in new.rglob("*") if p.is_file()} - NOT_COMPARED
    out = [f"only in {old}: {p}" for p in sorted(a - b)] + [f"only in {new}: {p}" for p in sorted(b - a)]
    for rel in sorted(a & b):
        pa, pb = old / rel, new / rel
        if rel.suffix == ".duckdb":
            ta, tb = _duckdb_tables(pa), _duckdb_tables(pb)
            out += [f"differs: {rel} table {t}" for t in sorted(set(ta) | set(tb)) if ta.get(t) != tb.get(t)]
        elif rel == RUN_OPTIONS:
            if _options(pa) != _options(pb):
                out.append(f"differs: {rel} (run options)")
        elif pa.read_bytes() != pb.read_bytes():
            out.append(f"differs: {rel}")
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python bench/diff_outputs.py OLD_DIR NEW_DIR", file=sys.stderr)
        return 2
    diffs = differences(Path(argv[0]), Path(argv[1]))
    for line in diffs:
        print(line)
    print("identical" if not diffs else f"{len(diffs)} difference(s)")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
