"""`make bench`: speed and memory of briefparse, as ratios against baselines measured in the same run.

(a) the whole pipeline on the brief PDF vs pypdfium2's plain text extraction of the same file;
(b) a synthetic corpus of 200 briefs made from the shipped one (shuffled notes, varied layouts:
    text with superscripts, text with [n] calls, Markdown, HTML) in documents/minute with --jobs 2;
(c) per-page cost of ingestion + analysis at 10 and at 1,000 pages (ratio of per-page times);
(d) peak memory (max RSS) of a `briefparse run` on the 1,000-page PDF;
(e) the quantity + date stage in chars/second vs jieba's plain segmentation of the same text;
(f) one document through Dagster (`dagster asset materialize` of every per-document asset) vs `briefparse run` on it;
(j) per real publisher PDF in ../shared/corpus/realpdf/: the pipeline per page vs plain pypdfium2 text per page.
    (a) and (j) time each document the first time a fresh process sees it (after another document loaded the
    models), so caches keyed by a document's own text cannot make a repeat look faster than a new document.
(i) the per-document pipeline on a 1 MB hostile text (issue 19's shapes) vs a 1 MB ordinary brief (target ≤ 3).
(k) note parsing per note with and without the citation tagger (the tagger's added cost; target ≤ 2 ms).

Results go to bench/results.json and are printed as a table. Never run as a test.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from statistics import median
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BRIEF = ROOT / "corpus" / "briefs" / "recentralization-brief"
WORK = ROOT / "bench" / "work"
BIN = Path(sys.executable).parent

sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))


def timed(fn: Any, repeat: int = 3) -> float:
    """Median wall time of ``fn()`` over ``repeat`` runs (one warm-up first)."""
    fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return median(times)


def plain_pdfium_text(path: Path) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


# one run of a document the process has not seen: models and word lists loaded by another document first
_COLD_RUN = """
import sys, time
from briefparse.stages import process_document, warm_up
warm_up()  # what every process loads once (models, word lists, the Public Suffix List), as a worker's server does
for other in sys.argv[2:]:
    process_document(other, "warm-up")
t = time.perf_counter()
row = process_document(sys.argv[1], "timed").row
print(time.perf_counter() - t, row.status)
"""


def first_sight_seconds(path: Path, warm: list[Path], repeat: int = 3) -> float:
    """Median wall time of the per-document pipeline on ``path`` the first time a process sees it.

    Each run is a fresh process that first reads the ``warm`` documents (models, word lists, spaCy's
    vocabulary and per-word caches loaded, as in a worker of a corpus run), then times ``path`` once. Timing the same
    document again in one process would measure caches keyed by its own notes and text, which a new
    document never hits.
    """
    times = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", _COLD_RUN, str(path), *map(str, warm)], check=True,
                             capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
        seconds, status = out.stdout.split()
        if status != "ok":
            raise RuntimeError(f"{path.name}: {status}")
        times.append(float(seconds))
    return median(times)


def bench_pdf_vs_plain() -> dict[str, float]:
    """(a) pipeline per document (ingest + every per-document stage, first sight) vs plain extraction."""
    pdf = BRIEF.with_suffix(".pdf")
    base = timed(lambda: plain_pdfium_text(pdf))
    full = first_sight_seconds(pdf, warm=sorted(REALPDF.glob("*.pdf")) or [BRIEF.with_suffix(".txt")])
    return {"plain_pdfium_s": base, "pipeline_s": full, "ratio": full / base}


# ---------- synthetic corpus ----------

def _split_brief(text: str) -> tuple[str, list[str], str]:
    """(body, notes, back matter) of the shipped text brief."""
    body, rest = text.split("\nEndnotes\n", 1)
    lines = rest.strip("\n").split("\n")
    notes, back, in_notes = [], [], True
    for line in lines:
        if in_notes and re.match(r"^\d+\.\s", line):
            notes.append(re.sub(r"^\d+\.\s*", "", line))
        elif in_notes and notes and line.strip() and not re.match(r"^[A-Z][a-z]+$", line.strip()):
            notes[-1] += " " + line.strip()
        elif line.strip() and re.match(r"^[A-Z][A-Za-z ]+$", line.strip()) and notes:
            in_notes = False
            back.append(line)
        elif not in_notes:
            back.append(line)
    return body, notes, "\n".join(back)


_SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_FROM_SUP = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def synth_brief(i: int, body: str, notes: list[str], back: str, rng: random.Random) -> tuple[str, str]:
    """One synthetic brief: notes shuffled (calls renumbered to match), layout varied by ``i``."""
    order = list(range(len(notes)))
    rng.shuffle(order)
    new_number = {old + 1: new + 1 for new, old in enumerate(order)}

    def renumber(m: re.Match[str]) -> str:
        raw = m.group(0)
        if raw.startswith("^{"):
            nums = [new_number.get(int(x), int(x)) for x in raw[2:-1].split(",")]
            return "^{" + ",".join(map(str, nums)) + "}"
        return str(new_number.get(int(raw.translate(_FROM_SUP)), 0)).translate(_SUP)

    b = re.sub(r"\^\{[\d,]+\}|[⁰¹²³⁴⁵⁶⁷⁸⁹]+", renumber, body)
    shuffled = [notes[old] for old in order]
    layout = i % 4
    if layout == 1:  # [n] calls, "Notes" heading, "[n]" numbering
        b = re.sub(r"\^\{([\d,]+)\}", lambda m: "".join(f"[{x}]" for x in m.group(1).split(",")), b)
        b = re.sub(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+", lambda m: f"[{m.group(0).translate(_FROM_SUP)}]", b)
        notes_txt = "\n".join(f"[{k}] {n}" for k, n in enumerate(shuffled, 1))
        return f"synthetic-{i:03d}.txt", f"{b}\nNotes\n\n{notes_txt}\n\n{back}\n"
    if layout == 2:  # Markdown with a References heading
        notes_txt = "\n".join(f"{k}. {n}" for k, n in enumerate(shuffled, 1))
        return f"synthetic-{i:03d}.md", f"{b}\n## References\n\n{notes_txt}\n\n{back}\n"
    if layout == 3:  # HTML with <sup> calls and an <ol> of notes
        import html

        def to_sup(m: re.Match[str]) -> str:
            raw = m.group(0)
            inner = raw[2:-1] if raw.startswith("^{") else raw.translate(_FROM_SUP)
            return f"<sup>{inner}</sup>"

        call_re = re.compile(r"\^\{[\d,]+\}|[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
        paras = "".join("<p>" + call_re.sub(to_sup, html.escape(p)) + "</p>" for p in b.split("\n") if p.strip())
        lis = "".join(f"<li>{html.escape(n)}</li>" for n in shuffled)
        return f"synthetic-{i:03d}.html", f"<html><body>{paras}<h2>Endnotes</h2><ol>{lis}</ol></body></html>"
    notes_txt = "\n".join(f"{k}. {n}" for k, n in enumerate(shuffled, 1))
    return f"synthetic-{i:03d}.txt", f"{b}\nEndnotes\n\n{notes_txt}\n\n{back}\n"


def make_synthetic_corpus(folder: Path, n: int = 200) -> None:
    body, notes, back = _split_brief(BRIEF.with_suffix(".txt").read_text(encoding="utf-8"))
    rng = random.Random(20240325)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        name, text = synth_brief(i, body, notes, back, rng)
        (folder / name).write_text(text, encoding="utf-8")


# A small launcher between this (large) process and the measured one: Linux keeps a process's ru_maxrss across
# fork+exec, so a direct child of the benchmark would report at least the benchmark's own RSS. The launcher is
# small when it forks, so its child's ru_maxrss (from wait4) is the measured command's own peak.
_PEAK_LAUNCHER = ("import os, sys\npid = os.fork()\nif pid == 0:\n    os.execv(sys.argv[1], sys.argv[1:])\n"
                  "_, status, usage = os.wait4(pid, 0)\nprint(usage.ru_maxrss, file=sys.stderr)\n"
                  "sys.exit(os.waitstatus_to_exitcode(status))")


def run_cli(args: list[str]) -> tuple[float, int]:
    """Wall time and peak RSS (KiB) of one `briefparse` subprocess (its own peak, through the launcher)."""
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _PEAK_LAUNCHER, str(BIN / "briefparse"), *args, "-q"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
    wall = time.perf_counter() - t
    return wall, int(proc.stderr.strip().splitlines()[-1])


def fresh_out(target: Path) -> Path:
    """``target`` with no outputs of an earlier bench run (nor their ``.previous`` copy): a run into a folder
    that already holds a document's files made by the same code reuses them, and would time nothing."""
    for stale in (target, target.with_name(target.name + ".previous")):
        shutil.rmtree(stale, ignore_errors=True)
    return target


def bench_corpus() -> dict[str, float]:
    """(b) documents per minute over 200 synthetic briefs with --jobs 2."""
    folder = WORK / "synthetic"
    if folder.exists():
        shutil.rmtree(folder)
    make_synthetic_corpus(folder, 200)
    wall, rss_kib = run_cli(["run", str(folder), "--out", str(fresh_out(WORK / "out-synthetic")), "--jobs", "2"])
    docs = len(list(folder.iterdir()))
    return {"documents": docs, "wall_s": wall, "docs_per_minute": docs / wall * 60,
            "parent_peak_rss_mb": rss_kib / 1024}


# ---------- long PDFs ----------

def make_pdf(path: Path, pages: int) -> None:
    """A brief-like PDF of ``pages`` pages: body paragraphs with 6-pt raised calls."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    paras = [p for p in BRIEF.with_suffix(".txt").read_text(encoding="utf-8").split("\n")
             if len(p) > 200 and not re.search(r"[\u4e00-\u9fff]", p)]
    joined = " ".join(paras).replace("\\$", "$")
    words = re.sub(r"\^\{[\d,]+\}|[⁰¹²³⁴⁵⁶⁷⁸⁹]+", "", joined).split()
    c = canvas.Canvas(str(path), pagesize=letter)
    w = 0
    call = 1
    for page in range(pages):
        c.setFont("Helvetica", 7)
        c.drawString(72, 760, "POLICY BRIEF")
        c.drawString(72, 30, f"example.org {page + 1}")
        y = 730
        while y > 60:
            x = 72.0
            c.setFont("Helvetica", 10)
            line_words = []
            while x < 520:
                word = words[w % len(words)]
                w += 1
                line_words.append(word)
                x += c.stringWidth(word + " ", "Helvetica", 10)
            text = " ".join(line_words)
            c.drawString(72, y, text)
            if text.endswith(".") and w % 7 == 0:
                c.setFont("Helvetica", 6)
                c.drawString(72 + c.stringWidth(text, "Helvetica", 10), y + 4, str(call))
                call += 1
            y -= 14
        c.showPage()
    c.save()


def bench_pages() -> dict[str, float]:
    """(c) per-page cost at 10 and 1,000 pages; (d) peak memory on the 1,000-page run."""
    from briefparse.stages import process_document

    WORK.mkdir(parents=True, exist_ok=True)
    small, big = WORK / "pages-10.pdf", WORK / "pages-1000.pdf"
    make_pdf(small, 10)
    make_pdf(big, 1000)
    t10 = timed(lambda: process_document(small, small.name), repeat=3) / 10
    t1000 = timed(lambda: process_document(big, big.name), repeat=1) / 1000
    _, rss_kib = run_cli(["run", str(big), "--out", str(fresh_out(WORK / "out-1000"))])
    return {"per_page_10_ms": t10 * 1000, "per_page_1000_ms": t1000 * 1000, "ratio": t1000 / t10,
            "peak_rss_mb": rss_kib / 1024}


def bench_quantities() -> dict[str, float]:
    """(e) quantity + date extraction chars/second vs jieba.lcut on the same text (bench/quantities_speed.py)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from quantities_speed import main as measure

    return measure(BRIEF.with_suffix(".txt"))


REALPDF = ROOT.parent / "shared" / "corpus" / "realpdf"


def bench_realpdf() -> dict[str, dict[str, float]]:
    """(j) per shared real PDF: the whole per-document pipeline per page vs pypdfium2's plain text per page."""
    import pypdfium2 as pdfium

    out: dict[str, dict[str, float]] = {}
    for pdf in sorted(REALPDF.glob("*.pdf")):
        doc = pdfium.PdfDocument(str(pdf))
        pages = len(doc)
        doc.close()
        base = timed(lambda pdf=pdf: plain_pdfium_text(pdf))
        others = [BRIEF.with_suffix(".pdf"), *(p for p in sorted(REALPDF.glob("*.pdf")) if p != pdf)]
        full = first_sight_seconds(pdf, warm=others)
        out[pdf.name] = {"pages": pages, "plain_ms_per_page": base * 1000 / pages,
                         "pipeline_ms_per_page": full * 1000 / pages, "ratio": full / base}
    return out


def hostile_text(size: int) -> str:
    """About ``size`` characters in the shapes of issue 19: a note wrapped over thousands of lines,
    glued number tokens (``1,000,1,000,…``), runs of Chinese numerals and of brackets, thousands of
    URLs, and ``e.g.`` after ``e.g.`` in one paragraph."""
    part = size * 2 // 9  # six shapes, about 4.5 parts in all
    lines = "\n".join(f"continued line {i} of the same note" for i in range(part // 34))
    urls = "\n".join(f"{i}. Page {i}, http://www.example.gov.cn/zw/c{i}/p{i % 97}.htm" for i in range(2, part // 50))
    return ("A hostile brief\n\nA claim with a call.¹\n\n" + "1,000," * (part // 12) + "\n\n"
            + "一二三四五六七八九十百千万亿零两" * (part // 32) + "\n\n" + "(" * (part // 4) + ")" * (part // 4)
            + "\n\n" + "e.g. this, " * (part // 11) + "\n\nNotes\n\n1. " + lines + "\n" + urls + "\n")


def bench_hostile() -> dict[str, float]:
    """(i) the per-document pipeline on a 1 MB hostile text vs a 1 MB ordinary brief (the shipped one's body repeated)."""
    import tempfile

    from briefparse.stages import process_document

    text = BRIEF.with_suffix(".txt").read_text(encoding="utf-8")
    body, notes = text.split("\nEndnotes\n", 1)
    ordinary = body * max(1, (1_000_000 - len(notes)) // len(body)) + "\nEndnotes\n" + notes
    with tempfile.TemporaryDirectory() as tmp:
        paths = {}
        for name, content in (("ordinary", ordinary), ("hostile", hostile_text(1_000_000))):
            paths[name] = Path(tmp) / f"{name}.txt"
            paths[name].write_text(content, encoding="utf-8")
        t = {name: timed(lambda p=p: process_document(p, p.name), repeat=1) for name, p in paths.items()}
        chars = {name: len(p.read_text(encoding="utf-8")) for name, p in paths.items()}
    return {"ordinary_s": t["ordinary"], "hostile_s": t["hostile"], "ordinary_chars": chars["ordinary"],
            "hostile_chars": chars["hostile"], "ratio": t["hostile"] / t["ordinary"]}


def bench_dagster_vs_cli() -> dict[str, float]:
    """(f) one document through Dagster vs through the CLI, each as the command an operator types.

    ``dagster asset materialize`` of every per-document asset of one partition (a fresh process: Dagster,
    the definitions, spaCy and jieba imported, the document analysed, its outputs stored) against
    ``briefparse run`` on the same file (a fresh process: imports, the document, the corpus step, every
    file written). Median of three each, after one warm-up of the file system cache.
    """
    import tempfile

    from pipelines.assets import PER_DOCUMENT

    pdf = BRIEF.with_suffix(".pdf")
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        shutil.copy(pdf, corpus / pdf.name)
        env = {**os.environ, "DAGSTER_HOME": str(Path(tmp) / "home"), "BRIEFPARSE_CORPUS": str(corpus),
               "BRIEFPARSE_OUT": str(Path(tmp) / "dg_out"), "BRIEFPARSE_SOURCES_WARC": ""}
        (Path(tmp) / "home").mkdir()
        subprocess.run([str(BIN / "python"), "-c", "from dagster import DagsterInstance; "
                        f"DagsterInstance.get().add_dynamic_partitions('documents', ['{pdf.name}'])"],
                       env=env, cwd=ROOT, check=True)

        def dagster_run() -> None:
            subprocess.run([str(BIN / "dagster"), "asset", "materialize", "-m", "pipelines.definitions",
                            "--select", ",".join(PER_DOCUMENT), "--partition", pdf.name],
                           env=env, cwd=ROOT, check=True, capture_output=True)

        runs = iter(range(1000))

        def cli_run() -> None:  # a fresh --out each time: an incremental run would reuse the document's files
            subprocess.run([str(BIN / "briefparse"), "run", "--quiet", str(corpus / pdf.name), "--out",
                            str(Path(tmp) / f"cli_out{next(runs)}")], cwd=ROOT, check=True, capture_output=True)

        dagster_s = timed(dagster_run)
        cli_s = timed(cli_run)
    return {"dagster_s": dagster_s, "cli_s": cli_s, "ratio": dagster_s / cli_s}


def bench_notes() -> dict[str, float]:
    """(k) note parsing per note (``parse_note_text``, Ibid./short forms resolved against the notes before),
    with the citation tagger and with the tagger switched off (rules only), on the 200 notes of
    tests/fixtures/notes; the difference is what the tagger adds per note."""
    sys.path.insert(0, str(ROOT / "tests"))
    from notes_fixture import load

    import briefparse.citations.features as features
    import briefparse.notes.tagged as tagged
    from briefparse.notes.fields import parse_note_text

    texts = [x.text for d in load() for x in d.notes]
    parse_note_text(texts[0])  # every module of the note parser imported
    # bounded caches keyed by words or texts (per-word features, a note piece's URLs, a parsed piece), in every
    # module of the note parser; the unbounded ones are loaders of word lists and models
    parser = [mod for name, mod in sorted(sys.modules.items())
              if name.startswith(("briefparse.notes", "briefparse.citations"))]
    caches = [f for mod in parser for f in vars(mod).values()
              if hasattr(f, "cache_info") and (f.cache_info().maxsize or 0) > 1]
    assert any(f in caches for f in vars(features).values())

    def parse_all() -> None:
        for c in caches:  # cold caches: each timed pass pays for every note's words and texts
            c.cache_clear()
        for t in texts:
            parse_note_text(t)

    with_s = timed(parse_all)
    real = tagged.tag_citation
    tagged.tag_citation = lambda text, model=None: []  # type: ignore[assignment]
    try:
        without_s = timed(parse_all)
    finally:
        tagged.tag_citation = real
    n = len(texts)
    return {"notes": n, "with_ms": with_s * 1000 / n, "without_ms": without_s * 1000 / n,
            "added_ms": (with_s - without_s) * 1000 / n}


_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _tree_sample(pid: int, cpu: dict[int, float]) -> tuple[int, int]:
    """The summed resident memory (KiB) of a process and all its descendants, from /proc (Linux): RSS, which
    counts a page shared by the forkserver and its workers once per process, and PSS (``smaps_rollup``), which
    splits each shared page between the processes sharing it, so its sum is the memory the run really holds.
    Records in ``cpu`` the CPU seconds (user + system) each process has used so far: the workers are children
    of the forkserver, which ``rusage`` may never count."""
    rss = pss = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            rss += int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) if "VmRSS" in status else 0  # type: ignore[union-attr]
            got = re.search(r"^Pss:\s+(\d+)", Path(f"/proc/{p}/smaps_rollup").read_text(), re.M)
            pss += int(got.group(1)) if got else 0
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            cpu[p] = max(cpu.get(p, 0.0), (int(fields[11]) + int(fields[12])) / _TICK)
            for t in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (t / "children").read_text().split()]
        except (OSError, ValueError, IndexError):
            continue
    return rss, pss


# as _PEAK_LAUNCHER, also printing the CPU seconds (user + system) of the command and the workers it waited for
_COST_LAUNCHER = ("import os, sys\npid = os.fork()\nif pid == 0:\n    os.execv(sys.argv[1], sys.argv[1:])\n"
                  "_, status, usage = os.wait4(pid, 0)\n"
                  "print(usage.ru_maxrss, usage.ru_utime + usage.ru_stime, file=sys.stderr)\n"
                  "sys.exit(os.waitstatus_to_exitcode(status))")


def run_cli_tree(args: list[str]) -> dict[str, float]:
    """Wall time, CPU seconds of the whole process tree (the run, the forkserver and its workers, sampled every
    0.2 s), the largest process's peak RSS (through the launcher: never the benchmark's own) and the peaks of the
    summed RSS and PSS of the tree, of one `briefparse` subprocess."""
    import tempfile
    import threading

    t = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([sys.executable, "-c", _COST_LAUNCHER, str(BIN / "briefparse"), *args, "-q"],
                                stdout=subprocess.DEVNULL, stderr=err)
        peak = [0, 0]
        cpu: dict[int, float] = {}
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                rss, pss = _tree_sample(proc.pid, cpu)
                peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
                done.wait(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        proc.wait()
        done.set()
        sampler.join()
        err.seek(0)
        max_kib, cpu_s = err.read().decode("utf-8", "replace").strip().splitlines()[-1].split()
    # CPU of the whole tree: each process as last sampled (its final 0.2 s may be missed), and never less than
    # what wait4 reports for the run and the children it waited for
    cpu.pop(proc.pid, None)  # the launcher itself
    tree_cpu = max(float(cpu_s), sum(cpu.values()))
    return {"wall_s": time.perf_counter() - t, "cpu_s": tree_cpu, "waited_cpu_s": float(cpu_s),
            "max_process_rss_mb": int(max_kib) / 1024, "tree_rss_mb": peak[0] / 1024, "tree_pss_mb": peak[1] / 1024,
            "exit": proc.returncode}


def bench_scale() -> dict[str, Any]:
    """(g) synthetic corpora of 200 and 2,000 briefs, `--jobs 2`: per-document cost at each size and the peak
    memory of the 2,000-document run; (h) one brief added to the 2,000-document corpus, run again into the same
    --out (only that brief's stages, then the DuckDB assembly) against the full run."""
    out: dict[str, Any] = {}
    for n in (200, 2000):
        folder = WORK / f"scale-{n}"
        if folder.exists():
            shutil.rmtree(folder)
        make_synthetic_corpus(folder, n)
        target = fresh_out(WORK / f"out-scale-{n}")
        got = run_cli_tree(["run", str(folder), "--out", str(target), "--jobs", "2"])
        got["per_document_ms"] = got["wall_s"] * 1000 / n
        got["cpu_per_document_ms"] = got["cpu_s"] * 1000 / n
        out[str(n)] = got
    folder, target = WORK / "scale-2000", WORK / "out-scale-2000"
    body, notes, back = _split_brief(BRIEF.with_suffix(".txt").read_text(encoding="utf-8"))
    name, text = synth_brief(2000, body, notes, back, random.Random(2000))
    (folder / name).write_text(text, encoding="utf-8")
    added = run_cli_tree(["run", str(folder), "--out", str(target), "--jobs", "2"])
    out["add_one"] = {**added, "share_of_full": added["wall_s"] / out["2000"]["wall_s"],
                      "cpu_share_of_full": added["cpu_s"] / out["2000"]["cpu_s"]}
    # cost = CPU seconds of the run and its workers per document (what a machine is paid for; unlike wall time
    # it does not move with whatever else the machine runs); the wall-time ratio is kept beside it
    out["ratio_2000_200"] = out["2000"]["cpu_per_document_ms"] / out["200"]["cpu_per_document_ms"]
    out["wall_ratio_2000_200"] = out["2000"]["per_document_ms"] / out["200"]["per_document_ms"]
    return out


def main() -> int:
    os.environ.setdefault("PYTHONHASHSEED", "0")
    results: dict[str, Any] = {"machine": {"cores": os.cpu_count(), "python": sys.version.split()[0]}}
    steps = [("a_pdf_vs_plain", bench_pdf_vs_plain), ("b_corpus_200", bench_corpus),
             ("c_d_pages", bench_pages), ("e_quantities_vs_jieba", bench_quantities), ("f_dagster_vs_cli", bench_dagster_vs_cli),
             ("j_realpdf_vs_plain", bench_realpdf), ("i_hostile_vs_ordinary", bench_hostile),
             ("k_notes_tagger", bench_notes), ("g_h_scale", bench_scale)]
    for name, fn in steps:
        print(f"… {name}", file=sys.stderr, flush=True)
        results[name] = fn()
    out = ROOT / "bench" / "results.json"
    out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    a, b, c, e = (results["a_pdf_vs_plain"], results["b_corpus_200"], results["c_d_pages"],
                  results["e_quantities_vs_jieba"])
    rows = [
        ("(a) pipeline / plain pypdfium2 text, brief PDF", f"{a['ratio']:.1f}×", "≤ 10×",
         f"{a['pipeline_s'] * 1000:.0f} ms vs {a['plain_pdfium_s'] * 1000:.1f} ms"),
        ("(b) synthetic corpus, --jobs 2", f"{b['docs_per_minute']:.0f} docs/min", "≥ 200",
         f"{b['documents']} docs in {b['wall_s']:.1f} s"),
        ("(c) per-page cost 1,000 / 10 pages", f"{c['ratio']:.2f}", "≤ 1.1",
         f"{c['per_page_1000_ms']:.2f} vs {c['per_page_10_ms']:.2f} ms/page"),
        ("(d) peak memory, 1,000-page PDF run", f"{c['peak_rss_mb']:.0f} MB", "≤ 500 MB", "max RSS of the run"),
        ("(e) quantities+dates / jieba.lcut time", f"{e['ratio']:.2f}×", "report",
         f"{e['stage_chars_per_s']:,.0f} vs {e['jieba_chars_per_s']:,.0f} chars/s"),
    ]
    f = results["f_dagster_vs_cli"]
    rows.append(("(f) one document: `dagster asset materialize` / `briefparse run`", f"{f['ratio']:.2f}", "≤ 1.5",
                 f"{f['dagster_s']:.1f} vs {f['cli_s']:.1f} s, brief PDF, each a fresh process"))
    for name, f in results["j_realpdf_vs_plain"].items():
        rows.append((f"(j) pipeline / plain pypdfium2 text per page, {name}", f"{f['ratio']:.1f}×", "≤ 10×",
                     f"{f['pipeline_ms_per_page']:.1f} vs {f['plain_ms_per_page']:.2f} ms/page, {f['pages']:.0f} pages"))
    k = results["k_notes_tagger"]
    rows.append(("(k) note parsing per note: added by the citation tagger", f"{k['added_ms']:.2f} ms", "≤ 2 ms",
                 f"{k['with_ms']:.2f} ms with vs {k['without_ms']:.2f} ms without, {k['notes']:.0f} notes"))
    g = results["g_h_scale"]
    rows.append(("(g) peak memory, 2,000 synthetic briefs, --jobs 2", f"{g['2000']['max_process_rss_mb']:.0f} MB",
                 "≤ 500 MB", f"largest process (wait4); summed over the parent, the forkserver and its 2 workers: "
                 f"{g['2000']['tree_pss_mb']:.0f} MB PSS (shared pages counted once), {g['2000']['tree_rss_mb']:.0f} "
                 f"MB RSS; {g['2000']['wall_s']:.0f} s"))
    rows.append(("(g) per-document cost at 2,000 / at 200 briefs", f"{g['ratio_2000_200']:.2f}", "≤ 1.1",
                 f"{g['2000']['cpu_per_document_ms']:.0f} vs {g['200']['cpu_per_document_ms']:.0f} CPU ms per "
                 f"document (run + workers); wall {g['2000']['per_document_ms']:.0f} vs "
                 f"{g['200']['per_document_ms']:.0f} ms ({g['wall_ratio_2000_200']:.2f})"))
    rows.append(("(h) adding one brief to the 2,000 / the full run", f"{g['add_one']['share_of_full']:.1%}", "≤ 5%",
                 f"{g['add_one']['wall_s']:.1f} s vs {g['2000']['wall_s']:.0f} s wall; CPU "
                 f"{g['add_one']['cpu_share_of_full']:.1%}"))
    print("| figure | result | target | detail |\n|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    print(f"\nwritten {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
