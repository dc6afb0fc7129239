"""Benchmark: words/s and ms/article of analyze() on the 447-article corpus, single process.

Reference in the same run: NLTK's VADER alone (fresh analyzer, no memo) on the same
sentences, its passes alternating with analyze()'s. Prints the ratio of the best passes, the
ratio within each round, and the peak RSS of this process.

    .venv/bin/python bench/analyze_speed.py [CORPUS.jsonl] [--repeat N] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import resource
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT = ROOT.parent / "shared" / "eval" / "corpus" / "ukraine_war_2022_2024.jsonl"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=str(DEFAULT))
    ap.add_argument("--repeat", type=int, default=3, help="timed passes; the best is reported")
    ap.add_argument("--profile", action="store_true", help="print the top functions of one pass")
    args = ap.parse_args()

    from nltk.sentiment.vader import SentimentIntensityAnalyzer

    from analysis import sentiment
    from analysis.actors import load_registry
    from analysis.articles import load_articles
    from analysis.pipeline import analyze
    from analysis.tokens import sentences

    t0 = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        articles = load_articles(args.corpus)
    t_load = time.perf_counter() - t0
    words = sum(a.n_words for a in articles)
    print(
        f"corpus: {len(articles)} articles, {words:,} words ({len(caught)} lines skipped), "
        f"loaded in {t_load:.2f} s"
    )

    registry = load_registry()
    analyze(articles[0], registry=registry)  # warm caches that a long-lived process keeps

    def one_pass() -> float:
        sentiment.clear_cache()
        t = time.perf_counter()
        for art in articles:
            analyze(art, registry=registry)
        return time.perf_counter() - t

    # Reference: NLTK's own VADER code (SentimentIntensityAnalyzer.polarity_scores, the
    # unmodified method), same lexicon, no memo, on the same sentences.
    texts = [s for art in articles for s in sentences(art)["text"]]
    vader = sentiment.analyzer()
    nltk_scores = SentimentIntensityAnalyzer.polarity_scores

    def vader_pass() -> float:
        t = time.perf_counter()
        for s in texts:
            nltk_scores(vader, s)
        return time.perf_counter() - t

    # the passes alternate (analyze, VADER, analyze, ...), so that a drift of the machine's speed
    # (shared with other work) weighs on both sides of the ratio alike
    rounds = [(one_pass(), vader_pass()) for _ in range(args.repeat)]
    best = min(a for a, _ in rounds)
    t_vader = min(v for _, v in rounds)
    print(
        f"analyze():   {words / best:>10,.0f} words/s   {1000 * best / len(articles):6.2f} ms/article "
        f"(best of {args.repeat}, sentiment memo cleared before each pass)"
    )
    print(
        f"VADER alone: {words / t_vader:>10,.0f} words/s   {1000 * t_vader / len(articles):6.2f} ms/article "
        f"({len(texts):,} sentences, best of {args.repeat})"
    )
    print(f"ratio analyze()/VADER-alone speed: {t_vader / best:.2f}")
    print("ratio in each round (analyze, then VADER): " + " ".join(f"{v / a:.2f}" for a, v in rounds))
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")

    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        for art in articles:
            analyze(art, registry=registry)
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
