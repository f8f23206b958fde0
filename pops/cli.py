"""The `pops` command: one entry point with a subcommand per job."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from pops.config import Settings, get_settings
from stack.errors import StackError

app = typer.Typer(help="POPs Search: search and discovery for the Stockholm Convention clearing-house.",
                  no_args_is_help=True, add_completion=False)
stack_app = typer.Typer(help="Run the local OpenSearch and Tika services.", no_args_is_help=True)
app.add_typer(stack_app, name="stack")
synonyms_app = typer.Typer(help="Compile the chemical registry and apply synonyms to the live index.",
                           no_args_is_help=True)
app.add_typer(synonyms_app, name="synonyms")


def _fail(message: str, code: int = 1) -> None:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code)


@stack_app.command("up")
def stack_up() -> None:
    """Fetch (once), start and health-check OpenSearch and Tika; reuse them when already running."""
    from stack import manager

    settings = get_settings()
    try:
        manager.up(settings, log=lambda line: typer.echo(line, err=True))
    except StackError as exc:
        _fail(str(exc))
    _print_status(as_json=False)


@stack_app.command("down")
def stack_down() -> None:
    """Stop the local services and every process they started."""
    from stack import manager

    manager.down(get_settings(), log=lambda line: typer.echo(line, err=True))


@stack_app.command("status")
def stack_status(as_json: bool = typer.Option(False, "--json", help="Machine-readable output.")) -> None:
    """What runs: URL, version, pid and log folder of each service."""
    _print_status(as_json)


def _print_status(as_json: bool) -> None:
    from stack import manager

    data = manager.status_json(get_settings())
    if as_json:
        typer.echo(json.dumps(data, indent=2))
        return
    for name, service in data.items():
        state = "running" if service["running"] else "stopped"
        where = "local" if service["managed"] else "external"
        typer.echo(f"{name:<11} {state:<8} {service['url']:<28} version={service['version'] or '-'} "
                   f"({where}) pid={service['pid'] or '-'} logs={service['log'] or '-'}")


@app.command()
def serve(
    host: str = typer.Option(None, help="Address to listen on (default POPS_HOST)."),
    port: int = typer.Option(None, help="Port to listen on (default POPS_PORT)."),
) -> None:
    """Serve the API and the UI."""
    import uvicorn

    settings = get_settings()
    uvicorn.run("search_api.app:create_app", factory=True, host=host or settings.host, port=port or settings.port,
                log_level="info")


@app.command()
def demo() -> None:
    """The main job: services up, then the API and UI served at POPS_HOST:POPS_PORT."""
    from stack import manager

    settings = get_settings()
    try:
        manager.up(settings, log=lambda line: typer.echo(line, err=True))
    except StackError as exc:
        _fail(str(exc))
    _index_demo_corpus(settings)
    serve(host=None, port=None)


@synonyms_app.command("compile")
def synonyms_compile() -> None:
    """Regenerate synonyms/generated/ (synonym files per language, tagger patterns) from the registry."""
    from synonyms.compiler import compile_all
    from synonyms.registry import RegistryError

    try:
        for path in compile_all():
            typer.echo(f"wrote {path}")
    except RegistryError as exc:
        _fail(str(exc))


@synonyms_app.command("check")
def synonyms_check() -> None:
    """Fail when the generated files are out of date with the registry."""
    from synonyms.compiler import check_generated

    stale = check_generated()
    if stale:
        _fail("out of date (run `pops synonyms compile`): " + ", ".join(map(str, stale)))
    typer.echo("generated synonym files are up to date")


@synonyms_app.command("apply")
def synonyms_apply() -> None:
    """Put the generated synonyms into the live index (close, update, reopen): no reindex needed."""
    from analyzers.index import IndexError_, apply_synonyms
    from pops.services import opensearch_client

    settings = get_settings()
    try:
        index = apply_synonyms(opensearch_client(settings), settings.index)
    except IndexError_ as exc:
        _fail(str(exc))
    typer.echo(f"synonyms applied to {index} (alias {settings.index})")


@app.command()
def migrate(drop_old: bool = typer.Option(False, "--drop-old", help="Only delete the indices the alias no longer uses.")) -> None:
    """Rebuild the index from the current template: new index, _reindex, atomic alias swap; old index kept."""
    from analyzers.index import IndexError_, drop_old_indices
    from analyzers.index import migrate as run_migration
    from pops.services import opensearch_client

    settings = get_settings()
    client = opensearch_client(settings, timeout=600)
    try:
        if drop_old:
            dropped = drop_old_indices(client, settings.index, log=typer.echo)
            typer.echo(f"dropped {len(dropped)} old index(es)")
        else:
            run_migration(client, settings.index, log=typer.echo)
    except IndexError_ as exc:
        _fail(str(exc))


@app.command("eval")
def evaluate(
    judgments: Path = typer.Argument(..., exists=True, dir_okay=False, help="YAML file of judged queries."),
    baseline: bool = typer.Option(False, "--baseline", help="Also score a plain `standard`-analyser copy of the index."),
) -> None:
    """nDCG@10 and MRR per query and overall, through OpenSearch's _rank_eval."""
    from analyzers import relevance
    from pops.services import opensearch_client

    settings = get_settings()
    client = opensearch_client(settings, timeout=300)
    cases = relevance.load_judgments(judgments)
    ours = relevance.evaluate(client, settings.index, cases)
    theirs = relevance.evaluate_baseline(client, settings.index, cases) if baseline else None
    header = f"{'query':<28} {'nDCG@10':>8} {'MRR':>6}" + (f" {'base nDCG':>10} {'base MRR':>9}" if theirs else "")
    typer.echo(header)
    for number, score in enumerate(ours):
        line = f"{score.query_id:<28} {score.ndcg:>8.3f} {score.mrr:>6.3f}"
        if theirs:
            line += f" {theirs[number].ndcg:>10.3f} {theirs[number].mrr:>9.3f}"
        typer.echo(line + (f"  (not indexed: {', '.join(score.unresolved)})" if score.unresolved else ""))
    total = f"{'overall':<28} {relevance.mean(ours, 'ndcg'):>8.3f} {relevance.mean(ours, 'mrr'):>6.3f}"
    if theirs:
        total += f" {relevance.mean(theirs, 'ndcg'):>10.3f} {relevance.mean(theirs, 'mrr'):>9.3f}"
    typer.echo(total)


@app.command("index")
def index_files(
    paths: list[Path] = typer.Argument(None, help="Files and folders to index (folders recursively)."),
    workers: int = typer.Option(None, "--workers", help="Parallel extraction workers (default POPS_WORKERS)."),
    report: Path = typer.Option(None, "--report", help="Write the JSON run report (summary and one entry per file) here."),
    prune: bool = typer.Option(False, "--prune", help="Remove documents whose files under PATHS are gone."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Walk and report what would be done: no Tika, no writes."),
    include: list[str] = typer.Option(None, "--include", help="Only index files matching this glob (repeatable, adds to POPS_INCLUDE)."),
    exclude: list[str] = typer.Option(None, "--exclude", help="Skip files matching this glob (repeatable, adds to POPS_EXCLUDE)."),
) -> None:
    """Extract, tag and index documents. Exit 0: all indexed or unchanged; 2: some files failed; 1: run incomplete."""
    from indexer.pipeline import run_index

    if workers is not None and workers < 1:
        _fail("--workers must be at least 1")
    try:
        result = run_index(paths or [], settings=get_settings(), workers=workers, include=include or [],
                           exclude=exclude or [], prune=prune, dry_run=dry_run, report_path=report,
                           log=lambda line: typer.echo(line, err=True))
    except ValueError as exc:
        _fail(str(exc))
    typer.echo(result.sentence())
    if report:
        typer.echo(f"report written to {report}")
    raise typer.Exit(result.exit_code())


def _index_demo_corpus(settings: Settings) -> None:
    """Index the bundled demo corpus (unchanged files are skipped, so a restart is quick)."""
    from indexer.pipeline import run_index
    from pops.config import PROJECT_ROOT

    corpus = PROJECT_ROOT / "demo_corpus" / "files"
    if not corpus.is_dir():
        typer.echo(f"no demo corpus at {corpus}: serving the index as it is", err=True)
        return
    result = run_index([corpus], settings=settings, log=lambda line: typer.echo(line, err=True))
    typer.echo(f"demo corpus: {result.sentence()}", err=True)


@app.command("secretariat-key")
def secretariat_key() -> None:
    """Print the key of the secretariat's endpoints (generated and kept in POPS_STATE_DIR when unset)."""
    from search_api.secretariat import secretariat_key as current_key

    typer.echo(current_key(get_settings()))


def main() -> None:
    app(prog_name="pops")


if __name__ == "__main__":
    sys.exit(main())
