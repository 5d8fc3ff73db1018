"""A hostile corpus, generated here (nothing big is committed), run end to end in a subprocess.

Each hostile input gets a row with a one-line message (or is left out with a one-line note), the
ordinary document beside them finishes with its notes and calls, the run's peak memory (the
subprocess's own high-water mark, VmHWM) stays bounded, and the written files are safe to open: no NUL, no CSV
cell a spreadsheet would execute, one BibTeX entry per reference.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

MAX_RSS_MB = 800  # measured 421 MB (spaCy, jieba, pandas are most of it); /dev/zero alone used to reach MemoryError

# an ordinary brief in a style of its own (numbered endnotes, bracketed calls), written for this test
GOOD = """Coastal Provinces and the Chip Fund

Local governments put 45 billion yuan into semiconductor funds in 2021 [1]. Jiangsu alone pledged
twelve new projects [2], and most of them were announced in March 2022 [3].

Endnotes

1. Li Wei, "Local Chip Funds Grow," Industry Weekly, May 4, 2022, https://www.example.com/chips/2022/05/04.html.
2. Jiangsu Provincial Government, "Twelve Projects," press release, 2021, http://www.js.gov.cn/art/2021/12/01/a.html.
3. Zhang Min, "Spring Announcements," Policy Digest, March 30, 2022.
"""

HOSTILE_NOTES = """A Brief With Poisoned Notes

A claim [1]. Another claim [2]. A third [3]. A fourth [4].

Notes

1. =HYPERLINK("http://evil.example/","click"), "@SUM(A1:A9) of subsidies," Review, 2020.
2. Jane Roe, "Reform in http://www.example.cn/reform.html the provinces," Policy Review, March 3, 2021.
3. Ann Lee, "A Journal Piece," Journal of Things 4, no. 2 (2019): 1-9, doi:10.1234/abc}, title = {pwned}.
4. -2+3 "Minus formula title," +Outlet, 2018.
"""


def _corpus(root: Path) -> tuple[Path, list[Path]]:
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "poisoned-notes.txt").write_text(HOSTILE_NOTES, encoding="utf-8")
    (corpus / "long-note.txt").write_text("Title\n\nA claim [1].\n\nNotes\n\n1. " + "x\n" * 200_000, encoding="utf-8")
    (corpus / "glued-numbers.txt").write_text("Title\n\n" + "1,000," * 20_000 + "\n", encoding="utf-8")
    (corpus / "zh-numerals.txt").write_text("标题\n\n" + "一二三四五六七八九十百千万亿" * 1500 + "\n", encoding="utf-8")
    (corpus / "brackets.txt").write_text("Title\n\n" + "(" * 10_000 + "[" * 5_000 + "\n", encoding="utf-8")
    urls = "\n".join(f"{i}. Notice {i}, http://www.example.gov.cn/zwgk/c{i}/t{i % 89}.htm" for i in range(1, 4001))
    (corpus / "many-urls.txt").write_text("Title\n\nA claim [1].\n\nNotes\n\n" + urls + "\n", encoding="utf-8")
    (corpus / "one-block.txt").write_text("Title\n\n" + "word " * 220_000 + "\n", encoding="utf-8")
    (corpus / "control-chars.txt").write_bytes(b"Title\n\nA sentence with a NUL\x00 and an escape\x1b[31m inside."
                                               b" Then more ordinary text follows here, enough of it.\n" * 20)
    (corpus / "stray-byte.txt").write_bytes("标题\n\n省财政厅下达专项资金。".encode() + b"\xff" + "请按规定使用。\n".encode() * 20)
    (corpus / "big5-as-gb2312.html").write_bytes(
        "<html><head><meta charset='gb2312'></head><body><p>大陸當局近年推動新型舉國體制，地方政府承擔更多出資責任。</p>"
        "</body></html>".encode("big5"))
    (corpus / "utf16-no-bom.txt").write_bytes("A UTF-16 brief without a byte order mark.\n".encode("utf-16-le") * 20)
    outside = root / "outside-secret.txt"
    outside.write_text("TOP SECRET text from outside the corpus folder.\n", encoding="utf-8")
    (corpus / "link-outside.txt").symlink_to(outside)
    (corpus / "link-inside.txt").symlink_to(corpus / "good.txt")
    os.mkfifo(corpus / "fifo.txt")
    stale = corpus / "out" / "text"
    stale.mkdir(parents=True)
    (stale / "stale.txt").write_text("An earlier run's output, not an input.\n", encoding="utf-8")
    return corpus, [corpus, Path("/dev/zero"), corpus / "fifo.txt"]


_RUN = textwrap.dedent('''
    import json, sys
    from pathlib import Path
    from briefparse.options import RunOptions
    from briefparse.pipeline import run

    args = json.loads(sys.argv[1])
    res = run([Path(p) for p in args["inputs"]], RunOptions(out=Path(args["out"]), jobs=1, progress=False))
    # VmHWM, not ru_maxrss: Linux keeps the parent's ru_maxrss across fork+exec (a big pytest would count)
    hwm_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
    print(json.dumps({"rss_mb": hwm_kb // 1024,
                      "warnings": list(res.warnings)}))
''')


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    root = tmp_path_factory.mktemp("hostile")
    corpus, inputs = _corpus(root)
    out = corpus / "out"  # --out inside the input folder: must not be read as input
    args = json.dumps({"inputs": [str(p) for p in inputs], "out": str(out)})
    proc = subprocess.run([sys.executable, "-c", _RUN, args], capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out, json.loads(proc.stdout.strip().splitlines()[-1])


def _docs(out: Path) -> pd.DataFrame:
    return pd.read_csv(out / "documents.csv", dtype=str, keep_default_na=False).set_index("doc_id")


def test_memory_bounded(hostile_run) -> None:
    _, info = hostile_run
    assert info["rss_mb"] < MAX_RSS_MB


def test_each_hostile_document_gets_a_one_line_row(hostile_run) -> None:
    out, _ = hostile_run
    docs = _docs(out)
    for name in ["poisoned-notes.txt", "long-note.txt", "glued-numbers.txt", "zh-numerals.txt", "brackets.txt",
                 "many-urls.txt", "one-block.txt", "control-chars.txt", "stray-byte.txt", "big5-as-gb2312.html",
                 "utf16-no-bom.txt"]:
        match = [d for d in docs.index if d.endswith(name)]
        assert match, name
        row = docs.loc[match[0]]
        assert row["status"] == "ok", (name, row["error"])
    devices = docs[docs["path"].isin(["/dev/zero"]) | docs["path"].str.endswith("fifo.txt")]
    assert len(devices) == 2 and set(devices["status"]) == {"error"}
    assert all("not a regular file" in e and "\n" not in e for e in devices["error"])


def test_ordinary_document_beside_them_finishes(hostile_run) -> None:
    out, _ = hostile_run
    docs = _docs(out)
    row = docs.loc[[d for d in docs.index if d.endswith("/good.txt") or d == "good.txt"][0]]
    assert row["status"] == "ok" and int(row["note_count"]) == 3 and int(row["call_count"]) == 3


def test_links_out_of_the_folder_and_the_out_folder_are_not_read(hostile_run) -> None:
    out, info = hostile_run
    docs = _docs(out)
    assert not any("link-outside" in d or "stale" in d for d in docs.index)
    assert any("link-outside.txt" in w and "not followed" in w for w in info["warnings"])  # type: ignore[union-attr]
    for f in out.rglob("*"):
        if f.is_file() and f.suffix in (".txt", ".csv", ".html", ".json"):
            assert "TOP SECRET" not in f.read_text(encoding="utf-8", errors="replace"), f


def test_decisions_recorded_in_encoding(hostile_run) -> None:
    out, _ = hostile_run
    enc = {d.split("/")[-1]: e for d, e in _docs(out)["encoding"].items()}
    assert enc["stray-byte.txt"].startswith("utf-8 (UTF-8 with 1 invalid byte")
    assert enc["big5-as-gb2312.html"].startswith("big5")
    assert enc["utf16-no-bom.txt"].startswith("utf-16-le (UTF-16 without a byte order mark")


def test_no_nul_in_any_output(hostile_run) -> None:
    out, _ = hostile_run
    for f in out.rglob("*"):
        if f.is_file() and f.suffix != ".duckdb" and f.suffix != ".parquet" and not f.name.endswith(".gz"):
            assert b"\x00" not in f.read_bytes(), f


_PLAIN_NUMBER = re.compile(r"[+-]?\d[\d,]*(?:\.\d+)?%?|[+-]?\.\d+%?")


def test_no_csv_cell_starts_a_formula(hostile_run) -> None:
    out, _ = hostile_run
    seen_neutralised = 0
    for f in out.glob("*.csv"):
        with f.open(encoding="utf-8", newline="") as fh:
            for row in csv.reader(fh):
                for cell in row:
                    if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                        assert _PLAIN_NUMBER.fullmatch(cell), (f.name, cell[:60])
                    seen_neutralised += cell.startswith(("'=", "'@", "'-", "'+"))
                    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", cell), (f.name, cell[:60])
    assert seen_neutralised >= 2  # the poisoned notes did reach the tables, neutralised


def test_bibtex_one_entry_per_reference(hostile_run) -> None:
    out, _ = hostile_run
    refs = json.loads((out / "references.json").read_text(encoding="utf-8"))
    bib = (out / "references.bib").read_text(encoding="utf-8")
    assert len(re.findall(r"(?m)^@", bib)) == len(refs)
    assert "pwned" not in "".join(str(r.get("DOI", "")) for r in refs)
    assert not any("\x00" in json.dumps(r, ensure_ascii=False) for r in refs)
