"""Accuracy of the project's VADER scoring against the human ratings of the VADER paper.

Usage: ``python evaluation/sentiment.py [DATA_DIR]`` (default ``../shared/eval/sentiment``
beside the repository). Each ``*.tsv`` file holds ``id<TAB>mean_rating<TAB>text`` with the
mean of 20 human ratings on -4..+4.

For every file and every scoring it prints n, Pearson r between the VADER compound and the
human mean, and 3-class (positive / negative / neutral) precision, recall and F1:
gold label = human mean / 4 with thresholds +-0.05, predicted label = compound with +-0.05.
Both macro averages (unweighted over the three classes) and weighted averages (by gold
support) are printed, plus accuracy (= micro-averaged P = R = F1).

Scorings:
- ``whole``: one VADER call on the whole snippet (as in the paper);
- ``sentences``: the snippet split into sentences, mean of the sentence compounds (how the
  project scores an article).
Each is shown with plain VADER and with the project's default lexicon (amendments from
``analysis/data/lexicon_changes.tsv`` applied), when there are amendments.

Published reference (paper, Table 4, NYT editorials): r = 0.492, P 0.69, R 0.49, F1 0.55.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis import sentiment  # noqa: E402

DEFAULT_DIR = ROOT / "../shared/eval/sentiment"
CLASSES = ("positive", "negative", "neutral")
_FALLBACK_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Z0-9])")


def _splitter() -> tuple[str, Callable[[str], list[str]]]:
    """The project's sentence splitter if it exists, else a simple regex."""
    try:
        from analysis.tokens import split_sentences
    except ImportError:
        return "regex fallback", lambda t: [s for s in _FALLBACK_SPLIT.split(t.strip()) if s]
    return "analysis.tokens.split_sentences", lambda t: [t[a:b] for a, b in split_sentences(t)] or [t]


def read_tsv(path: Path) -> tuple[list[str], np.ndarray]:
    """Texts and human means of one ground-truth file."""
    texts, gold = [], []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        fields = line.split("\t")
        if len(fields) < 3:
            continue
        gold.append(float(fields[1]))
        texts.append("\t".join(fields[2:]))
    return texts, np.array(gold)


def metrics(pred: np.ndarray, gold_mean: np.ndarray) -> dict[str, float]:
    """Pearson r and 3-class precision / recall / F1 (macro and weighted) and accuracy."""
    gold_lab = [sentiment.label(g / 4.0) for g in gold_mean]
    pred_lab = [sentiment.label(p) for p in pred]
    out = {"n": len(pred), "r": float(np.corrcoef(pred, gold_mean)[0, 1])}
    per = {}
    for c in CLASSES:
        tp = sum(1 for g, p in zip(gold_lab, pred_lab, strict=True) if g == c and p == c)
        n_pred = sum(1 for p in pred_lab if p == c)
        n_gold = sum(1 for g in gold_lab if g == c)
        prec = tp / n_pred if n_pred else 0.0
        rec = tp / n_gold if n_gold else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[c] = (prec, rec, f1, n_gold)
    total = sum(v[3] for v in per.values())
    for i, name in enumerate(("p", "r_", "f1")):
        out[f"macro_{name}"] = sum(v[i] for v in per.values()) / len(CLASSES)
        out[f"weighted_{name}"] = sum(v[i] * v[3] for v in per.values()) / total
    out["acc"] = sum(1 for g, p in zip(gold_lab, pred_lab, strict=True) if g == p) / len(pred)
    return out


def score_all(texts: list[str], score: Callable[[str], float], split: Callable[[str], list[str]] | None):
    """Compound per text: one call on the whole text, or the mean over its sentences."""
    if split is None:
        return np.array([score(t) for t in texts])
    return np.array([float(np.mean([score(s) for s in split(t)])) for t in texts])


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    data_dir = Path(args[0]) if args else DEFAULT_DIR
    files = sorted(data_dir.glob("*.tsv"))
    if not files:
        print(f"no *.tsv files in {data_dir}", file=sys.stderr)
        return 1
    split_name, split = _splitter()
    plain = sentiment.analyzer(False)
    default = sentiment.analyzer()
    n_changes = len(sentiment.lexicon_changes())
    lexicons = [("plain", plain)]
    if n_changes:
        lexicons.append(("default", default))
    print(f"data: {data_dir.resolve()}")
    print(f"sentence splitter: {split_name}; lexicon amendments in default: {n_changes}")
    print("labels: gold = human mean/4, predicted = compound; thresholds +-0.05")
    print("macro = unweighted mean over positive/negative/neutral; weighted = by gold support; acc = micro")
    header = (
        f"{'file':<38} {'lexicon':<8} {'scoring':<10} {'n':>6} {'r':>6} "
        f"{'mP':>5} {'mR':>5} {'mF1':>5} {'wP':>5} {'wR':>5} {'wF1':>5} {'acc':>5}"
    )
    print(header)
    print("-" * len(header))
    for path in files:
        texts, gold = read_tsv(path)
        for lex_name, an in lexicons:
            cache: dict[str, float] = {}

            def score(t: str, an=an, cache=cache) -> float:
                if t not in cache:
                    cache[t] = an.polarity_scores(t)["compound"]
                return cache[t]

            for scoring, sp in (("whole", None), ("sentences", split)):
                m = metrics(score_all(texts, score, sp), gold)
                cells = [m[k] for k in ("macro_p", "macro_r_", "macro_f1", "weighted_p", "weighted_r_")]
                cells += [m["weighted_f1"], m["acc"]]
                print(
                    f"{path.stem:<38} {lex_name:<8} {scoring:<10} {m['n']:>6} {m['r']:>6.3f} "
                    + " ".join(f"{c:>5.2f}" for c in cells)
                )
    print("reference (paper, NYT editorials, whole text): r 0.492, P 0.69, R 0.49, F1 0.55")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
