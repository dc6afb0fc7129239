"""Command line: ``newsreport build`` turns notebooks into self-contained HTML reports.

Kept import-light: Papermill and nbconvert load only inside build worker processes.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from analysis.arguments import int_at_least

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

BUILD_HELP = """\
Jobs come from --config (default: ./reports.yml when it exists); without a config, one article
report per input file in ./seeds (job name = file stem) plus one corpus report ("corpus").
A job runs only when its key changed: notebook, parameters, inputs, analysis/ code and data,
requirements.lock and Python version. Each report is written to a temporary folder and moved
into place only when complete; a failing job keeps its previous report and saves the failed
notebook to <output>/.failed/<job>.ipynb.

exit codes:
  0    every job built or up to date
  1    at least one job failed (the others still ran)
  2    bad usage or configuration (bad YAML, unsafe job name or output path,
       undeclared notebook parameter...): nothing ran
  130  interrupted (Ctrl-C, SIGINT); 143 stopped by SIGTERM; 129 by SIGHUP: workers and
       kernels stopped, temporary folders removed, previous reports intact

A job fails (FAILED <job>: ...) when its kernel dies, when one cell runs longer than
--cell-timeout or the job longer than --timeout (its kernel is killed), or when its report
cannot be moved into place; the other jobs still run. A build that was killed (SIGKILL) is
cleaned up by the next one: leftover processes, temporary and runtime folders.
"""


#: Handlers of the subcommands: name -> function(parsed arguments) -> exit code.
COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {}


def command(
    name: str,
) -> Callable[[Callable[[argparse.Namespace], int]], Callable[[argparse.Namespace], int]]:
    """Register the handler of subcommand ``name`` (its arguments are added in :func:`parser`)."""

    def register(fn: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
        COMMANDS[name] = fn
        return fn

    return register


def parser() -> argparse.ArgumentParser:
    """The ``newsreport`` argument parser."""
    p = argparse.ArgumentParser(prog="newsreport", description="Reproducible news-article reports.")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    _add_build(sub)
    from analysis.corpus.command import add_parser as add_analyze_parser

    add_analyze_parser(sub)
    return p


def _add_build(sub: Any) -> None:
    """The ``build`` subcommand's arguments (``sub``: what ``ArgumentParser.add_subparsers`` returns,
    an object of a class argparse keeps private)."""
    b = sub.add_parser(
        "build",
        help="execute the report notebooks and write HTML reports",
        description="Execute the report notebooks (Papermill) and write self-contained HTML reports.",
        epilog=BUILD_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    b.add_argument("--config", type=Path, metavar="FILE", help="reports.yml listing the jobs")
    b.add_argument(
        "--jobs",
        "-j",
        type=int_at_least(1),
        default=1,
        metavar="N",
        help="build N reports at a time, each in its own worker process and kernel (default 1)",
    )
    b.add_argument("--force", action="store_true", help="rebuild even when nothing changed")
    b.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="PATTERN",
        help="build only jobs whose name matches this glob (repeatable)",
    )
    b.add_argument(
        "--output", type=Path, metavar="DIR", help="output folder (default: reports/, or the config's)"
    )
    b.add_argument(
        "--code-root",
        type=Path,
        metavar="DIR",
        help="folder holding the analysis/ package the kernels import and the key hashes "
        "(default: this installation's)",
    )
    b.add_argument(
        "--dry-run",
        action="store_true",
        help="print each job and why it would run (new, notebook changed, inputs changed, "
        "code changed, forced, up to date) without running anything",
    )
    b.add_argument(
        "--timeout",
        type=int_at_least(1),
        metavar="SECONDS",
        help="fail a job that runs longer than this and kill its kernel "
        "(default: the config's timeout, else 1800)",
    )
    b.add_argument(
        "--cell-timeout",
        type=int_at_least(1),
        metavar="SECONDS",
        help="fail a job when one of its cells runs longer than this (default: the config's "
        "cell_timeout, else 600)",
    )


def _echo(line: str) -> None:
    print(line, flush=True)


def _error(message: str) -> None:
    print(f"newsreport: error: {message}", file=sys.stderr, flush=True)


@command("build")
def run_build(args: argparse.Namespace) -> int:
    """Run ``newsreport build`` with parsed arguments; return the exit code."""
    import dataclasses

    from analysis.build import ConfigError, build, load_config
    from analysis.build.outputs import BuildLockedError

    config_path = args.config
    if config_path is None and Path("reports.yml").is_file():
        config_path = Path("reports.yml")
    try:
        config = load_config(config_path, output=args.output, code_root=args.code_root)
        if args.timeout is not None:
            config = dataclasses.replace(config, timeout=args.timeout)
        if args.cell_timeout is not None:
            config = dataclasses.replace(config, cell_timeout=args.cell_timeout)
        result = build(
            config, jobs=args.jobs, force=args.force, only=args.only, dry_run=args.dry_run, echo=_echo
        )
    except (ConfigError, BuildLockedError) as exc:
        _error(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("newsreport: interrupted", file=sys.stderr, flush=True)
        return EXIT_INTERRUPTED
    except OSError as exc:  # the output folder cannot be written, a disk is full ...
        _error(f"{exc.filename or ''}: {exc.strerror or exc}")
        return EXIT_FAILED
    _echo(result.summary())
    if result.interrupted:
        print(
            "newsreport: interrupted: workers and kernels stopped, temporary folders removed, "
            "previous reports kept",
            file=sys.stderr,
            flush=True,
        )
    return result.exit_code


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``newsreport`` console script."""
    args = parser().parse_args(argv)
    handler = COMMANDS.get(args.command)
    if handler is None:  # pragma: no cover - argparse rejects unknown commands
        return EXIT_USAGE
    return handler(args)


@command("analyze")
def run_analyze(args: argparse.Namespace) -> int:
    """``newsreport analyze``: a corpus into its Parquet feature store (:mod:`analysis.corpus.command`)."""
    from analysis.corpus.command import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
