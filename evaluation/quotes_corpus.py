"""Is any quotation counted twice? Duplicate and nesting counts of the quotes table on a corpus.

Usage: ``python evaluation/quotes_corpus.py [CORPUS]`` (default
``../shared/eval/corpus/ukraine_war_2022_2024.jsonl`` beside the repository; any path
:func:`analysis.articles.load_articles` reads).

Per article, the quotes table of :func:`analysis.quotes.quotes` (default registry) is checked for:

* nested rows: a row whose ``[start, end)`` lies inside another row's (e.g. a partial quote
  counted again inside the reported clause that holds it);
* quoted fragments claimed by two rows (the same ``(start, end)`` in two rows' ``fragments``);
* repeats: rows (not scare quotes) with the same words as an earlier row of the article; each
  must point to the first one (``repeat_of``) so voice share counts it once;
* speaker phrases that are only a conjunction ("and", "but").

"Counted twice" = nested rows + shared fragments + repeats without ``repeat_of``: 0 is the goal.
"""

from __future__ import annotations

import re
import sys
import time
import warnings
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis import actors, tokens  # noqa: E402
from analysis.articles import load_articles  # noqa: E402
from analysis.quotes import quotes, voice_share  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "eval" / "corpus" / "ukraine_war_2022_2024.jsonl"
_NOT_WORD = re.compile(r"[\W_]+")


def check(q) -> Counter:
    """Counts of one article's quotes table (see the module docstring)."""
    c: Counter = Counter()
    rows = list(zip(q["qid"], q["kind"], q["text"], q["start"], q["end"], strict=True))
    c["rows"] += len(rows)
    for _, kind, *_ in rows:
        c[f"kind {kind}"] += 1
    spans = sorted((int(s), -int(e), int(qid)) for qid, _, _, s, e in rows)
    reach = -1
    for _s, neg_e, _qid in spans:
        if -neg_e <= reach:
            c["nested rows"] += 1
        else:
            reach = -neg_e
    # a table from before fragments and repeat_of (for before/after runs): no fragments, no flags
    frag_col = q["fragments"] if "fragments" in q.columns else [((s, e),) for *_, s, e in rows]
    rep_col = q["repeat_of"] if "repeat_of" in q.columns else [-1] * len(rows)
    frags = Counter(f for fs in frag_col for f in fs)
    c["fragments"] += sum(frags.values())
    c["fragments in two rows"] += sum(n - 1 for n in frags.values() if n > 1)
    first: dict[str, int] = {}
    for (qid, kind, text, _, _), rep in zip(rows, rep_col, strict=True):
        key = _NOT_WORD.sub(" ", text).strip().lower()
        if kind == "scare" or not key:
            continue
        if key in first:
            c["repeats"] += 1
            c["repeats flagged" if rep == first[key] else "repeats not flagged"] += 1
        else:
            first[key] = qid
    for sp in q["speaker_surface"]:
        if isinstance(sp, str) and sp.lower() in ("and", "but", "or"):
            c["speaker is a conjunction"] += 1
    return c


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT
    if not path.exists():
        print(f"no corpus at {path}", file=sys.stderr)
        return 2
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        articles = load_articles(path)
    registry = actors.load_registry()
    total: Counter = Counter()
    voice_quotes = 0
    t0 = time.perf_counter()
    for art in articles:
        sents = tokens.sentences(art)
        mentions = actors.find_mentions(art, sents, registry)[0]
        q = quotes(art, sents, mentions, registry)
        total += check(q)
        voice_quotes += int(voice_share(q, mentions)["quotes"].sum()) if len(q) else 0
    took = time.perf_counter() - t0
    print(f"{path.name}: {len(articles)} articles ({took:.1f} s)")
    for key in sorted(total):
        print(f"  {key:28s} {total[key]:6d}")
    twice = total["nested rows"] + total["fragments in two rows"] + total["repeats not flagged"]
    print(f"  {'quotes counted by voice share':28s} {voice_quotes:6d}")
    print(f"counted twice: {twice}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
