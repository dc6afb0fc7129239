"""Loading articles from a file, a folder or a glob pattern: dispatch by file suffix, symlink checks.

Every file must resolve inside the folder being loaded (the folder itself, a glob's fixed leading
folder, or a single file's own folder; or the ``root`` the caller names): a symlink that points
out of it is refused, so a link such as ``seeds/passwd.txt -> /etc/passwd`` never reaches a report.
"""

from __future__ import annotations

import glob as _glob
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from analysis.articles.model import Article, ArticleError, _warn
from analysis.articles.options import MAX_ARTICLE_CHARS, LoadOptions, field_names
from analysis.articles.records import _load_csv, _load_jsonl
from analysis.articles.textfiles import _load_text
from analysis.articles.webpages import _load_html

_LOADERS: dict[str, Callable[[Path, LoadOptions], list[Article]]] = {
    ".txt": lambda p, o: _load_text(p, o, markdown=False),
    ".md": lambda p, o: _load_text(p, o, markdown=True),
    ".markdown": lambda p, o: _load_text(p, o, markdown=True),
    ".html": _load_html,
    ".htm": _load_html,
    ".jsonl": _load_jsonl,
    ".csv": _load_csv,
}
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(sorted(_LOADERS))

# The checkout this package runs from (a source checkout only: it holds pyproject.toml).
_CHECKOUT = Path(__file__).resolve().parents[2]


def resolve_input(path: str | Path) -> Path:
    """``path`` as given, or, when it is relative and missing, the same path under the checkout.

    JupyterLab runs a notebook in its own folder, so ``analyze("seeds/x.txt")`` in
    ``notebooks/report.ipynb`` names ``notebooks/seeds/x.txt``; the project's paths are meant.
    """
    path = Path(path)
    if path.is_absolute() or path.exists() or path.is_symlink():
        return path
    if _glob.has_magic(str(path)) and _glob.glob(str(path), recursive=True):
        return path
    if not (_CHECKOUT / "pyproject.toml").is_file():
        return path
    candidate = _CHECKOUT / path
    if candidate.exists() or (_glob.has_magic(str(path)) and _glob.glob(str(candidate), recursive=True)):
        return candidate
    return path


def _supported(path: Path) -> bool:
    return path.suffix.lower() in _LOADERS


def _check_inside(path: Path, root: Path) -> None:
    """Refuse ``path`` when it (through a symlink) resolves outside ``root``."""
    try:
        inside = path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError) as e:  # a symlink loop
        raise ArticleError(path, f"cannot resolve the path ({e})") from None
    if not inside:
        raise ArticleError(path, f"symlink points outside {root}")


def _load_file(path: Path, options: LoadOptions) -> list[Article]:
    loader = _LOADERS.get(path.suffix.lower())
    if loader is None:
        supported = ", ".join(SUPPORTED_SUFFIXES)
        raise ArticleError(
            path, f"unsupported file type {path.suffix or '(none)'!r} (supported: {supported})"
        )
    if not path.exists():
        raise ArticleError(path, "broken symlink" if path.is_symlink() else "no such file")
    _check_inside(path, options.root if options.root is not None else path.parent)
    return loader(path, options)


def _options(
    max_chars: int | None,
    csv_delimiter: str | None,
    fields: Mapping[str, str | Sequence[str]] | None,
    root: str | Path | None,
) -> LoadOptions:
    return LoadOptions(
        max_chars=max_chars,
        csv_delimiter=csv_delimiter,
        root=Path(root) if root is not None else None,
        fields=field_names(fields),
    )


def load_article(
    path: str | Path,
    *,
    max_chars: int | None = MAX_ARTICLE_CHARS,
    csv_delimiter: str | None = None,
    fields: Mapping[str, str | Sequence[str]] | None = None,
    root: str | Path | None = None,
) -> Article:
    """Load one article from a file (for JSONL/CSV: the first valid record).

    Args:
        path: the file.
        max_chars: size limit of the article's raw text in characters (None = no limit).
        csv_delimiter: for CSV, a delimiter other than the standard comma (never guessed).
        fields: field mapping over the defaults (:data:`~analysis.articles.options.FIELD_NAMES`),
            e.g. ``{"source": "candidate_outlets"}``.
        root: the folder the file must resolve inside (default: the file's own folder, so a
            symlink to a file elsewhere is refused).

    Raises:
        ArticleError: missing, unsupported, empty, binary, undecodable or too large file, a
            symlink out of ``root``, or no article in it.
    """
    path = resolve_input(path)
    if path.is_dir():
        raise ArticleError(path, "is a directory (use load_articles for a folder)")
    articles = _load_file(path, _options(max_chars, csv_delimiter, fields, root))
    if not articles:
        raise ArticleError(path, "no valid article in the file")
    return articles[0]


def _glob_root(pattern: str) -> Path:
    """The fixed leading folder of a glob pattern (``seeds`` of ``seeds/**/*.txt``)."""
    parts = Path(pattern).parts
    first_magic = next((i for i, part in enumerate(parts) if _glob.has_magic(part)), len(parts))
    return Path(*parts[:first_magic]) if first_magic else Path(".")


def load_articles(
    source: str | Path,
    *,
    max_chars: int | None = MAX_ARTICLE_CHARS,
    csv_delimiter: str | None = None,
    fields: Mapping[str, str | Sequence[str]] | None = None,
    root: str | Path | None = None,
) -> list[Article]:
    """Load every article of a file, a folder (its supported files, sorted by name) or a glob pattern.

    A single file that cannot be read raises :class:`ArticleError`. In a folder or glob, a file that
    cannot be read (including a symlink pointing out of the folder) is skipped with an
    :class:`ArticleWarning`, as is a bad JSONL/CSV line (or a record over ``max_chars``) anywhere.

    Args:
        source: a file, a folder or a glob pattern.
        max_chars, csv_delimiter, fields: as for :func:`load_article`.
        root: the folder every file must resolve inside (default: the folder loaded, a glob's
            fixed leading folder, or a single file's own folder).

    Raises:
        ArticleError: nothing matches ``source``, or no article could be loaded from it.
    """
    path = resolve_input(source)
    source = str(path) if isinstance(source, str) else path
    if path.is_file():
        articles = _load_file(path, _options(max_chars, csv_delimiter, fields, root))
        if not articles:
            raise ArticleError(path, "no valid article in the file")
        return articles
    if path.is_dir():
        files = sorted(
            (f for f in path.iterdir() if _supported(f) and not f.name.startswith(".") and not f.is_dir()),
            key=lambda f: f.name,
        )
        if not files:
            supported = ", ".join(SUPPORTED_SUFFIXES)
            raise ArticleError(path, f"no supported files in folder (supported: {supported})")
        default_root = path
    elif _glob.has_magic(str(source)):
        files = sorted(Path(f) for f in _glob.glob(str(source), recursive=True))
        files = [f for f in files if _supported(f) and not f.is_dir()]
        if not files:
            raise ArticleError(source, "no supported files match the pattern")
        default_root = _glob_root(str(source))
    else:
        raise ArticleError(path, "broken symlink" if path.is_symlink() else "no such file or directory")
    options = _options(max_chars, csv_delimiter, fields, root if root is not None else default_root)
    articles: list[Article] = []
    for f in files:
        try:
            articles.extend(_load_file(f, options))
        except ArticleError as e:
            _warn(str(e))
    if not articles:
        raise ArticleError(source, f"no article could be loaded from {len(files)} file(s)")
    return articles
