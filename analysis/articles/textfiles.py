"""Loading ``.txt`` and ``.md`` files, with optional YAML front matter."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from analysis.articles.decoding import _read
from analysis.articles.fields import _from_fields, _title_field
from analysis.articles.model import Article, ArticleError
from analysis.articles.options import BYTES_PER_CHAR, LoadOptions

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.M)
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")


def _front_matter(text: str, path: Path) -> tuple[dict[str, Any], str]:
    """Split YAML front matter off the top of ``text``: ``(fields, rest)``."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    import yaml

    from analysis.datafiles import load_yaml, yaml_error_text

    try:
        fields = load_yaml(m.group(1) or "") or {}
    except (yaml.YAMLError, ValueError, RecursionError) as e:  # ValueError: e.g. "date: 2022-13-45"
        raise ArticleError(path, f"invalid YAML front matter: {yaml_error_text(e)}") from None
    if not isinstance(fields, dict):
        raise ArticleError(path, "invalid YAML front matter: expected key: value pairs")
    return {str(k): _plain(v) for k, v in fields.items()}, text[m.end() :]


def _plain(value: Any) -> Any:
    """A YAML value as JSON-like data: dates and times as ISO text, inside lists and mappings too."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _load_text(path: Path, options: LoadOptions, *, markdown: bool) -> list[Article]:
    text, encoding, notes = _read(path, options.max_bytes(BYTES_PER_CHAR))
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    fields, body = _front_matter(text, path)
    if markdown:
        body = _MD_BOLD.sub(r"\2", _MD_LINK.sub(r"\1", _MD_IMAGE.sub("", _MD_HEADING.sub(r"\1", body))))
    title = _title_field(fields, options)
    return [
        _from_fields(
            fields, body, title=title, path=str(path), encoding=encoding, options=options, notes=notes
        )
    ]
