"""Cleaning scraped article text: normalisation, line boilerplate, repeated titles, standfirsts, datelines.

Pure functions over strings (see the package docstring for the removal kinds and the layout of
the cleaned text). No file reading here.
"""

from __future__ import annotations

import re
import unicodedata

from analysis.articles.model import Removal

_HSPACE = re.compile(r"[^\S\n]{2,}|[^\S\n ]")  # runs of spaces, and tabs/NBSP etc.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u200b\ufeff]")
_WORD = re.compile(r"[^\W_]+")
_LETTER_WORD = re.compile(r"[^\W\d_]{2,}")

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
    if n_words < 4 or n_words > 40 or line.endswith(".") or line[0].isdigit():
        return False
    return _in_capitals(line) and sum(1 for c in line if c.isupper()) >= 12


def _in_capitals(line: str) -> bool:
    """Whether ``line`` has letters with case and none of them is lower case.

    Only letters that have case count: Arabic, Hebrew, CJK... have none, so a line in those
    scripts is never "in capitals".
    """
    return line == line.upper() and line != line.lower()


def _written_in_capitals(blocks: list[list[str]]) -> bool:
    """Whether most lines of 4+ words are in capitals (old wire copy): then capitals are not links."""
    long_lines = [line for block in blocks for line in block if line.count(" ") >= 3]
    return sum(map(_in_capitals, long_lines)) > 0.5 * len(long_lines)


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
