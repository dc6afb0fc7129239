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
``.jsonl`` and ``.csv`` files (standard CSV; another delimiter only when named), detecting
UTF-8, UTF-16 (with BOM) and Windows-1252 encodings and refusing binary or empty input with an
:class:`ArticleError`. A mostly-UTF-8 file with a few invalid bytes stays UTF-8 (the bytes
become U+FFFD) and a non-UTF-8 file falls back to Windows-1252, each with a
:class:`DecodingWarning` naming file and byte offset, kept in ``Article.notes``. An article over
``max_chars`` (default :data:`MAX_ARTICLE_CHARS`) and a symlink resolving outside the folder
being loaded are refused. Record fields (``id``, ``title``/``headline``, ``outlet``/``source``,
``country``/``outlet_country``, ``date``, ``url``...) fill the article's attributes through a
field mapping (:data:`FIELD_NAMES`, overridable with ``fields=``); other fields stay in
``Article.metadata``.

The package's modules: :mod:`~analysis.articles.model` (the data types),
:mod:`~analysis.articles.cleaning`, :mod:`~analysis.articles.from_text`,
:mod:`~analysis.articles.decoding`, :mod:`~analysis.articles.options` (limits, field mapping),
:mod:`~analysis.articles.fields`, one module per format
(:mod:`~analysis.articles.textfiles`, :mod:`~analysis.articles.webpages`,
:mod:`~analysis.articles.records`) and :mod:`~analysis.articles.loading`.
"""

from __future__ import annotations

from analysis.articles.cleaning import clean_text
from analysis.articles.from_text import article_from_text
from analysis.articles.loading import SUPPORTED_SUFFIXES, load_article, load_articles
from analysis.articles.model import (
    Article,
    ArticleError,
    ArticleWarning,
    DecodingWarning,
    Removal,
    article_id,
    paragraph_spans,
)
from analysis.articles.options import FIELD_NAMES, MAX_ARTICLE_CHARS

__all__ = [
    "SUPPORTED_SUFFIXES",
    "Article",
    "ArticleError",
    "ArticleWarning",
    "DecodingWarning",
    "FIELD_NAMES",
    "MAX_ARTICLE_CHARS",
    "Removal",
    "article_from_text",
    "article_id",
    "clean_text",
    "load_article",
    "load_articles",
    "paragraph_spans",
]
