"""Corpus inputs as work units: files split into byte ranges that a worker reads itself.

A :class:`Unit` names input bytes (file, start, end), never their content, so a client can hand
out a large corpus without reading it into memory: :func:`plan_units` streams over each JSONL file
once to cut it at line starts (and to know each range's first line number); other files (``.txt``,
``.md``, ``.html``, ``.csv``) are whole-file spans, grouped a few at a time. :func:`read_unit` runs
on a worker and yields one :class:`Record` per input record with an *input key* (a digest of the
record's raw bytes) that says whether the store already holds it before any cleaning is done.

Reads input files only; writes nothing. Paths in records are relative to the corpus root.
"""

from __future__ import annotations

import glob as _glob
import hashlib
import json
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows
    fcntl = None  # type: ignore[assignment]

from analysis.articles import (
    FIELD_NAMES,
    SUPPORTED_SUFFIXES,
    Article,
    ArticleError,
    article_from_text,
    load_articles,
)
from analysis.errors import PathError

_BLOCK = 1 << 20


class InputError(PathError):
    """A corpus source cannot be read (names the path and the reason)."""


@dataclass(frozen=True)
class Span:
    """Bytes ``[start, end)`` of one input file; ``line`` is the line number at ``start`` (1-based)."""

    path: str
    start: int
    end: int
    line: int = 1


@dataclass(frozen=True)
class Unit:
    """One task's worth of input: a few spans (a JSONL range, or some whole files)."""

    spans: tuple[Span, ...]

    @property
    def nbytes(self) -> int:
        """Bytes this unit covers."""
        return sum(s.end - s.start for s in self.spans)


@dataclass(frozen=True)
class Record:
    """One input record, not yet parsed or cleaned.

    Attributes:
        ref: where it is, relative to the corpus root (``file:line`` for JSONL lines).
        key: sha256 of the record's raw bytes, first 16 hex digits (the store's input key).
        raw: the bytes of a JSONL line; None for a whole file.
        path: absolute path of the file.
    """

    ref: str
    key: str
    raw: bytes | None
    path: str


def source_files(source: str | Path) -> tuple[Path, list[Path]]:
    """The corpus root and its input files (a file, a folder's supported files, or a glob), sorted.

    Raises:
        InputError: nothing readable matches ``source``.
    """
    path = Path(source)
    if path.is_file():
        return path.parent.resolve(), [path.resolve()]
    if path.is_dir():
        files = sorted(
            (
                f
                for f in path.iterdir()
                if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES and not f.name.startswith(".")
            ),
            key=lambda f: f.name,
        )
        if not files:
            raise InputError(
                path, f"no supported files in folder (supported: {', '.join(SUPPORTED_SUFFIXES)})"
            )
        return path.resolve(), [f.resolve() for f in files]
    if _glob.has_magic(str(source)):
        files = sorted(Path(f) for f in _glob.glob(str(source), recursive=True))
        files = [f.resolve() for f in files if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES]
        if not files:
            raise InputError(source, "no supported files match the pattern")
        prefix = []
        for part in Path(str(source)).parts:
            if _glob.has_magic(part):
                break
            prefix.append(part)
        return (Path(*prefix) if prefix else Path(".")).resolve(), files
    raise InputError(path, "no such file or directory")


def _jsonl_spans(path: Path, chunk_bytes: int) -> Iterator[Span]:
    """Cut a JSONL file into ranges of about ``chunk_bytes`` that start at line starts."""
    size = path.stat().st_size
    start, line, pos, lines_seen = 0, 1, 0, 0
    with path.open("rb") as fh:
        while block := fh.read(_BLOCK):
            i = 0
            while True:
                j = block.find(b"\n", i)
                if j < 0:
                    break
                lines_seen += 1
                end = pos + j + 1
                if end - start >= chunk_bytes and end < size:
                    yield Span(str(path), start, end, line)
                    start, line = end, lines_seen + 1
                i = j + 1
            pos += len(block)
    if size > start:
        yield Span(str(path), start, size, line)


def plan_units(
    source: str | Path, *, chunk_bytes: int = 1_000_000, files_per_unit: int = 32
) -> tuple[Path, list[Unit]]:
    """Split a corpus into work units (constant memory: files are streamed, not kept).

    Args:
        source: a file, a folder or a glob.
        chunk_bytes: about how many JSONL bytes one unit covers.
        files_per_unit: how many other files (one article or one CSV each) one unit covers.

    Returns:
        The corpus root (refs are relative to it) and the units, in input order.
    """
    root, files = source_files(source)
    units: list[Unit] = []
    loose: list[Span] = []
    for f in files:
        if f.suffix.lower() == ".jsonl":
            units.extend(Unit((s,)) for s in _jsonl_spans(f, chunk_bytes))
            continue
        loose.append(Span(str(f), 0, f.stat().st_size))
        if len(loose) >= files_per_unit:
            units.append(Unit(tuple(loose)))
            loose = []
    if loose:
        units.append(Unit(tuple(loose)))
    return root, units


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _relative(path: str, root: Path) -> str:
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return Path(path).name


def _read_span(span: Span, lock: bool = True) -> bytes:
    """A span's bytes, read under a shared lock where the OS has one (a producer that writes a
    file under an exclusive lock is never read half-written)."""
    with open(span.path, "rb") as fh:
        if lock and fcntl is not None:
            fcntl.flock(fh, fcntl.LOCK_SH)
        fh.seek(span.start)
        return fh.read(span.end - span.start)


def read_unit(unit: Unit, root: Path, *, lock: bool = True) -> Iterator[Record]:
    """The records of a unit, in order (nothing is parsed: the key is a digest of the raw bytes).

    ``lock=False`` reads without the shared lock (for a quick look at which records are new).
    """
    for span in unit.spans:
        rel = _relative(span.path, root)
        data = _read_span(span, lock)
        if not span.path.lower().endswith(".jsonl"):
            yield Record(rel, _digest(rel.encode("utf-8") + b"\0" + data), None, span.path)
            continue
        for n, raw in enumerate(data.split(b"\n")):
            raw = raw.strip()
            if raw:
                yield Record(f"{rel}:{span.line + n}", _digest(raw), raw, span.path)


def _fields(record: Record) -> Mapping[str, Any]:
    """The JSON object of a JSONL record; ArticleError when it is not one."""
    assert record.raw is not None
    try:
        fields = json.loads(record.raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:
        raise ArticleError(record.ref, f"invalid JSON ({getattr(e, 'msg', type(e).__name__)})") from None
    if not isinstance(fields, dict):
        raise ArticleError(record.ref, "not a JSON object")
    return fields


def record_articles(record: Record) -> list[Article]:
    """Clean a record into articles (a whole file may hold several, e.g. a CSV).

    Raises:
        ArticleError: no usable text (names the record and the reason).
    """
    if record.raw is None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            arts = load_articles(record.path)
        if len(arts) == 1:
            return [_with_ref(arts[0], record.ref)]
        # rows of a CSV: the loader's "path:line", with the path made relative
        return [_with_ref(a, f"{record.ref}:{(a.path or '').rpartition(':')[2]}") for a in arts]
    f = _fields(record)
    key = next((k for k in FIELD_NAMES["text"] if isinstance(f.get(k), str) and f[k].strip()), None)
    if key is None:
        raise ArticleError(record.ref, f"no text field (expected one of: {', '.join(FIELD_NAMES['text'])})")
    picked = {
        attr: _pick(f, FIELD_NAMES[attr])
        for attr in ("title", "source", "country", "date", "url", "record_id")
    }
    used = {key, *(name for name, _ in picked.values() if name is not None)}
    value = {attr: v for attr, (_, v) in picked.items()}
    return [
        article_from_text(
            f[key],
            title=_text(value["title"]) or "",
            path=record.ref,
            date=value["date"],
            source=_text(value["source"]),
            url=_text(value["url"]),
            record_id=_text(value["record_id"]),
            country=_text(value["country"]),
            metadata={k: v for k, v in f.items() if k not in used},
        )
    ]


def _pick(fields: Mapping[str, Any], names: tuple[str, ...]) -> tuple[str | None, Any]:
    """(name, value) of the first field among ``names`` with a value."""
    for n in names:
        if fields.get(n) not in (None, "", []):
            return n, fields[n]
    return None, None


def _text(value: Any) -> str | None:
    """A field value as text (lists joined with ", "); None when empty."""
    if value in (None, "", []):
        return None
    return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)


def _with_ref(article: Article, ref: str) -> Article:
    from dataclasses import replace

    return replace(article, path=ref)


def article_fields(article: Article) -> dict[str, Any]:
    """The record-level facts of an article: ``article_id`` (the record's own id, else the
    content hash), ``title``, ``outlet`` (``Article.source``) and ``country``."""
    return {
        "article_id": article.record_id or article.id,
        "title": article.title or "",
        "outlet": article.source,
        "country": article.country,
    }
