"""Command line: ``newsreport build`` turns notebooks into self-contained HTML reports.

Kept import-light: Papermill and nbconvert load only inside build worker processes.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

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
  130  interrupted (Ctrl-C): temporary folders removed, previous reports intact
"""


def _jobs_arg(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError("must be >= 1")
    return n


def parser() -> argparse.ArgumentParser:
    """The ``newsreport`` argument parser."""
    p = argparse.ArgumentParser(prog="newsreport", description="Reproducible news-article reports.")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
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
        type=_jobs_arg,
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
    from analysis.corpus.command import add_parser as add_analyze_parser

    add_analyze_parser(sub)
    return p


def _echo(line: str) -> None:
    print(line, flush=True)


def run_build(args: argparse.Namespace) -> int:
    """Run ``newsreport build`` with parsed arguments; return the exit code."""
    from analysis.build import ConfigError, build, load_config
    from analysis.build.outputs import BuildLockedError

    config_path = args.config
    if config_path is None and Path("reports.yml").is_file():
        config_path = Path("reports.yml")
    try:
        config = load_config(config_path, output=args.output, code_root=args.code_root)
        result = build(
            config, jobs=args.jobs, force=args.force, only=args.only, dry_run=args.dry_run, echo=_echo
        )
    except (ConfigError, BuildLockedError) as exc:
        print(f"newsreport: error: {exc}", file=sys.stderr, flush=True)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("newsreport: interrupted", file=sys.stderr, flush=True)
        return EXIT_INTERRUPTED
    except OSError as exc:  # the output folder cannot be written, a disk is full ...
        print(f"newsreport: error: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr, flush=True)
        return EXIT_FAILED
    _echo(result.summary())
    if result.interrupted:
        print("newsreport: interrupted: temporary folders removed, previous reports kept", file=sys.stderr)
    return result.exit_code


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``newsreport`` console script."""
    args = parser().parse_args(argv)
    if args.command == "build":
        return run_build(args)
    if args.command == "analyze":
        from analysis.corpus.command import run as run_analyze

        return run_analyze(args)
    return EXIT_USAGE  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":
    sys.exit(main())
