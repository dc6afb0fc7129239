"""Tokens: sentences, tokens, term counts, n-grams, collocations, keyness and KWIC.

Sentence splitting is rule-based (no trained model, no downloaded data). A sentence ends
after ``.``, ``!``, ``?`` or an ellipsis, together with any closing quotes or brackets
(``.”``, ``?’``, ``.)``), when the next word starts a sentence. The rules:

- ``!``/``?`` end a sentence unless a lower-case word follows ("Yahoo! in ...").
- The Chinese/Japanese full stop ``。`` (and ``｡``) and the full-width ``！``/``？`` always end a
  sentence, with any closing quotes (``。」``); no space needs to follow.
- ``.`` after an ordinary word or number ends a sentence unless a lower-case word follows.
- Abbreviations come from ``analysis/data/abbreviations.txt`` plus letter-period
  patterns (``U.S.``, ``a.m.``, ``J.R.R.``) and single-letter initials. Titles (``Gen.``,
  ``Sen.``) never end a sentence; ``No.``/``p.`` are abbreviations only before a number;
  ``etc.`` ends a sentence before a capital; every other abbreviation ends a sentence only
  when the next word is a typical sentence start: a capitalised stopword ("The", "It",
  "How") or ``Mr.``/``Mrs.``/``Ms.``/``Dr.``. So "U.S. Secretary of State" stays together
  and "in the U.S. How about you?" splits.
- Ellipses: ``...``, ``…`` and ``....`` end a sentence before a capital; the spaced
  omission mark ``. . .`` only when it has four dots; ``[...]`` never.
- Inside a paragraph, a line break after a line without final punctuation is a boundary
  (headlines, list lines) unless the next line continues in lower case (a wrapped line).
- Bullets (``•``) start a sentence; enumerations ``1.``/``1)``/``a.`` followed later by
  the next label (``2.``/``2)``/``b.``) split before that label.

Tokenization is one compiled regular expression. Words keep internal hyphens and
apostrophes ("Kremlin-friendly", "hasn’t" is one token), except the clitic ``’s``, which is
split off ("Ukraine’s" -> "Ukraine" + "’s") so that counts of "Ukraine" include the
possessive. Numbers keep currency signs, decimals, thousands separators and a percent sign
("$1.5", "14,000", "3.5%"); letter-period abbreviations ("U.S.", "a.m.") keep their
periods; URLs are one token; every other punctuation character is its own token (so
"Gen." is "Gen" + "." and an e-mail address is several tokens).

Modules: :mod:`~analysis.tokens.splitting` (sentences), :mod:`~analysis.tokens.tokenizer`
(tokens), :mod:`~analysis.tokens.counts` (term counts, n-grams, collocations, keyness),
:mod:`~analysis.tokens.concordance` (KWIC), :mod:`~analysis.tokens.wordlists` (stopwords,
abbreviations) and :mod:`~analysis.tokens.errors`.
"""

from __future__ import annotations

from analysis.tokens.concordance import kwic
from analysis.tokens.counts import collocations, keyness, ngrams, term_frequencies
from analysis.tokens.errors import TokensError
from analysis.tokens.splitting import sentences, split_sentences
from analysis.tokens.tokenizer import tokens
from analysis.tokens.wordlists import STOPWORDS

__all__ = [
    "STOPWORDS",
    "TokensError",
    "collocations",
    "keyness",
    "kwic",
    "ngrams",
    "sentences",
    "split_sentences",
    "term_frequencies",
    "tokens",
]
