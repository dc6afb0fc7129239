"""reports/index.html: every report with its title, status and date, linked; offline and escaped."""

from __future__ import annotations

import html
from dataclasses import dataclass


@dataclass(frozen=True)
class IndexEntry:
    """One row of the index page.

    Attributes:
        name: job name.
        title: report title (plain text; escaped here).
        status: ``built``, ``up to date``, ``failed``, ``stale`` or ``missing``.
        date: build time shown (ISO, may be empty).
        href: relative link to the report's ``index.html``, or None when there is no report.
        failed_href: relative link to the failed notebook, or None.
        message: failure line, if any.
    """

    name: str
    title: str
    status: str
    date: str
    href: str | None
    failed_href: str | None = None
    message: str = ""


_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem; color: #222; }
h1 { font-size: 1.5rem; }
table { border-collapse: collapse; min-width: 40rem; }
th, td { text-align: left; padding: .35rem .8rem; border-bottom: 1px solid #ddd; vertical-align: top; }
th { background: #f4f4f4; }
.status-built { color: #1a7f37; } .status-up-to-date { color: #555; }
.status-failed { color: #b42318; font-weight: 600; } .status-stale, .status-missing { color: #9a6700; }
.msg { font-family: ui-monospace, monospace; font-size: .85em; color: #b42318; }
"""


def render_index(entries: list[IndexEntry], title: str = "Reports") -> str:
    """The index page (no scripts, no external resources); rows in the given order."""
    e = html.escape
    rows = []
    for entry in entries:
        name = e(entry.title or entry.name)
        link = f'<a href="{e(entry.href)}">{name}</a>' if entry.href else name
        extra = ""
        if entry.failed_href:
            extra += f' <a href="{e(entry.failed_href)}">failed notebook</a>'
        if entry.message:
            extra += f'<div class="msg">{e(entry.message)}</div>'
        status_class = "status-" + entry.status.replace(" ", "-")
        rows.append(
            f"<tr><td>{link}</td><td>{e(entry.name)}</td>"
            f'<td class="{e(status_class)}">{e(entry.status)}{extra}</td><td>{e(entry.date)}</td></tr>'
        )
    body = "\n".join(rows) if rows else '<tr><td colspan="4">no reports</td></tr>'
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{e(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n<h1>{e(title)}</h1>\n"
        "<table>\n<thead><tr><th>Report</th><th>Job</th><th>Status</th><th>Built</th></tr></thead>\n"
        f"<tbody>\n{body}\n</tbody>\n</table>\n</body>\n</html>\n"
    )
