"""The ``briefparse`` command: run, evaluate, ui, archive.

Exit codes: 0 every document succeeded, 1 some failed (the others are still written),
2 usage errors (click's own convention).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Turn a policy brief and the Chinese documents it cites into a checkable evidence base.")
archive_app = typer.Typer(no_args_is_help=True, help="Snapshot stores (WARC + CDXJ) of cited sources.")
app.add_typer(archive_app, name="archive")


def _err(msg: str) -> None:
    typer.echo(msg, err=True)


@app.command()
def run(
    paths: list[Path] = typer.Argument(..., help="Brief files or folders (PDF, HTML, text, Markdown)."),
    out: Path = typer.Option(Path("outputs"), "--out", "-o", help="Folder to write the output contract into."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, max=64, help="Documents processed in parallel."),
    pdf_engine: str = typer.Option("pypdfium2", "--pdf-engine", help="pypdfium2 (default, fast) or pdfplumber."),
    sources: Path | None = typer.Option(None, "--sources", help="Replay cited sources from this WARC (no network)."),
    fetch: bool = typer.Option(False, "--fetch", help="Fetch cited URLs over the network and snapshot them."),
    allow_private: bool = typer.Option(False, "--allow-private", help="Let the fetcher reach loopback/private addresses."),
    ignore_robots: bool = typer.Option(False, "--ignore-robots", help="Do not honour robots.txt when fetching."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary."),
    time_budget: float = typer.Option(600.0, "--time-budget", min=0,
                                      help="Seconds one document may take before it becomes an error row (0: none)."),
    incremental: bool = typer.Option(True, "--incremental/--no-incremental",
                                     help="Reuse the files of documents unchanged since the last run into OUT "
                                          "(--no-incremental: compute every document again)."),
) -> None:
    """Process briefs and write tables, texts, references, glossary and report to OUT.

    The new output replaces OUT only when the run has finished (the old one is kept as OUT.previous).
    """
    # imported per command, not at the top: the pipeline pulls in spaCy, pandas and jieba (~4 s measured),
    # which `briefparse --help`, `evaluate` and `archive` do not need
    from briefparse.errors import OutputError
    from briefparse.options import PDF_ENGINES, RunOptions
    from briefparse.pipeline import NoInputs
    from briefparse.pipeline import run as run_pipeline

    engine = next((e for e in PDF_ENGINES if e == pdf_engine), None)
    if engine is None:
        raise typer.BadParameter("must be pypdfium2 or pdfplumber", param_hint="--pdf-engine")
    if sources is not None and not sources.exists():
        _err(f"{sources}: no such WARC file (--sources)")
        raise typer.Exit(2)
    opts = RunOptions(out=out, jobs=jobs, pdf_engine=engine, sources_warc=sources, fetch=fetch,
                      allow_private=allow_private, respect_robots=not ignore_robots, progress=not quiet,
                      time_budget=time_budget, incremental=incremental)
    try:
        result = run_pipeline(paths, opts)
    except NoInputs as e:
        _err(f"error: nothing to process: {e}; {out} left as it was")
        raise typer.Exit(2) from None
    except OutputError as e:
        _err(f"error: {e}")
        raise typer.Exit(2) from None
    for d in result.docs:
        if d.row.status != "ok":
            _err(f"error: {d.row.path}: {d.row.error}")
        for w in d.warnings:
            _err(f"warning: {d.row.doc_id}: {w}")
    for w in result.warnings:
        _err(f"warning: {w}")
    if not quiet:
        ok = len(result.docs) - len(result.failed)
        _err(f"{ok}/{len(result.docs)} documents ok; outputs in {out}/")
    if result.failed:
        raise typer.Exit(1)


@app.command()
def evaluate(
    outdir: Path | None = typer.Argument(None, help="An output folder written by `briefparse run`."),
    gold: Path | None = typer.Option(None, "--gold", help="Gold folder in the format of shared/gold/dev/."),
    doc_id: str | None = typer.Option(None, "--doc-id", help="Score only this document."),
    area: list[str] = typer.Option([], "--area", help="Only these areas (repeatable)."),
    json_out: Path | None = typer.Option(None, "--json", help="Also write the scores as JSON here."),
    citations: Path | None = typer.Option(None, "--citations",
                                          help="Instead: parse each reference of this AnyStyle-format XML file as a "
                                               "note and print per-field accuracy."),
) -> None:
    """Precision, recall and F1 per area against hand-made gold annotations (or, with --citations FILE.xml,
    the note parser's field accuracy on hand-tagged references)."""
    if citations is not None:
        _evaluate_citations(citations, json_out)
        return
    # imported here, not at the top: see `run` (start-up cost of the other commands)
    from briefparse.evaluation import AREAS, format_scores
    from briefparse.evaluation import evaluate as run_eval

    if outdir is None or gold is None:
        _err("usage: briefparse evaluate OUTDIR --gold GOLD_DIR, or briefparse evaluate --citations FILE.xml")
        raise typer.Exit(2)
    if not (outdir / "documents.csv").exists():
        _err(f"{outdir}: no documents.csv; run `briefparse run … --out {outdir}` first")
        raise typer.Exit(2)
    if not gold.is_dir():
        _err(f"{gold}: not a folder of gold annotations")
        raise typer.Exit(2)
    bad = [a for a in area if a not in AREAS]
    if bad:
        raise typer.BadParameter(f"unknown area {bad[0]}; one of {', '.join(AREAS)}", param_hint="--area")
    scores = run_eval(outdir, gold, doc_id, area or None)
    typer.echo(format_scores(scores))
    if json_out:

        json_out.write_text(json.dumps([
            {"doc_id": s.doc_id, "area": s.area, "precision": s.precision, "recall": s.recall, "f1": s.f1,
             "tp": s.tp, "fp": s.fp, "fn": s.fn, **s.extra} for s in scores], indent=2), encoding="utf-8")


def _evaluate_citations(path: Path, json_out: Path | None) -> None:
    """Per-field accuracy of the note parser on AnyStyle-format XML (rules in briefparse.notes.citation_eval)."""
    from xml.etree.ElementTree import ParseError

    from briefparse.citations import CitationModelError
    from briefparse.notes.citation_eval import evaluate_file, table

    if not path.is_file():
        _err(f"{path}: no such file (--citations)")
        raise typer.Exit(2)
    try:
        acc = evaluate_file(path)
    except ParseError as e:
        _err(f"{path}: not AnyStyle-format XML: {e}")
        raise typer.Exit(2) from None
    except CitationModelError as e:
        _err(f"error: {e}")
        raise typer.Exit(2) from None
    typer.echo(table(acc))
    if json_out:

        json_out.write_text(json.dumps({f: {"right": c, "counted": n} for f, (c, n) in acc.items()}, indent=2),
                            encoding="utf-8")


@app.command()
def ui(
    port: int = typer.Option(3000, "--port", help="Port for the Dagster UI."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
) -> None:
    """Start the Dagster UI (`dagster dev`) on this project's code location.

    DAGSTER_HOME defaults to ./.dagster_home; a DAGSTER_HOME without a dagster.yaml gets the shipped
    deploy/dagster-local.yaml (a run queue sized to the cores, telemetry off).
    """
    root = Path(__file__).resolve().parents[2]
    home = Path(os.environ.get("DAGSTER_HOME") or root / ".dagster_home")
    home.mkdir(parents=True, exist_ok=True)
    shipped = root / "deploy" / "dagster-local.yaml"
    if not (home / "dagster.yaml").exists() and shipped.is_file():
        (home / "dagster.yaml").write_text(shipped.read_text(encoding="utf-8"), encoding="utf-8")
    env = {**os.environ, "DAGSTER_HOME": str(home)}
    dagster = Path(sys.executable).with_name("dagster")
    cmd = [str(dagster), "dev", "-m", "pipelines.definitions", "-h", host, "-p", str(port)]
    os.chdir(root)
    # replace this process, so Ctrl-C and SIGTERM reach `dagster dev` itself and it shuts down cleanly
    os.execve(str(dagster), cmd, env)


@archive_app.command("import")
def archive_import(
    manifest: Path = typer.Argument(..., help="manifest.json of a folder of saved source files."),
    out: Path = typer.Option(..., "--out", "-o", help="The WARC store to write (FILE.warc.gz; FILE.cdxj beside it)."),
    date: str | None = typer.Option(None, "--date", help="WARC-Date for entries without one (ISO; default now)."),
) -> None:
    """Turn saved source files listed in a manifest into a replayable WARC store with a CDXJ index."""
    from briefparse.sources.archive import import_manifest

    if not manifest.is_file():
        _err(f"{manifest}: no such manifest")
        raise typer.Exit(2)
    try:
        report = import_manifest(manifest, out, date=date)
    except (ValueError, KeyError, TypeError) as e:
        _err(f"{manifest}: not a manifest of saved sources: {e}")
        raise typer.Exit(2) from e
    for m in report.missing:
        _err(f"warning: listed file missing: {m}")
    typer.echo(f"{report.resources} saved files for {len(report.cited_urls)} cited URLs → {report.warc} "
               f"(index {report.cdxj})")


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
