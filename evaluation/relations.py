"""Accuracy of the events table (who does what to whom, PLOVER types) on a hand-annotated dev set.

Usage: ``python evaluation/relations.py [PATH] [--errors]`` (default
``../shared/eval/relations/relations_dev.jsonl`` beside the repository; its README holds the
annotation rules). Each line is one sentence taken verbatim from an article of
``../shared/eval/corpus/ukraine_war_2022_2024.jsonl`` (``line`` = its 0-based line) or from the seed
article (``path``). The whole article is analysed with :func:`analysis.analyze` (default registry),
so that a sentence's context (earlier full names, "the minister") is there as in real use; the
predictions for a sentence are the rows of ``events`` whose ``start``/``end`` span overlaps it.

Matching (the README's scoring): a prediction matches a gold event when its source and target
match and its type matches. An actor matches a gold name when the gold name or the gold
``*_country`` equals the actor's name, one of its aliases, or its affiliation's name or aliases
(case-insensitive; "the " dropped; Moscow/Kremlin = Russia, Washington/White House = United
States, Kyiv/Kiev = Ukraine). Symmetric gold events match either direction. Types: typed =
``type`` or an ``alt_types`` entry; quad = the quad of one of those (PROTEST may be scored as
either conflict quad); untyped = any type. Repeated predictions of one event count once; a
prediction matching only an ``optional`` gold event is neither right nor wrong.

Prints typed, quad and untyped precision/recall/F1, recall per quad, and the false positives on
negative sentences (sentences with no required event). ``--errors`` lists misses and false positives.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis.actors import Registry, load_registry  # noqa: E402
from analysis.articles import article_from_text, load_article  # noqa: E402
from analysis.events import QUAD_OF  # noqa: E402
from analysis.pipeline import analyze  # noqa: E402

DEFAULT = ROOT / "../shared/eval/relations/relations_dev.jsonl"
CORPUS = "../corpus/ukraine_war_2022_2024.jsonl"
QUADS = ("verbal cooperation", "material cooperation", "verbal conflict", "material conflict")
EQUAL = {
    "moscow": "russia",
    "kremlin": "russia",
    "russian federation": "russia",
    "washington": "united states",
    "white house": "united states",
    "us": "united states",
    "u.s.": "united states",
    "usa": "united states",
    "kyiv": "ukraine",
    "kiev": "ukraine",
    "nato": "nato",
    "north atlantic treaty organization": "nato",
    "eu": "european union",
    "uk": "united kingdom",
    "britain": "united kingdom",
    "great britain": "united kingdom",
}


def norm(name: Any) -> str:
    """Comparable form of a name: lower case, no accents, no leading "the", metonyms folded."""
    if not isinstance(name, str):
        return ""
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower().strip()
    s = s.replace("’", "'")
    if s.startswith("the "):
        s = s[4:]
    return EQUAL.get(s, s)


def actor_names(actor_id: Any, reg: Registry, mention_names: dict[Any, str]) -> set[str]:
    """Every comparable name of an actor: its own, its aliases, its affiliation's."""
    out = {norm(actor_id), norm(mention_names.get(actor_id))}
    seen: set[str] = set()
    aid = actor_id
    while isinstance(aid, str) and aid in reg and aid not in seen:
        seen.add(aid)
        a = reg[aid]
        out |= {norm(a.name), *(norm(x) for x in a.aliases), *(norm(x) for x in a.metonyms)}
        aid = a.affiliation
    out.discard("")
    return out


def gold_names(ev: dict[str, Any], side: str) -> set[str]:
    return {norm(ev.get(side)), norm(ev.get(f"{side}_country"))} - {""}


def types_of(ev: dict[str, Any]) -> set[str]:
    return {ev["type"], *ev.get("alt_types", [])}


def quads_of(ev: dict[str, Any]) -> set[str]:
    out = {QUAD_OF.get(t, ev["quad"]) for t in types_of(ev)} | {ev["quad"]}
    if "PROTEST" in types_of(ev):
        out |= {"verbal conflict", "material conflict"}
    return out


def matches(pred: tuple[set[str], set[str], str], ev: dict[str, Any], mode: str) -> bool:
    """Whether a prediction (source names, target names, type) matches gold event ``ev``."""
    src, tgt, typ = pred
    gs, gt = gold_names(ev, "source"), gold_names(ev, "target")
    ok = (src & gs and tgt & gt) or (ev.get("symmetric") and src & gt and tgt & gs)
    if not ok:
        return False
    if mode == "typed":
        return typ in types_of(ev)
    if mode == "quad":
        return QUAD_OF.get(typ) in quads_of(ev) or (typ == "PROTEST" and bool(quads_of(ev) & set(QUADS[2:])))
    return True


def load_items(path: Path) -> list[tuple[dict[str, Any], Any]]:
    """Dev items with their article (loaded once per article)."""
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    corpus_path = path.parent / CORPUS
    lines: list[str] | None = None
    cache: dict[Any, Any] = {}
    out = []
    for it in items:
        key = (it["article"], it.get("line"))
        if key not in cache:
            if it.get("line") is None:
                cache[key] = load_article(ROOT / it["path"])
            else:
                if lines is None:
                    lines = corpus_path.read_text(encoding="utf-8").splitlines()
                rec = json.loads(lines[it["line"]])
                cache[key] = article_from_text(
                    rec["text"], title=rec.get("title") or "", date=rec.get("date")
                )
        out.append((it, cache[key]))
    return out


def evaluate(path: Path, *, show_errors: bool = False) -> dict[str, Any]:
    reg = load_registry()
    items = load_items(path)
    analyses: dict[str, Any] = {}
    t0 = time.perf_counter()
    counts = {m: Counter() for m in ("typed", "quad", "untyped")}
    quad_hits: Counter[str] = Counter()
    quad_all: Counter[str] = Counter()
    neg_fp = 0
    n_neg = 0
    errors: list[str] = []
    for it, art in items:
        a = analyses.get(art.id)
        if a is None:
            a = analyses[art.id] = analyze(art, registry=reg)
        s = art.text.find(it["sentence"])
        if s < 0:
            raise SystemExit(f"sentence not found in its article: {it['sentence'][:60]!r}")
        e = s + len(it["sentence"])
        ev = a.events
        names = dict(zip(a.mentions["actor_id"], a.mentions["name"], strict=True))
        rows = ev[(ev["start"] < e) & (ev["end"] > s)]
        preds = sorted(set(zip(rows["source"], rows["target"], rows["plover"], strict=True)), key=str)
        cand = [(actor_names(x, reg, names), actor_names(y, reg, names), t) for x, y, t in preds]
        gold = it["events"]
        required = [g for g in gold if not g.get("optional")]
        negative = not required
        n_neg += negative
        for mode, c in counts.items():
            for g in required:
                if any(matches(p, g, mode) for p in cand):
                    c["tp"] += 1
                    if mode == "typed":
                        quad_hits[g["quad"]] += 1
                else:
                    c["fn"] += 1
                    if mode == "typed" and show_errors:
                        errors.append(
                            f"MISS {g['source']} -> {g['target']} {g['type']}: {it['sentence'][:90]}"
                        )
            for p, raw in zip(cand, preds, strict=True):
                if not any(matches(p, g, mode) for g in gold):
                    c["fp"] += 1
                    if mode == "typed" and negative:
                        neg_fp += 1
                    if mode == "typed" and show_errors:
                        errors.append(f"FP   {raw[0]} -> {raw[1]} {raw[2]}: {it['sentence'][:90]}")
        for g in required:
            quad_all[g["quad"]] += 1
    secs = time.perf_counter() - t0
    result: dict[str, Any] = {
        "sentences": len(items),
        "negatives": n_neg,
        "negative_fp": neg_fp,
        "seconds": secs,
    }
    for mode, c in counts.items():
        tp, fp, fn = c["tp"], c["fp"], c["fn"]
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        result[mode] = {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": f}
    result["quad_recall"] = {
        q: (quad_hits[q] / quad_all[q] if quad_all[q] else float("nan"), quad_all[q]) for q in QUADS
    }
    result["errors"] = errors
    return result


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("path", nargs="?", default=str(DEFAULT))
    ap.add_argument("--errors", action="store_true", help="list misses and false positives")
    args = ap.parse_args(argv)
    r = evaluate(Path(args.path), show_errors=args.errors)
    print(f"Events (PLOVER) on {Path(args.path).name}: {r['sentences']} sentences, {r['negatives']} negative")
    for mode in ("typed", "quad", "untyped"):
        m = r[mode]
        print(
            f"  {mode:8s} P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}"
            f"   (tp {m['tp']}, fp {m['fp']}, fn {m['fn']})"
        )
    print("  recall per quad (typed match):")
    for q, (rec, n) in r["quad_recall"].items():
        print(f"    {q:22s} {rec:.3f}  of {n}")
    print(f"  false positives on negative sentences: {r['negative_fp']}")
    print(f"  ({r['seconds']:.1f} s for analyze())")
    for line in r["errors"]:
        print(line)


if __name__ == "__main__":
    main()
