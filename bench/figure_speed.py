"""Benchmark: CPU seconds to build and render the report figures (target <= ~1.8 s per article report).

Analyses the seed article, then builds each of the 14 figures of notebooks/article_report.ipynb
(same calls, top_n=15, min_mentions=2) and renders it to PNG with :func:`analysis.figures.png_bytes`,
timing build and render separately with ``time.process_time`` (one warm-up pass first, so imports,
font caches and colormaps are not counted). Optionally does the same for the figures of
notebooks/corpus_report.ipynb on a corpus (``--corpus``), and writes every PNG to a folder (``--save``)
for looking at them.

    .venv/bin/python bench/figure_speed.py [--corpus [PATH]] [--save DIR] [--repeat N]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import analyze, corpus, tokens  # noqa: E402
from analysis import figures as F  # noqa: E402
from analysis import report as R  # noqa: E402

SEED = ROOT / "seeds" / "000_8edc49b2fd314639.txt"
DEFAULT_CORPUS = ROOT / ".." / "shared" / "eval" / "corpus" / "ukraine_war_2022_2024.jsonl"
TOP_N = 15
MIN_MENTIONS = 2

Calls = list[tuple[str, Callable[[], object]]]


def article_calls(path: Path) -> Calls:
    """The figure calls of the article report, on the analysis of ``path``."""
    a = analyze(str(path))
    terms = tokens.term_frequencies(a.tokens)
    bigrams = tokens.ngrams(a.tokens, 2)
    edges, nodes = R.cooccurrence_tables(a)
    aff_edges, aff_nodes = R.affiliation_tables(a)
    return [
        ("top-terms", lambda: F.plot_top_terms(terms, top_n=TOP_N)),
        ("top-bigrams", lambda: F.plot_top_bigrams(bigrams, top_n=TOP_N)),
        ("tone-arc", lambda: F.plot_tone_arc(a.tone_arc, a.sentences)),
        ("tone-distribution", lambda: F.plot_tone_distribution(a.sentiment)),
        ("actor-mentions", lambda: F.plot_mentions_by_type(a.actors, top_n=TOP_N)),
        ("actor-dispersion", lambda: F.plot_actor_dispersion(a.mentions, len(a.article.text), top_n=TOP_N)),
        ("actor-tone", lambda: F.plot_actor_tone(a.actors, min_mentions=MIN_MENTIONS, top_n=TOP_N)),
        ("cooccurrence-heatmap", lambda: F.plot_cooccurrence_heatmap(edges, nodes, top_n=TOP_N)),
        ("cooccurrence-network", lambda: F.plot_cooccurrence_network(edges, nodes, top_n=TOP_N)),
        ("affiliation-network", lambda: F.plot_affiliation_network(aff_edges, aff_nodes, top_n=TOP_N)),
        ("voice-share", lambda: F.plot_voice_share(a.voice, top_n=TOP_N)),
        ("speaker-tone", lambda: F.plot_speaker_tone(a.quotes, top_n=TOP_N)),
        ("relation-network", lambda: F.plot_relation_network(a.relations, a.actors, top_n=TOP_N)),
        ("speaker-target-matrix", lambda: F.plot_speaker_target_matrix(a.relations, a.actors, top_n=TOP_N)),
    ]


def corpus_calls(path: Path) -> Calls:
    """The figure calls of the corpus report, on the corpus at ``path``."""
    c = corpus.analyze_corpus(str(path))
    articles = corpus.overview(c)
    actors = corpus.corpus_actors(c)
    mentions = corpus.actor_mentions(c)
    pairs = corpus.top_pairs(c, top_n=TOP_N)
    edges = corpus.corpus_edges(c)
    voice = corpus.corpus_voice(c)
    quotes = corpus.corpus_quotes(c)
    relations = corpus.corpus_relations(c)
    return [
        ("tone-per-article", lambda: F.plot_corpus_tone(articles)),
        ("actor-mentions", lambda: F.plot_mentions_by_type(actors, top_n=TOP_N)),
        ("mentions-across", lambda: F.plot_corpus_actor_mentions(mentions, articles, top_n=TOP_N)),
        ("actor-tone", lambda: F.plot_actor_tone(actors, min_mentions=MIN_MENTIONS, top_n=TOP_N)),
        ("top-pairs", lambda: F.plot_top_pairs(pairs, top_n=TOP_N)),
        ("cooccurrence-network", lambda: F.plot_cooccurrence_network(edges, actors, top_n=TOP_N)),
        ("cooccurrence-heatmap", lambda: F.plot_cooccurrence_heatmap(edges, actors, top_n=TOP_N)),
        ("voice-share", lambda: F.plot_voice_share(voice, top_n=TOP_N)),
        ("speaker-tone", lambda: F.plot_speaker_tone(quotes, top_n=TOP_N)),
        ("relation-network", lambda: F.plot_relation_network(relations, actors, top_n=TOP_N)),
        ("speaker-target-matrix", lambda: F.plot_speaker_target_matrix(relations, actors, top_n=TOP_N)),
    ]


def time_calls(label: str, calls: Calls, save: Path | None, repeat: int) -> float:
    """Warm up, then time build and render of each call (best of ``repeat``); print and return the total."""
    for name, make in calls:
        png = F.png_bytes(make())
        if save is not None:
            (save / f"{label}-{name}.png").write_bytes(png)
    print(f"{label} figures (CPU seconds, best of {repeat}):")
    tot_b = tot_r = 0.0
    for name, make in calls:
        best_b = best_r = float("inf")
        for _ in range(repeat):
            t0 = time.process_time()
            fig = make()
            t1 = time.process_time()
            F.png_bytes(fig)
            t2 = time.process_time()
            best_b, best_r = min(best_b, t1 - t0), min(best_r, t2 - t1)
        tot_b += best_b
        tot_r += best_r
        print(f"  {name:24s} build {best_b:.3f}  render {best_r:.3f}")
    total = tot_b + tot_r
    print(f"{label} TOTAL build {tot_b:.2f}  render {tot_r:.2f}  = {total:.2f} s for {len(calls)} figures")
    return total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--article", type=Path, default=SEED, help="article analysed (default: the seed)")
    ap.add_argument(
        "--corpus", type=Path, nargs="?", const=DEFAULT_CORPUS, default=None, help="also time corpus figures"
    )
    ap.add_argument("--save", type=Path, default=None, help="write every PNG into this folder")
    ap.add_argument("--repeat", type=int, default=1, help="timed runs per figure (best is kept)")
    args = ap.parse_args(argv)
    F.apply_style()
    if args.save is not None:
        args.save.mkdir(parents=True, exist_ok=True)
    time_calls("article", article_calls(args.article), args.save, args.repeat)
    if args.corpus is not None:
        time_calls("corpus", corpus_calls(args.corpus), args.save, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
