"""Decoding file bytes into text (UTF-8, UTF-16 with BOM, Windows-1252); refusing binary and empty files.

Reads bytes and returns text; knows nothing of formats or articles beyond :class:`ArticleError`.
"""

from __future__ import annotations

import re
from pathlib import Path

from analysis.articles.model import ArticleError

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive, e.g. DOCX or XLSX"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\x7fELF", "executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE document, e.g. DOC or XLS"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
)
_BINARY_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_UNDECODABLE = "undecodable bytes: not UTF-8, UTF-16 or Windows-1252"


def _decode(data: bytes, path: str | Path) -> tuple[str, str]:
    """Decode file bytes: ``(text, encoding)``; raises ArticleError for empty, binary or undecodable data."""
    if not data.strip():
        raise ArticleError(path, "empty file")
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise ArticleError(
            path, "undecodable bytes: UTF-32 is not supported (use UTF-8, UTF-16 or Windows-1252)"
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, encoding = _strict(data, "utf-16"), "utf-16"
        if text is None:
            raise ArticleError(path, "undecodable bytes: invalid UTF-16 after a UTF-16 byte-order mark")
    elif data.startswith(b"\xef\xbb\xbf"):
        text, encoding = _strict(data, "utf-8-sig"), "utf-8-sig"
        if text is None:
            raise ArticleError(path, "undecodable bytes: invalid UTF-8 after a UTF-8 byte-order mark")
    else:
        for signature, what in _SIGNATURES:
            if data.startswith(signature):
                raise ArticleError(path, f"binary data ({what})")
        if b"\x00" in data:
            raise ArticleError(path, "binary data (NUL bytes)")
        text, encoding = _strict(data, "utf-8"), "utf-8"
        if text is None:
            text, encoding = _strict(data, "cp1252"), "cp1252"
            if text is None or _mostly_non_ascii(text):
                raise ArticleError(path, _UNDECODABLE)
    if len(_BINARY_CONTROL.findall(text)) > max(1, len(text) // 200):
        raise ArticleError(path, "binary data (control characters)")
    if not text.strip("\ufeff \t\r\n\x0b\x0c\u00a0\u2028\u2029"):
        raise ArticleError(path, "empty file (whitespace only)")
    return text, encoding


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _mostly_non_ascii(text: str) -> bool:
    """Windows-1252 text is mostly ASCII; other 8-bit encodings decoded as cp1252 are not."""
    visible = [c for c in text if not c.isspace()]
    return not visible or sum(ord(c) > 127 for c in visible) > 0.3 * len(visible)


def _read(path: Path) -> tuple[str, str]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ArticleError(path, "no such file") from None
    except IsADirectoryError:
        raise ArticleError(path, "is a directory (use load_articles for a folder)") from None
    except OSError as e:
        raise ArticleError(path, f"cannot read file: {e.strerror or e}") from None
    return _decode(data, path)
