"""Decoding file bytes into text (UTF-8, UTF-16 with BOM, Windows-1252); refusing binary and empty files.

UTF-8 is tried first. A file that is mostly UTF-8 (more valid multi-byte sequences than
invalid bytes, or a UTF-8 byte-order mark) is decoded as UTF-8 with each invalid byte replaced
by U+FFFD; a file with no valid multi-byte UTF-8 at all falls back to Windows-1252. Both repairs
raise a :class:`~analysis.articles.model.DecodingWarning` naming the file and the byte offset,
and are returned as notes for ``Article.notes``.

Reads bytes and returns text; knows nothing of formats or articles beyond their error and
warning types.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from analysis.articles.model import ArticleError, DecodingWarning, _warn

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
#: A UTF-8 character of 2-4 bytes (a valid multi-byte sequence).
_UTF8_MULTI = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


class Decoded(NamedTuple):
    """A decoded file: its text, the encoding used, and what decoding repaired (messages)."""

    text: str
    encoding: str
    notes: tuple[str, ...] = ()


_ESCAPED = re.compile("[\udc80-\udcff]")


def _escaped_utf8(data: bytes) -> tuple[str, list[int]]:
    """``data`` read as UTF-8 with each invalid byte as a lone surrogate, and those bytes' offsets."""
    text = data.decode("utf-8", errors="surrogateescape")
    offsets: list[int] = []
    pos, byte = 0, 0
    for m in _ESCAPED.finditer(text):
        byte += len(text[pos : m.start()].encode("utf-8", errors="surrogateescape"))
        offsets.append(byte)
        byte += 1
        pos = m.end()
    return text, offsets


def _offsets_text(offsets: list[int]) -> str:
    shown = ", ".join(str(o) for o in offsets[:5])
    more = f" and {len(offsets) - 5} more" if len(offsets) > 5 else ""
    plural = "s" if len(offsets) > 1 else ""
    return f"byte offset{plural} {shown}{more}"


def _repaired_utf8(data: bytes, path: str | Path, encoding: str, skip: int = 0) -> Decoded:
    """Decode as UTF-8 with each invalid byte replaced by U+FFFD, warning with their offsets."""
    text, offsets = _escaped_utf8(data[skip:])
    offsets = [skip + o for o in offsets]
    note = f"invalid UTF-8: {len(offsets)} byte(s) replaced by U+FFFD at {_offsets_text(offsets)}"
    _warn(f"{path}: {note}", DecodingWarning)
    return Decoded(_ESCAPED.sub("\ufffd", text), encoding, (note,))


def _mostly_utf8(data: bytes) -> bool:
    """Whether ``data`` holds at least as many valid UTF-8 multi-byte sequences as invalid bytes."""
    valid = len(_UTF8_MULTI.findall(data))
    return valid > 0 and valid >= len(_escaped_utf8(data)[1])


def _decode(data: bytes, path: str | Path) -> Decoded:
    """Decode file bytes; raises ArticleError for empty, binary or undecodable data."""
    if not data.strip():
        raise ArticleError(path, "empty file")
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise ArticleError(
            path, "undecodable bytes: UTF-32 is not supported (use UTF-8, UTF-16 or Windows-1252)"
        )
    notes: tuple[str, ...] = ()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, encoding = _strict(data, "utf-16"), "utf-16"
        if text is None:
            raise ArticleError(path, "undecodable bytes: invalid UTF-16 after a UTF-16 byte-order mark")
    elif data.startswith(b"\xef\xbb\xbf"):
        text, encoding = _strict(data, "utf-8-sig"), "utf-8-sig"
        if text is None:
            text, encoding, notes = _repaired_utf8(data, path, "utf-8-sig", skip=3)
    else:
        for signature, what in _SIGNATURES:
            if data.startswith(signature):
                raise ArticleError(path, f"binary data ({what})")
        if b"\x00" in data:
            raise ArticleError(path, "binary data (NUL bytes)")
        text, encoding = _strict(data, "utf-8"), "utf-8"
        if text is None and _mostly_utf8(data):
            text, encoding, notes = _repaired_utf8(data, path, "utf-8")
        elif text is None:
            text, encoding = _strict(data, "cp1252"), "cp1252"
            if text is None or _mostly_non_ascii(text):
                raise ArticleError(path, _UNDECODABLE)
            first = _escaped_utf8(data)[1]
            note = f"not UTF-8 (invalid from {_offsets_text(first[:1])}): decoded as Windows-1252"
            _warn(f"{path}: {note}", DecodingWarning)
            notes = (note,)
    if len(_BINARY_CONTROL.findall(text)) > max(1, len(text) // 200):
        raise ArticleError(path, "binary data (control characters)")
    if not text.strip("\ufeff \t\r\n\x0b\x0c\u00a0\u2028\u2029"):
        raise ArticleError(path, "empty file (whitespace only)")
    return Decoded(text, encoding, notes)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _mostly_non_ascii(text: str) -> bool:
    """Windows-1252 text is mostly ASCII; other 8-bit encodings decoded as cp1252 are not."""
    visible = [c for c in text if not c.isspace()]
    return not visible or sum(ord(c) > 127 for c in visible) > 0.3 * len(visible)


def _read(path: Path, max_bytes: int | None = None) -> Decoded:
    """Read and decode a file; refuses one over ``max_bytes`` without reading it."""
    try:
        if max_bytes is not None:
            size = path.stat().st_size
            if size > max_bytes:
                raise ArticleError(
                    path, f"file is {size:,} bytes, over the size limit of {max_bytes:,} bytes (max_chars)"
                )
        data = path.read_bytes()
    except FileNotFoundError:
        raise ArticleError(path, "no such file") from None
    except IsADirectoryError:
        raise ArticleError(path, "is a directory (use load_articles for a folder)") from None
    except OSError as e:
        raise ArticleError(path, f"cannot read file: {e.strerror or e}") from None
    return _decode(data, path)
