"""The `pops` command: one entry point with a subcommand per job."""

from __future__ import annotations

import json
import sys

import typer

from pops.config import get_settings
from stack.errors import StackError

app = typer.Typer(help="POPs Search: search and discovery for the Stockholm Convention clearing-house.",
                  no_args_is_help=True, add_completion=False)
stack_app = typer.Typer(help="Run the local OpenSearch and Tika services.", no_args_is_help=True)
app.add_typer(stack_app, name="stack")


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
    serve(host=None, port=None)


def main() -> None:
    app(prog_name="pops")


if __name__ == "__main__":
    sys.exit(main())
