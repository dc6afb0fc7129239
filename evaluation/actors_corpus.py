"""The actors of a corpus as an analyst first sees them: the most-mentioned discovered names, and more.

Runs ``analysis.actors.find_mentions`` (default registry, plus any ``--registry`` files) over every
article of a JSONL corpus and prints:

- the N most-mentioned *discovered* actors (names no registry knows, found from capitals), with
  their type, the number of mentions and of articles, and the cue that typed them: the list to
  read row by row for outlets, wars, treaties, page furniture and job titles that should not be actors;
- the N most-mentioned registry actors reached through each resolution route (``--routes``).

Usage: ``python evaluation/actors_corpus.py [CORPUS.jsonl] [--top N] [--registry FILE ...] [--routes]``
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis.actors import find_mentions, load_registry  # noqa: E402
from analysis.articles import load_articles  # noqa: E402
from analysis.tokens import sentences  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "eval" / "corpus" / "ukraine_war_2022_2024.jsonl"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=str(DEFAULT))
    ap.add_argument("--top", type=int, default=100)
    ap.add_argument("--registry", nargs="*", default=[])
    ap.add_argument("--routes", action="store_true", help="also list registry actors per route")
    args = ap.parse_args(argv)
    if not Path(args.corpus).is_file():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        articles = load_articles(args.corpus)
    reg = load_registry(args.registry)
    count: Counter[str] = Counter()
    docs: dict[str, set[str]] = defaultdict(set)
    info: dict[str, tuple[str, str]] = {}
    cues: dict[str, Counter[str]] = defaultdict(Counter)
    routes: dict[str, Counter[str]] = defaultdict(Counter)
    surfaces: dict[str, Counter[str]] = defaultdict(Counter)
    n_mentions = 0
    t0 = time.perf_counter()
    for art in articles:
        mentions, unresolved = find_mentions(art, sentences(art), reg)
        n_mentions += len(mentions)
        cue_of = dict(zip(unresolved["actor_id"], unresolved["cue"], strict=True))
        for aid, name, typ, how, surface in zip(
            mentions["actor_id"],
            mentions["name"],
            mentions["type"],
            mentions["resolved_by"],
            mentions["surface"],
            strict=True,
        ):
            routes[how][aid] += 1
            surfaces[aid][surface] += 1
            if aid in reg or how not in ("discovered", "short_form"):
                continue
            count[aid] += 1
            docs[aid].add(art.id)
            info.setdefault(aid, (name, typ))
            if aid in cue_of:
                cues[aid][cue_of[aid]] += 1
    elapsed = time.perf_counter() - t0
    n_disc = sum(count.values())
    print(
        f"corpus: {len(articles)} articles, {n_mentions:,} mentions, "
        f"{len(count):,} discovered actors ({n_disc:,} mentions), {elapsed:.1f} s"
    )
    print(f"\n{args.top} most-mentioned discovered actors (mentions, articles, type, name, first cue):")
    for k, (aid, n) in enumerate(sorted(count.items(), key=lambda x: (-x[1], x[0]))[: args.top], 1):
        name, typ = info[aid]
        cue = cues[aid].most_common(1)[0][0] if cues[aid] else ""
        print(f"{k:4d} {n:5d} {len(docs[aid]):4d}  {typ:<12} {name:<40} {cue}")
    if args.routes:
        for how in sorted(routes):
            top = sorted(routes[how].items(), key=lambda x: (-x[1], x[0]))[:25]
            print(f"\nroute {how}: {sum(routes[how].values()):,} mentions")
            for aid, n in top:
                surf = ", ".join(f"{s!r}" for s, _ in surfaces[aid].most_common(3))
                print(f"  {n:5d}  {aid:<28} {surf}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
