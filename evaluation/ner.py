"""Accuracy of actor mentions as named-entity spans on CoNLL-2003 (English dev split, IOB1 tags).

Each CoNLL document (split on ``-DOCSTART-``) becomes one article whose text is the tokens joined by
spaces, one sentence per line; the gold sentences are the lines. ``analysis.actors.find_mentions`` runs
with the default registry; actor types map to CoNLL types (person -> PER, organization/group -> ORG,
country/place -> LOC); demonym mentions are left out (CoNLL tags them MISC). Scoring is exact span
match. CoNLL keeps datelines ("LONDON 1996-08-30") in the text and tags them LOC, while our loader
cuts them into ``Article.dateline``: the dateline place is therefore scored as a LOC prediction.

Usage: ``python evaluation/ner.py [PATH] [--registry FILE ...] [--errors N]``
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis.actors import find_mentions, load_registry  # noqa: E402
from analysis.articles import Article, article_id, paragraph_spans  # noqa: E402

DEFAULT = ROOT / "../shared/eval/ner/conll2003_eng.testa"
TYPE_MAP = {"person": "PER", "organization": "ORG", "group": "ORG", "country": "LOC", "place": "LOC"}
TYPES = ("PER", "ORG", "LOC")
DATELINE = re.compile(r"^([A-Z][A-Z.'-]*(?: [A-Z][A-Z.'-]*)*)(?: ,)? \d{4}-\d{2}-\d{2}$")

Span = tuple[int, int, str]


def read_conll(path: Path) -> list[list[list[tuple[str, str]]]]:
    """Documents -> sentences -> (token, tag)."""
    docs: list[list[list[tuple[str, str]]]] = []
    sent: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts:
            if sent and docs:
                docs[-1].append(sent)
            sent = []
            continue
        if parts[0] == "-DOCSTART-":
            docs.append([])
            continue
        if not docs:
            docs.append([])
        sent.append((parts[0], parts[-1]))
    if sent and docs:
        docs[-1].append(sent)
    return [d for d in docs if d]


def build_doc(
    sents: list[list[tuple[str, str]]],
) -> tuple[str, list[tuple[int, int]], list[Span], list[Span]]:
    """Text (one sentence per line), sentence spans, gold spans (PER/ORG/LOC) and gold MISC spans."""
    pieces: list[str] = []
    pos = 0
    sent_spans: list[tuple[int, int]] = []
    gold: list[Span] = []
    for k, sent in enumerate(sents):
        if k:
            pieces.append("\n")
            pos += 1
        s0 = pos
        cur: list[int] | None = None  # [start, end, type]
        prev_type = None
        for t, (tok, tag) in enumerate(sent):
            if t:
                pieces.append(" ")
                pos += 1
            start, end = pos, pos + len(tok)
            pieces.append(tok)
            pos = end
            typ = tag[2:] if tag != "O" else None
            if typ is not None and (tag.startswith("B-") or typ != prev_type):
                if cur:
                    gold.append((cur[0], cur[1], cur[2]))
                cur = [start, end, typ]
            elif typ is not None and cur:
                cur[1] = end
            else:
                if cur:
                    gold.append((cur[0], cur[1], cur[2]))
                cur = None
            prev_type = typ
        if cur:
            gold.append((cur[0], cur[1], cur[2]))
        sent_spans.append((s0, pos))
    misc = [g for g in gold if g[2] == "MISC"]
    return "".join(pieces), sent_spans, [g for g in gold if g[2] != "MISC"], misc


def predict(text: str, sent_spans: list[tuple[int, int]], registry) -> list[Span]:
    """Predicted (start, end, CoNLL type) spans for one document."""
    article = Article(id=article_id(text), title="", text=text, paragraphs=paragraph_spans(text))
    sents = pd.DataFrame(
        {
            "sid": range(len(sent_spans)),
            "paragraph": range(len(sent_spans)),
            "start": [s for s, _ in sent_spans],
            "end": [e for _, e in sent_spans],
            "text": [text[s:e] for s, e in sent_spans],
        }
    )
    mentions, _ = find_mentions(article, sents, registry)
    out: list[Span] = []
    dateline_ends = []
    for s, e in sent_spans:
        m = DATELINE.match(text[s:e])
        if m:
            out.append((s, s + len(m.group(1)), "LOC"))
            dateline_ends.append((s, e))
    for r in mentions.itertuples(index=False):
        if r.resolved_by == "demonym" or any(s <= r.start < e for s, e in dateline_ends):
            continue
        out.append((r.start, r.end, TYPE_MAP.get(r.type, "ORG")))
    return out


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", default=str(DEFAULT))
    ap.add_argument("--registry", nargs="*", default=[], help="extra registry YAML files")
    ap.add_argument("--errors", type=int, default=0, help="print this many false positives / negatives")
    args = ap.parse_args(argv)
    path = Path(args.path)
    if not path.is_file():
        print(f"not found: {path}", file=sys.stderr)
        return 2
    registry = load_registry(args.registry)
    docs = read_conll(path)
    counts: Counter[str] = Counter()
    fps: list[tuple[str, str]] = []
    fns: list[tuple[str, str]] = []
    t0 = time.perf_counter()
    n_words = 0
    for sents in docs:
        text, sent_spans, gold, misc = build_doc(sents)
        n_words += sum(len(s) for s in sents)
        pred = predict(text, sent_spans, registry)
        gold_set, pred_set = set(gold), set(pred)
        gold_spans = {(s, e) for s, e, _ in gold}
        pred_spans = {(s, e) for s, e, _ in pred}
        misc_spans = {(s, e) for s, e, _ in misc}
        counts["gold"] += len(gold_set)
        counts["pred"] += len(pred_set)
        counts["tp"] += len(gold_set & pred_set)
        counts["u_gold"] += len(gold_spans)
        counts["u_pred"] += len(pred_spans)
        counts["u_tp"] += len(gold_spans & pred_spans)
        counts["on_misc"] += len(pred_spans & misc_spans)
        for t in TYPES:
            counts[f"{t}_gold"] += sum(1 for g in gold_set if g[2] == t)
            counts[f"{t}_pred"] += sum(1 for g in pred_set if g[2] == t)
            counts[f"{t}_tp"] += sum(1 for g in gold_set & pred_set if g[2] == t)
        fps += [
            (text[s:e], f"{t} (gold {'MISC' if (s, e) in misc_spans else 'O/other'})")
            for s, e, t in sorted(pred_set - gold_set)
        ]
        fns += [(text[s:e], t) for s, e, t in sorted(gold_set - pred_set)]
    secs = time.perf_counter() - t0
    print(
        f"CoNLL-2003 dev: {path.name}, {len(docs)} documents, {n_words} tokens, "
        f"{counts['gold']} PER/ORG/LOC gold entities; registry: {len(registry)} actors"
    )
    print(f"{'':10s} {'P':>6s} {'R':>6s} {'F1':>6s} {'gold':>6s} {'pred':>6s}")
    rows = [("typed", "tp", "pred", "gold"), ("untyped", "u_tp", "u_pred", "u_gold")]
    rows += [(t, f"{t}_tp", f"{t}_pred", f"{t}_gold") for t in TYPES]
    for label, tp, npred, ngold in rows:
        p, r, f = prf(counts[tp], counts[npred], counts[ngold])
        print(f"{label:10s} {p:6.3f} {r:6.3f} {f:6.3f} {counts[ngold]:6d} {counts[npred]:6d}")
    p, r, f = prf(counts["u_tp"], counts["u_pred"] - counts["on_misc"], counts["u_gold"])
    print(
        f"untyped, predictions on gold MISC spans not counted ({counts['on_misc']}):"
        f" P {p:.3f} R {r:.3f} F1 {f:.3f}"
    )
    print(f"speed: {n_words / secs:,.0f} tokens/s ({secs:.2f} s)")
    if args.errors:
        print("\nfalse positives (most frequent):")
        for (s, why), c in Counter(fps).most_common(args.errors):
            print(f"  {c:4d}  {s!r}  {why}")
        print("\nfalse negatives (most frequent):")
        for (s, t), c in Counter(fns).most_common(args.errors):
            print(f"  {c:4d}  {s!r}  {t}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
