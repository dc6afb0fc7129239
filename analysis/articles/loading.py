"""Loading articles from a file, a folder or a glob pattern: dispatch by file suffix."""

from __future__ import annotations

import glob as _glob
from pathlib import Path

from analysis.articles.model import Article, ArticleError, _warn
from analysis.articles.records import _load_csv, _load_jsonl
from analysis.articles.textfiles import _load_text
from analysis.articles.webpages import _load_html

_LOADERS = {
    ".txt": lambda p: _load_text(p, markdown=False),
    ".md": lambda p: _load_text(p, markdown=True),
    ".markdown": lambda p: _load_text(p, markdown=True),
    ".html": _load_html,
    ".htm": _load_html,
    ".jsonl": _load_jsonl,
    ".csv": _load_csv,
}
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(sorted(_LOADERS))


def _supported(path: Path) -> bool:
    return path.suffix.lower() in _LOADERS


def _load_file(path: Path) -> list[Article]:
    loader = _LOADERS.get(path.suffix.lower())
    if loader is None:
        supported = ", ".join(SUPPORTED_SUFFIXES)
        raise ArticleError(
            path, f"unsupported file type {path.suffix or '(none)'!r} (supported: {supported})"
        )
    if not path.exists():
        raise ArticleError(path, "no such file")
    return loader(path)


def load_article(path: str | Path) -> Article:
    """Load one article from a file (for JSONL/CSV: the first valid record).

    Raises:
        ArticleError: missing, unsupported, empty, binary or undecodable file, or no article in it.
    """
    path = Path(path)
    if path.is_dir():
        raise ArticleError(path, "is a directory (use load_articles for a folder)")
    articles = _load_file(path)
    if not articles:
        raise ArticleError(path, "no valid article in the file")
    return articles[0]


def load_articles(source: str | Path) -> list[Article]:
    """Load every article of a file, a folder (its supported files, sorted by name) or a glob pattern.

    A single file that cannot be read raises :class:`ArticleError`. In a folder or glob, a file that
    cannot be read is skipped with an :class:`ArticleWarning`, as is a bad JSONL/CSV line anywhere.

    Raises:
        ArticleError: nothing matches ``source``, or no article could be loaded from it.
    """
    path = Path(source)
    if path.is_file():
        articles = _load_file(path)
        if not articles:
            raise ArticleError(path, "no valid article in the file")
        return articles
    if path.is_dir():
        files = sorted(
            (f for f in path.iterdir() if f.is_file() and _supported(f) and not f.name.startswith(".")),
            key=lambda f: f.name,
        )
        if not files:
            supported = ", ".join(SUPPORTED_SUFFIXES)
            raise ArticleError(path, f"no supported files in folder (supported: {supported})")
    elif _glob.has_magic(str(source)):
        files = sorted(Path(f) for f in _glob.glob(str(source), recursive=True))
        files = [f for f in files if f.is_file() and _supported(f)]
        if not files:
            raise ArticleError(source, "no supported files match the pattern")
    else:
        raise ArticleError(path, "no such file or directory")
    articles: list[Article] = []
    for f in files:
        try:
            articles.extend(_load_file(f))
        except ArticleError as e:
            _warn(str(e))
    if not articles:
        raise ArticleError(source, f"no article could be loaded from {len(files)} file(s)")
    return articles
