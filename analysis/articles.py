"""Articles: load news articles from files, clean scraped boilerplate, and keep offsets honest.

An :class:`Article` is the unit every other module works on. Its ``text`` is the
cleaned body; every table produced downstream carries ``start``/``end`` offsets
into that string.

Cleaning (:func:`clean_text`) normalises the text (newlines, BOM, NFC, runs of
spaces) and removes scraped boilerplate, recording each removal in the audit
trail ``Article.removed``. Layout of the cleaned text: paragraphs are separated by
exactly one blank line (``"\\n\\n"``) and contain no newline. Inside a block of
lines between blank lines, lines that all end a sentence are separate paragraphs
(one paragraph per line, as many scrapers write); otherwise the block is a
hard-wrapped paragraph and its single newlines become spaces.

Removal kinds: ``repeated-title``, ``summary`` (a standfirst repeating the lede),
``share-widget``, ``copy-protection``, ``advertisement``, ``read-more`` (links to other
stories, including all-capitals headline links), ``media-prompt`` ("VIEW VIDEO"),
``newsletter``, ``photo-credit`` (credit lines and captions ending in a credit),
``byline``, ``timestamp`` and ``dateline``. Line boilerplate is only ever removed as a
whole line: a sentence that merely contains "share" or "advertisement" stays.

Loading (:func:`load_article`, :func:`load_articles`) reads ``.txt``/``.md`` (with
optional YAML front matter), ``.html``/``.htm`` (main text through trafilatura),
``.jsonl`` and ``.csv`` files, detecting UTF-8, UTF-16 (with BOM) and
Windows-1252 encodings and refusing binary or empty input with an
:class:`ArticleError`.
"""

from __future__ import annotations

import glob as _glob
import hashlib
import re
import unicodedata
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date as _date
from datetime import datetime
from pathlib import Path
from typing import Any


class ArticleError(ValueError):
    """An input could not be read as an article.

    Attributes:
        path: the file (or ``file:line``) that failed.
        reason: a short human-readable reason.
    """

    def __init__(self, path: str | Path | None, reason: str):
        self.path = str(path) if path is not None else "<text>"
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class ArticleWarning(UserWarning):
    """A skipped input (a JSONL/CSV line, or a file of a folder): message ``"<file>:<line>: <reason>"``."""


@dataclass(frozen=True)
class Removal:
    """One piece of boilerplate that cleaning removed (the audit trail)."""

    kind: str  # e.g. "repeated-title", "summary", "share-widget", "copy-protection", "dateline"
    text: str


@dataclass(frozen=True)
class Article:
    """A cleaned news article.

    Attributes:
        id: first 16 hex digits of the sha256 of ``text``.
        title: headline (may be empty).
        text: cleaned body; paragraphs separated by a blank line.
        paragraphs: ``(start, end)`` offsets of each paragraph in ``text``.
        date: ISO date or None.
        source: outlet name or None.
        url: canonical URL or None.
        dateline: place of the dateline (e.g. "WASHINGTON") or None.
        path: file the article came from (``file:line`` for JSONL/CSV rows) or None.
        encoding: detected encoding of the file, or None.
        removed: what cleaning removed, in order.
        metadata: any other fields of the input.
    """

    id: str
    title: str
    text: str
    paragraphs: tuple[tuple[int, int], ...]
    date: str | None = None
    source: str | None = None
    url: str | None = None
    dateline: str | None = None
    path: str | None = None
    encoding: str | None = None
    removed: tuple[Removal, ...] = ()
    metadata: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def n_words(self) -> int:
        """Whitespace-delimited word count of the body."""
        return len(self.text.split())


_PARA_SPLIT = re.compile(r"\n\s*\n")


def article_id(text: str) -> str:
    """Stable id of an article: sha256 of its cleaned text, first 16 hex digits."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def paragraph_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Offsets of the paragraphs of ``text`` (blocks separated by blank lines), trimmed."""
    spans = []
    pos = 0
    for m in [*_PARA_SPLIT.finditer(text), None]:
        end = m.start() if m else len(text)
        block = text[pos:end]
        stripped = block.strip()
        if stripped:
            s = pos + (len(block) - len(block.lstrip()))
            spans.append((s, s + len(stripped)))
        if m:
            pos = m.end()
    return tuple(spans)


# --------------------------------------------------------------------------------------------------
# Cleaning
# --------------------------------------------------------------------------------------------------

_HSPACE = re.compile(r"[^\S\n]{2,}|[^\S\n ]")  # runs of spaces, and tabs/NBSP etc.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u200b\ufeff]")
_WORD = re.compile(r"[^\W_]+")
_LETTER_WORD = re.compile(r"[^\W\d_]{2,}")
_LETTER = re.compile(r"[^\W\d_]")

_WIDGET_WORDS = frozenset(
    "share shares sharing this article story page post on via to with by facebook twitter x whatsapp "
    "linkedin email e mail print telegram reddit pinterest copy link url tweet messenger flipboard vk "
    "follow us pocket sms".split()
)
_WIDGET_TRIGGERS = frozenset(
    "share tweet facebook twitter whatsapp linkedin telegram reddit pinterest messenger flipboard".split()
)

_NAME = r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|van|von|der|al|bin|da|del|la|le|di)){0,4}"
_LINE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, flags))
    for kind, pattern, flags in (
        (
            "copy-protection",
            r"(?:error\s*:\s*|alert\s*:\s*)?content (?:selection )?is (?:protected|disabled)\s*!*"
            r"|you (?:cannot|can't|can not|are not allowed to) copy (?:the )?content(?: of this page)?[.!]*",
            re.I,
        ),
        (
            "advertisement",
            r"(?:advertisements?|advertising|advert|ads?|sponsored(?: content)?|paid (?:content|post)"
            r"|(?:story|article) continues below(?: (?:this )?advertisement)?|continue reading(?: below)?"
            r"(?: the main story)?|scroll to continue(?: with content)?|skip advertisement|remove ads)"
            r"\s*[:.]?",
            re.I,
        ),
        (
            "read-more",
            r"(?:read more|read also|also read|read next|more reading|see also|related(?: stories| articles"
            r"| coverage| content| news| reading)?|recommended(?: stories| articles| for you)?"
            r"|more on this story|you may also like|click here to read more)"
            r"(?:\s*[:>»|–—-]\s*.*|\s*[.!]?)",
            re.I,
        ),
        (
            "media-prompt",
            r"(?:view video|watch video|watch|video|play video|listen(?: to (?:this|the) (?:article|story))?)"
            r"(?:\s*[:|–—-]\s*.*)?|(?:new\s+)?you can now listen to .{0,60}articles!?",
            re.I,
        ),
        (
            "newsletter",
            r"(?:sign up|subscribe|register|get|join)\b.{0,160}"
            r"\b(?:newsletters?|inbox|e-?mail alerts?)\b.{0,80}"
            r"|(?:sign up|subscribe)(?: now| here| today)?[.!]?"
            r"|newsletters?\b[^.!?]{0,60}"
            r"|[^.:]{1,60}:\s*an? (?:\w+ )?newsletter\b.{0,120}"
            r"|by (?:submitting|entering|signing up with) your e-?mail.{0,300}",
            re.I,
        ),
        (
            "photo-credit",
            r"\(?(?:photo|photos|photograph|image|picture|pic|credit|photo credit|image credit|image source)"
            r"\s*(?:by\b|:)\s*[^()]{1,100}\)?"
            r"|\(?(?:AP|AFP|EPA|Reuters|Getty|ANP|DPA|Xinhua|TASS|Sputnik|UNIAN|Ukrinform|EPA-EFE)"
            r"(?: photos?| images)?\s*/\s*[^()]{1,80}\)?"
            r"|\(?[\w .'’-]{1,60}/\s*(?:AP|AFP|Reuters|EPA(?:-EFE)?|Getty Images|Shutterstock|Bloomberg|TASS"
            r"|Sputnik|Ukrinform|UNIAN|AFP via Getty Images)\)?"
            r"|.{0,400}\((?:[\w.'’-]+ )?(?:photo|photograph|image|picture)s?"
            r"\s*(?:/|by\b|:|via\b|credit)[^()]*\)",
            re.I,
        ),
        (
            "byline",
            rf"(?i:by|written by)\s+{_NAME}(?:\s*(?:,|\band\b|&)\s*{_NAME})*"
            r"(?:\s*(?:,|\||–|—|-)\s*(?:the\s+)?[A-Z][\w.&'’-]*(?:\s+(?:[A-Z][\w.&'’-]*|of|the|and|for))*)?\.?",
            0,
        ),
    )
)
_MAX_BOILERPLATE_WORDS = {"byline": 14, "photo-credit": 80, "newsletter": 70}
_MAX_WORDS_ANY = max(40, *_MAX_BOILERPLATE_WORDS.values())

_TIME_LABEL = re.compile(r"(?:last updated|first published|updated|published|posted|date)\s*:?\s*", re.I)
_TIME_TOKEN = re.compile(
    r"\d[\d:./-]*(?:[ap]\.?m\.?)?|[ap]\.?m\.?|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
    r"|(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?|gmt|utc|est|edt|cet|cest|msk|eet|eest|bst|pst|pdt"
    r"|et|on|at|ago|hours?|minutes?|mins?|hrs?|[,|•-]",
    re.I,
)


def _is_share_widget(line: str) -> bool:
    if len(line) > 120:
        return False
    words = [w.lower() for w in _WORD.findall(line)]
    return (
        0 < len(words) <= 12
        and all(w in _WIDGET_WORDS for w in words)
        and any(w in _WIDGET_TRIGGERS for w in words)
    )


def _is_timestamp(line: str) -> bool:
    if len(line) > 100:
        return False
    rest = line[_TIME_LABEL.match(line).end() :] if _TIME_LABEL.match(line) else line
    tokens = re.findall(r"[^\s,|•]+|[,|•]", rest)
    return (
        0 < len(tokens) <= 12
        and any(ch.isdigit() for ch in rest)
        and all(_TIME_TOKEN.fullmatch(t) for t in tokens)
    )


def _is_caps_link(line: str, n_words: int) -> bool:
    """An all-capitals line of 4+ words: a link to another story ("CLICK HERE TO GET THE APP").

    Numbered or full-stopped capitals ("1. FIREWORKS FLY IN DEBATE.") are section heads and stay.
    """
    if n_words < 4 or n_words > 40 or line != line.upper() or line.endswith(".") or line[0].isdigit():
        return False
    return len(_LETTER.findall(line)) >= 12


def _written_in_capitals(blocks: list[list[str]]) -> bool:
    """Whether most lines of 4+ words are in capitals (old wire copy): then capitals are not links."""
    long_lines = [line for block in blocks for line in block if line.count(" ") >= 3]
    return sum(line == line.upper() for line in long_lines) > 0.5 * len(long_lines)


def _boilerplate_kind(line: str, *, caps_links: bool = True) -> str | None:
    """Kind of boilerplate a whole line is, or None when it may be prose.

    Args:
        line: one stripped line.
        caps_links: treat all-capitals lines as links (off for texts written in capitals).
    """
    if _is_share_widget(line):
        return "share-widget"
    if _is_timestamp(line):
        return "timestamp"
    n_words = line.count(" ") + 1
    if caps_links and _is_caps_link(line, n_words):
        return "read-more"
    if n_words > _MAX_WORDS_ANY:
        return None
    for kind, pattern in _LINE_RULES:
        if n_words <= _MAX_BOILERPLATE_WORDS.get(kind, 40) and pattern.fullmatch(line):
            return kind
    return None


def _norm_words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def _same_text(a: str, b: str) -> bool:
    wa = _norm_words(a)
    return bool(wa) and wa == _norm_words(b)


_DL_AGENCY = r"\((?:[A-Z][\w/&.' -]{0,30})\)"
_DL_REGION = r"(?:,\s*[^,()—–:\n]{1,30}?){0,2}"
_DL_DASH = r"(?:\s*[—–]+\s*|\s+-{1,2}\s+)"
_DL_CAPS = r"(?P<place>[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]*){0,3})"
_DL_TITLE = r"(?P<place>[A-Z][^\W\d_][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})"
_DATELINE_RULES = tuple(
    (re.compile(p), colon)
    for p, colon in (
        (rf"(?:CNN(?: Business)?|{_DL_AGENCY}){_DL_DASH}", False),
        (rf"{_DL_CAPS}{_DL_REGION}(?:\s*{_DL_AGENCY}|\s+CNN(?: Business)?)?{_DL_DASH}", False),
        (rf"{_DL_TITLE}{_DL_REGION}(?:\s*{_DL_AGENCY}|\s+CNN(?: Business)?){_DL_DASH}", False),
        (rf"{_DL_CAPS}{_DL_REGION}(?:\s*{_DL_AGENCY})?:\s+", True),
    )
)
# Capitalised words that open a lede without being a place.
_NOT_PLACES = frozenset(
    "AP AFP CNN REUTERS UPI BBC EXCLUSIVE BREAKING UPDATE UPDATED OPINION ANALYSIS COMMENT COMMENTARY "
    "EDITORIAL WATCH LIVE VIDEO PHOTOS FACT CHECK FACTBOX EXPLAINER NOTE EDITOR'S SPECIAL REPORT "
    "INTERVIEW Q&A FILE BYLINE BUSTED BOOM LOOK WOW SHOCK REVEALED CONFIRMED ALERT POLL".split()
)


def _reads_like_a_sentence(text: str) -> bool:
    """Whether text opens like lede prose (some lower-case words), not a Title Case headline."""
    words = text.split()[:10]
    return len(words) >= 6 and sum(w[0].islower() for w in words) >= 2


def _split_dateline(paragraph: str) -> tuple[str | None, str, str]:
    """Split a leading dateline off a paragraph: ``(place, dateline_text, rest)``; place None if none."""
    for rule, colon in _DATELINE_RULES:
        m = rule.match(paragraph + " ")
        if m:
            rest = paragraph[m.end() :] if m.end() <= len(paragraph) else ""
            if rest and not _LETTER_WORD.search(rest[:40]):
                continue
            if colon and not _reads_like_a_sentence(
                rest
            ):  # "LONDON: The ..." but not "BUSTED: Emails Reveal"
                continue
            place = m.groupdict().get("place")
            if place and any(w.upper() in _NOT_PLACES for w in place.split()):
                continue
            return (place.strip() if place else None), paragraph[: m.end()].strip(), rest.strip()
    return None, "", paragraph


def _is_summary(paragraph: str, following: str) -> bool:
    """Whether ``paragraph`` is a standfirst repeating ``following`` (the lede)."""
    a = _norm_words(paragraph)
    b = _norm_words(_split_dateline(following)[2])
    if len(a) < 8 or len(a) > len(b):
        return False
    set_b = set(b)
    containment = sum(w in set_b for w in set(a)) / len(set(a))
    bigrams_a = set(zip(a, a[1:], strict=False))
    bigrams_b = set(zip(b, b[1:], strict=False))
    bigram_containment = len(bigrams_a & bigrams_b) / len(bigrams_a)
    return containment >= 0.6 and bigram_containment >= 0.4


def _normalise(raw: str) -> str:
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\x85", "\n")
    text = text.replace("\u2029", "\n\n").replace("\u2028", "\n").replace("\x0b", "\n")
    text = text.replace("\x0c", "\n\n")
    text = _CONTROL.sub("", text)
    text = unicodedata.normalize("NFC", text)
    return _HSPACE.sub(" ", text)


def _blocks(text: str) -> list[list[str]]:
    """Blocks of stripped, non-empty lines, separated by blank lines."""
    blocks: list[list[str]] = [[]]
    for line in text.split("\n"):
        line = line.strip()
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


_SENTENCE_END = re.compile(r"[.!?…:;\"”’')\]]$")


def _block_paragraphs(lines: list[str]) -> list[str]:
    """Paragraphs of one block: one per line when every line but the last ends a sentence, else joined."""
    if len(lines) > 1 and all(_SENTENCE_END.search(line) for line in lines[:-1]):
        return lines
    return [" ".join(lines)]


def clean_text(raw: str, title: str | None) -> tuple[str, str | None, tuple[Removal, ...]]:
    """Normalise ``raw`` and remove scraped boilerplate.

    Layout: blocks are separated by blank lines. Inside a block, lines that all end a
    sentence are separate paragraphs (one paragraph per line, as many scrapers write);
    otherwise the block is a hard-wrapped paragraph and its lines are joined with spaces.

    Args:
        raw: the article body as scraped (may still start with the title).
        title: the headline, used to drop a repeated title; None or "" if unknown.

    Returns:
        ``(text, dateline, removed)``: the clean body (paragraphs separated by ``"\\n\\n"``,
        no other newline), the dateline place (e.g. ``"WASHINGTON"``) or None, and the
        removals in the order they were made.
    """
    removed: list[Removal] = []
    blocks: list[list[str]] = []
    raw_blocks = _blocks(_normalise(raw))
    caps_links = not _written_in_capitals(raw_blocks)
    for block in raw_blocks:
        kept = []
        for line in block:
            kind = _boilerplate_kind(line, caps_links=caps_links)
            if kind:
                removed.append(Removal(kind, line))
            else:
                kept.append(line)
        if kept:
            blocks.append(kept)

    # The title repeated at the top (as a line or a paragraph of its own).
    if title and title.strip():
        while blocks and _same_text(blocks[0][0], title):
            removed.append(Removal("repeated-title", blocks[0].pop(0)))
            if not blocks[0]:
                blocks.pop(0)

    paragraphs = [p for block in blocks for p in _block_paragraphs(block)]

    # A standfirst near the top that repeats the lede.
    for i in range(min(2, len(paragraphs) - 1)):
        if _is_summary(paragraphs[i], paragraphs[i + 1]):
            removed.append(Removal("summary", paragraphs.pop(i)))
            break

    dateline = None
    if paragraphs:
        place, cut, rest = _split_dateline(paragraphs[0])
        if cut:
            dateline = place
            removed.append(Removal("dateline", cut))
            if rest:
                paragraphs[0] = rest
            else:
                paragraphs.pop(0)
    return "\n\n".join(paragraphs), dateline, tuple(removed)


# --------------------------------------------------------------------------------------------------
# Building an Article
# --------------------------------------------------------------------------------------------------

_DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%d.%m.%Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%B %d %Y",
    "%b %d %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%d %B, %Y",
    "%Y%m%d",
    "%Y%m%dT%H%M%SZ",
    "%Y%m%d%H%M%S",
)


def _normalise_date(value: Any) -> str | None:
    """ISO ``YYYY-MM-DD`` of a date value, or None when it cannot be parsed."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, _date):
        return value.isoformat()
    if not isinstance(value, str | int) or isinstance(value, bool):
        return None
    s = str(value).strip()
    if not s:
        return None
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    s2 = re.sub(r"^([A-Za-z]{3,4})\.", r"\1", s)  # "Jan. 25, 2022" -> "Jan 25, 2022"
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(s2, fmt).date().isoformat()
        except ValueError:
            continue
    try:
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(s).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _looks_like_headline(line: str) -> bool:
    """A first line is the title unless it is long (over 25 words) or opens with a dateline (a lede)."""
    return (
        0 < len(line.split()) <= 25
        and len(line) <= 250
        and _LETTER_WORD.search(line) is not None
        and not _split_dateline(line)[1]
    )


def _take_title(text: str) -> tuple[str, str]:
    """``(title, rest)``: the first non-empty, non-boilerplate line if it looks like a headline."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        stripped = _HSPACE.sub(" ", _CONTROL.sub("", line)).strip()
        if not stripped or _boilerplate_kind(stripped):
            continue
        if _looks_like_headline(stripped):
            return unicodedata.normalize("NFC", stripped), "\n".join(lines[:i] + lines[i + 1 :])
        break
    return "", text


def article_from_text(
    text: str,
    *,
    title: str | None = None,
    path: str | Path | None = None,
    date: Any = None,
    source: str | None = None,
    url: str | None = None,
    encoding: str | None = None,
    metadata: Mapping[str, Any] | None = None,
    **extra: Any,
) -> Article:
    """Clean ``text`` and build an :class:`Article`.

    Args:
        text: raw article text.
        title: headline; None takes the first non-empty, non-boilerplate line, unless that line
            is prose (over 25 words, or opens with a dateline): then the title is "" and the line
            stays. Pass "" for a body without a title line (JSONL/CSV records do).
        path: where the text came from (for errors and ``Article.path``).
        date: any date value; normalised to ISO ``YYYY-MM-DD``, or kept in ``metadata["date"]``.
        source, url, encoding: stored as given.
        metadata, extra: other fields, kept in ``Article.metadata``.

    Raises:
        ArticleError: when no article prose is left after cleaning.
    """
    meta: dict[str, Any] = {**(metadata or {}), **extra}
    if title is None:
        title, text = _take_title(text.replace("\r\n", "\n").replace("\r", "\n"))
    else:
        title = " ".join(unicodedata.normalize("NFC", _CONTROL.sub("", str(title))).split())
    body, dateline, removed = clean_text(text, title)
    if sum(1 for _, _ in zip(range(3), _LETTER_WORD.finditer(body), strict=False)) < 3:
        raise ArticleError(path, "no article text after cleaning")
    iso = _normalise_date(date)
    if iso is None and date not in (None, ""):
        meta["date"] = date if isinstance(date, str) else str(date)
    return Article(
        id=article_id(body),
        title=title,
        text=body,
        paragraphs=paragraph_spans(body),
        date=iso,
        source=str(source).strip() or None if source is not None else None,
        url=str(url).strip() or None if url is not None else None,
        dateline=dateline,
        path=str(path) if path is not None else None,
        encoding=encoding,
        removed=removed,
        metadata=meta,
    )


# --------------------------------------------------------------------------------------------------
# Decoding files
# --------------------------------------------------------------------------------------------------

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


# --------------------------------------------------------------------------------------------------
# Formats
# --------------------------------------------------------------------------------------------------

_TEXT_FIELDS = ("text", "body", "content")
_KNOWN_FIELDS = frozenset({"title", "date", "source", "outlet", "url"})
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

    from analysis.datafiles import load_yaml

    try:
        fields = load_yaml(m.group(1) or "") or {}
    except (yaml.YAMLError, ValueError, RecursionError) as e:  # ValueError: e.g. "date: 2022-13-45"
        raise ArticleError(path, f"invalid YAML front matter: {str(e).splitlines()[0]}") from None
    if not isinstance(fields, dict):
        raise ArticleError(path, "invalid YAML front matter: expected key: value pairs")
    return {str(k): v for k, v in fields.items()}, text[m.end() :]


def _from_fields(
    fields: Mapping[str, Any], text: str, *, title: str | None, path: str, encoding: str
) -> Article:
    """Build an article from a record's fields (front matter, JSONL object, CSV row)."""
    metadata = {k: v for k, v in fields.items() if k not in _KNOWN_FIELDS}
    source = fields.get("source")
    if source in (None, ""):
        source = fields.get("outlet")
    elif fields.get("outlet") not in (None, ""):
        metadata["outlet"] = fields["outlet"]  # both given: "source" wins, "outlet" is kept
    url = fields.get("url")
    return article_from_text(
        text,
        title=title,
        path=path,
        date=fields.get("date"),
        source=str(source) if source not in (None, "") else None,
        url=str(url) if url not in (None, "") else None,
        encoding=encoding,
        metadata=metadata,
    )


def _title_field(fields: Mapping[str, Any]) -> str | None:
    value = fields.get("title")
    return None if value in (None, "") else str(value)


def _load_text(path: Path, *, markdown: bool) -> list[Article]:
    text, encoding = _read(path)
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    fields, body = _front_matter(text, path)
    if markdown:
        body = _MD_BOLD.sub(r"\2", _MD_LINK.sub(r"\1", _MD_IMAGE.sub("", _MD_HEADING.sub(r"\1", body))))
    return [_from_fields(fields, body, title=_title_field(fields), path=str(path), encoding=encoding)]


def _load_html(path: Path) -> list[Article]:
    html, encoding = _read(path)
    try:
        import trafilatura

        doc = trafilatura.bare_extraction(
            html, include_comments=False, include_tables=False, with_metadata=True
        )
    except ImportError as e:
        raise ArticleError(path, f"HTML support needs trafilatura and lxml_html_clean ({e})") from None
    except Exception as e:  # any parser failure is a bad input, not a crash
        raise ArticleError(path, f"HTML extraction failed ({type(e).__name__}: {e})") from None
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise ArticleError(path, "no article text found in the HTML")
    fields = {"title": doc.title, "date": doc.date, "url": doc.url, "source": doc.sitename}
    fields = {k: v for k, v in fields.items() if v}
    if getattr(doc, "author", None):
        fields["author"] = doc.author
    # trafilatura puts one paragraph per line: make each a paragraph of the clean text.
    body = "\n\n".join(line for line in text.split("\n") if line.strip())
    return [_from_fields(fields, body, title=_title_field(fields), path=str(path), encoding=encoding)]


def _record(fields: Mapping[str, Any], path: Path, lineno: int, encoding: str) -> Article:
    """One JSONL/CSV record as an Article; raises ArticleError(f"{path}:{lineno}", reason)."""
    where = f"{path}:{lineno}"
    present = [k for k in _TEXT_FIELDS if fields.get(k) not in (None, "")]
    if not present:
        raise ArticleError(where, f"no text field (expected one of: {', '.join(_TEXT_FIELDS)})")
    key = next((k for k in present if isinstance(fields[k], str)), None)
    if key is None:
        raise ArticleError(where, f"field {present[0]!r} is not a string")
    text = fields[key]
    if not text.strip():
        raise ArticleError(where, f"empty {key!r} field")
    record = {k: v for k, v in fields.items() if k != key}
    return _from_fields(record, text, title=_title_field(fields) or "", path=where, encoding=encoding)


def _warn(message: str) -> None:
    warnings.warn(ArticleWarning(message), stacklevel=2)


def _load_jsonl(path: Path) -> list[Article]:
    import json

    text, encoding = _read(path)
    articles = []
    for lineno, line in enumerate(text.lstrip("\ufeff").split("\n"), start=1):
        if not line.strip():
            continue
        try:
            fields = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as e:
            _warn(f"{path}:{lineno}: invalid JSON ({getattr(e, 'msg', type(e).__name__)})")
            continue
        if not isinstance(fields, dict):
            _warn(f"{path}:{lineno}: not a JSON object")
            continue
        try:
            articles.append(_record(fields, path, lineno, encoding))
        except ArticleError as e:
            _warn(f"{path}:{lineno}: {e.reason}")
    return articles


def _load_csv(path: Path) -> list[Article]:
    import csv
    import io

    text, encoding = _read(path)
    text = text.lstrip("\ufeff")
    first_line = text.split("\n", 1)[0]
    try:
        dialect: Any = csv.Sniffer().sniff(first_line, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    previous_limit = csv.field_size_limit()
    csv.field_size_limit(max(previous_limit, len(text) + 1))
    try:
        reader = csv.reader(io.StringIO(text, newline=""), dialect)
        try:
            header = [h.strip().lower() for h in next(reader)]
        except (StopIteration, csv.Error) as e:
            raise ArticleError(path, f"unreadable CSV header ({e or 'no rows'})") from None
        if not any(h in _TEXT_FIELDS for h in header):
            raise ArticleError(
                path, f"CSV has no text column (expected one of: {', '.join(_TEXT_FIELDS)}; got {header})"
            )
        return list(_csv_rows(reader, header, path, encoding))
    finally:
        csv.field_size_limit(previous_limit)


def _csv_rows(reader: Any, header: list[str], path: Path, encoding: str) -> Iterator[Article]:
    import csv

    line_end = reader.line_num
    while True:
        lineno = line_end + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            _warn(f"{path}:{lineno}: malformed CSV ({e}); the rest of the file is skipped")
            return
        line_end = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            _warn(f"{path}:{lineno}: row has {len(row)} fields, the header has {len(header)}")
            continue
        fields = {h: v for h, v in zip(header, row, strict=True) if h and v.strip()}
        try:
            yield _record(fields, path, lineno, encoding)
        except ArticleError as e:
            _warn(f"{path}:{lineno}: {e.reason}")


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
