"""Quotes: who said what about whom.

Finds quotations (straight and curly marks, ``''`` pairs, nested single marks, multi-sentence
and multi-paragraph quotes, partial quotes inside a sentence, scare quotes) and reported
(indirect) speech, attributes each to a speaker phrase through a reporting verb (the cue),
maps the speaker to an actor through the mentions table, and scores the content's tone.

Attribution patterns (all anchored on a reporting verb from ``data/reporting_verbs.yaml``):
``X said``, ``said X`` (inverted, also ``countered Ukraine analyst Hanna Shelest``),
``X told reporters``, ``X, a former ambassador, said`` (appositive skipped),
``according to X``, a pronoun (``he said``: the last person speaker, else the last person
mention), a role phrase (``the American secretary of state insisted``: resolved by the actors
module's ``role`` mentions), a second quote of the same sentence (``“...” and “...”``), a
quote-only sentence or paragraph (the speaker of the sentence before), and a quote signed with a
dash (``“...” ― Jane Doe``, cue ``dash``). A short all-capitalised quote (``“Fox News Sunday”``)
is a title, kind scare. A quote with no cue gets
speaker None: never a guess. A short quote (at most ``SCARE_WORDS`` words) with no cue is a
scare quote.

The detector is regex-driven: one pass over the text for quotation marks, one for cues; every
other step works on those few matches (no per-character loops, no row-wise pandas).

Modules, in the order the work flows:

* :mod:`~analysis.quotes.schema`: column names, row kinds, :class:`QuoteError`, the table builder;
* :mod:`~analysis.quotes.marks`: quotation spans found by their marks;
* :mod:`~analysis.quotes.lexicon`: the reporting-verb lexicon and the cue verbs of a text;
* :mod:`~analysis.quotes.context`: an article's sentence and mention offsets;
* :mod:`~analysis.quotes.speakers`: speaker phrases around a cue and their actors;
* :mod:`~analysis.quotes.attribution`: each quotation and reported clause with its speaker;
* :mod:`~analysis.quotes.tables`: the quotes and voice-share tables.

Directed relations (events) live in their own module, which reads the quotes table; this
package never imports it (no import cycle). Helpers it may use: :func:`verb_matches`,
:func:`quote_context`, :func:`speaker_frame`, the quotation spans (:func:`find_quotation_marks`,
the table's ``fragments``).
May not import the relations or events modules.
"""

from __future__ import annotations

from analysis.quotes.attribution import DASH_CUE, SCARE_WORDS, TITLE_WORDS
from analysis.quotes.clauses import MIN_INDIRECT_WORDS
from analysis.quotes.context import QuoteContext, quote_context
from analysis.quotes.lexicon import Cue, VerbLexicon, load_reporting_verbs, trie_alternation, verb_matches
from analysis.quotes.marks import RawQuote, find_quotation_marks
from analysis.quotes.schema import (
    KINDS,
    QUOTE_COLUMNS,
    VOICE_COLUMNS,
    QuoteError,
    empty_quotes,
    present,
    table,
)
from analysis.quotes.speakers import MAX_SPEAKER_WORDS, Frame, speaker_frame
from analysis.quotes.tables import TONE_WORDS, quoted_spans, quotes, voice_share

__all__ = [
    "DASH_CUE",
    "KINDS",
    "MAX_SPEAKER_WORDS",
    "MIN_INDIRECT_WORDS",
    "QUOTE_COLUMNS",
    "SCARE_WORDS",
    "TITLE_WORDS",
    "TONE_WORDS",
    "VOICE_COLUMNS",
    "Cue",
    "Frame",
    "QuoteContext",
    "QuoteError",
    "RawQuote",
    "VerbLexicon",
    "empty_quotes",
    "find_quotation_marks",
    "load_reporting_verbs",
    "present",
    "quote_context",
    "quoted_spans",
    "quotes",
    "speaker_frame",
    "table",
    "trie_alternation",
    "verb_matches",
    "voice_share",
]
