"""Accuracy of quote detection and speaker attribution on PolNeAR (brat attribution relations).

Usage: ``python evaluation/quotes.py [DIR]`` (default ``../shared/eval/quotes/polnear/dev`` beside
the repository). ``DIR`` holds ``text/<stem>.txt`` (first line = title) and
``attributions/<stem>_<annotator>.ann`` (brat standoff: SOURCE, CUE, CONTENT spans and
``Attribution`` / ``Attribution-no-source`` events; character offsets into the .txt, including
the title line). Some articles have several annotators' files: the first file in sorted
filename order (i.e. the smallest annotator suffix) is used, always.

The article is built from the raw .txt without cleaning (so gold offsets stay valid), then
``analysis.tokens.sentences``, ``analysis.actors.find_mentions`` (default registry) and
``analysis.quotes.quotes`` run on it.

Units. Gold: one attribution = its CONTENT fragments (discontinuous contents are several
fragments), with quotation marks, surrounding spaces and trailing commas trimmed. Predicted:
consecutive quotation rows (not indirect) of the quotes table attributed to the same speaker
phrase (same speaker_start/end) form one unit (e.g. ``“A,” he said, “B.”``); unattributed rows are units of
their own; a reported clause is always a unit of its own (a speaker's coordinated or
participle cues, "X said A, adding that B", are separate attributions). A partial quote inside
a reported clause is not a row but one of the clause's
``fragments``: for direct quotations the units are made of fragments (verbatim spans) instead
of rows.

Match: a predicted unit matches a gold unit when the characters they share are at least 50% of
the longer of the two (sum of fragment lengths); one-to-one, greedy by overlap.

Two evaluations:

* ``direct``: gold = attributions whose CONTENT begins with a quotation mark; predicted = the
  quoted fragments of every row but scare quotes. A predicted unit lying (>= 50% of its characters) inside the
  content of a gold *indirect* attribution is a partial quote embedded in reported speech: it is
  neither a true nor a false positive and is counted separately ("embedded").
* ``all``: gold = every attribution; predicted = every row except scare quotes.

Speaker accuracy, over matched pairs whose gold attribution has a SOURCE: correct when the
predicted speaker phrase overlaps the gold SOURCE span, or when the predicted speaker actor is
the actor of a mention overlapping the gold SOURCE (the same person named elsewhere).

Targets (issue 4): direct F1 >= 0.85, speaker accuracy >= 0.80.
"""

from __future__ import annotations

import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis.articles import Article, article_id, paragraph_spans  # noqa: E402
from analysis.quotes import quotes  # noqa: E402

DEFAULT_DIR = ROOT / "../shared/eval/quotes/polnear/dev"
_QUOTE_START = re.compile(r"\s*(?:''|``|[\"“‘'«])")
_TRIM = "\"“”‘’'`«» \n\t,"
CRITERION = (
    "match: shared characters >= 50% of the longer unit (fragment lengths summed), "
    "one-to-one greedy by overlap"
)

Span = tuple[int, int]


@dataclass
class Gold:
    content: list[Span]
    sources: list[Span]
    direct: bool


def _spans(field: str) -> list[Span]:
    out = []
    for part in field.split(";"):
        a, b = part.split()
        out.append((int(a), int(b)))
    return out


def _trim(text: str, s: int, e: int) -> Span:
    while s < e and text[s] in _TRIM:
        s += 1
    while e > s and text[e - 1] in _TRIM:
        e -= 1
    return s, e


def parse_ann(ann: str, text: str) -> list[Gold]:
    """Attributions of one brat file: content fragments, source spans, direct flag."""
    spans: dict[str, list[Span]] = {}
    events: list[dict[str, str]] = []
    for line in ann.splitlines():
        if line.startswith("T"):
            tid, mid, _ = line.split("\t", 2)
            _, rest = mid.split(" ", 1)
            spans[tid] = _spans(rest)
        elif line.startswith("E"):
            _, body = line.split("\t", 1)
            roles: dict[str, str] = {}
            for item in body.split():
                role, tid = item.split(":", 1)
                roles.setdefault(role.rstrip("0123456789"), tid)
            events.append(roles)
    out = []
    for ev in events:
        content = sorted(spans.get(ev.get("Content", ""), []))
        if not content:
            continue
        first = content[0]
        direct = bool(_QUOTE_START.match(text, first[0]))
        frags = [f for f in (_trim(text, a, b) for a, b in content) if f[1] > f[0]]
        sources = spans.get(ev.get("Source", ""), [])
        out.append(Gold(frags, sources, direct))
    return out


def _overlap(a: list[Span], b: list[Span]) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _length(a: list[Span]) -> int:
    return sum(e - s for s, e in a)


def predicted_units(q: pd.DataFrame, kinds: tuple[str, ...], *, verbatim: bool = False) -> list[dict]:
    """Group consecutive rows (or, with ``verbatim``, their quoted fragments) with the same
    speaker phrase into units."""
    rows = q[q["kind"].isin(kinds)]
    units: list[dict] = []
    for kind, s, e, ss, se, spk, frags in zip(
        rows["kind"],
        rows["start"],
        rows["end"],
        rows["speaker_start"],
        rows["speaker_end"],
        rows["speaker"],
        rows["fragments"],
        strict=True,
    ):
        key = (int(ss), int(se)) if ss >= 0 else None
        quote = kind != "indirect"
        for a, b in frags if verbatim else [(s, e)]:
            if (
                units
                and key is not None
                and units[-1]["key"] == key
                and (verbatim or quote and units[-1]["quote"])
            ):
                units[-1]["spans"].append((int(a), int(b)))
            else:
                units.append({"key": key, "spans": [(int(a), int(b))], "speaker": spk, "quote": quote})
    return units


def match(pred: list[dict], gold: list[Gold]) -> list[tuple[int, int]]:
    """One-to-one greedy matching by overlap; pairs meet the 50%-of-the-longer criterion."""
    cands = []
    for i, p in enumerate(pred):
        lp = _length(p["spans"])
        for j, g in enumerate(gold):
            ov = _overlap(p["spans"], g.content)
            if ov and ov >= 0.5 * max(lp, _length(g.content)):
                cands.append((-ov, i, j))
    cands.sort()
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in cands:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


def speaker_ok(p: dict, g: Gold, mentions: pd.DataFrame) -> bool:
    """Predicted speaker phrase overlaps the gold SOURCE, or names the same actor."""
    if p["key"] is not None and _overlap([p["key"]], g.sources) > 0:
        return True
    if p["speaker"] is None or not len(mentions):
        return False
    for s, e in g.sources:
        hit = mentions[(mentions["start"] < e) & (mentions["end"] > s)]
        if (hit["actor_id"] == p["speaker"]).any():
            return True
    return False


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def load(stem_dir: Path) -> list[tuple[str, str, str]]:
    """(stem, text, ann) per article; first annotator file in sorted order."""
    out = []
    anns = sorted((stem_dir / "attributions").glob("*.ann"))
    for txt in sorted((stem_dir / "text").glob("*.txt")):
        mine = [a for a in anns if a.name.rsplit("_", 1)[0] == txt.stem]
        if not mine:
            continue
        out.append((txt.stem, txt.read_text(encoding="utf-8"), mine[0].read_text(encoding="utf-8")))
    return out


def main(argv: list[str]) -> int:
    data = Path(argv[1]) if len(argv) > 1 else DEFAULT_DIR
    if not (data / "text").is_dir():
        print(f"no PolNeAR data at {data}", file=sys.stderr)
        return 2
    from analysis import actors, tokens

    registry = actors.load_registry()

    stats = {
        k: {"tp": 0, "pred": 0, "gold": 0, "embedded": 0, "spk_n": 0, "spk_ok": 0} for k in ("direct", "all")
    }
    n_words = 0
    t_quotes = 0.0
    articles = load(data)
    for stem, text, ann in articles:
        title = text.split("\n", 1)[0].strip()
        art = Article(
            id=article_id(text), title=title, text=text, paragraphs=paragraph_spans(text), path=stem
        )
        n_words += art.n_words
        sents = tokens.sentences(art)
        mentions = actors.find_mentions(art, sents, registry)[0]
        t0 = time.perf_counter()
        q = quotes(art, sents, mentions, registry)
        t_quotes += time.perf_counter() - t0
        gold_all = parse_ann(ann, text)
        for mode in ("direct", "all"):
            st = stats[mode]
            if mode == "direct":
                gold = [g for g in gold_all if g.direct]
                pred = predicted_units(q, ("direct", "partial", "indirect"), verbatim=True)
                indirect = [g for g in gold_all if not g.direct]
                kept = []
                for p in pred:
                    lp = _length(p["spans"])
                    if any(_overlap(p["spans"], g.content) >= 0.5 * lp for g in indirect) and not any(
                        _overlap(p["spans"], g.content) for g in gold
                    ):
                        st["embedded"] += 1
                    else:
                        kept.append(p)
                pred = kept
            else:
                gold = gold_all
                pred = predicted_units(q, ("direct", "partial", "indirect"))
            pairs = match(pred, gold)
            st["tp"] += len(pairs)
            st["pred"] += len(pred)
            st["gold"] += len(gold)
            for i, j in pairs:
                if gold[j].sources:
                    st["spk_n"] += 1
                    st["spk_ok"] += speaker_ok(pred[i], gold[j], mentions)

    print(
        f"PolNeAR {data.resolve().name}: {len(articles)} articles, {n_words} words "
        "(first annotator file per article in sorted filename order)"
    )
    print(CRITERION)
    for mode, label in (
        (
            "direct",
            "direct quotations (gold CONTENT begins with a quotation mark; predicted kind direct/partial)",
        ),
        ("all", "all attributions (direct + indirect; predicted all but scare)"),
    ):
        st = stats[mode]
        p, r, f = _prf(st["tp"], st["pred"], st["gold"])
        acc = st["spk_ok"] / st["spk_n"] if st["spk_n"] else 0.0
        print(f"\n[{mode}] {label}")
        print(
            f"  gold {st['gold']}  predicted {st['pred']}  matched {st['tp']}"
            + (f"  embedded-in-indirect (not scored) {st['embedded']}" if mode == "direct" else "")
        )
        print(f"  precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}")
        print(f"  speaker accuracy {acc:.3f} ({st['spk_ok']}/{st['spk_n']} matched with a gold SOURCE)")
    rate = n_words / max(t_quotes, 1e-9)
    print(f"\nquotes() time: {t_quotes:.2f} s for {n_words} words ({rate:,.0f} words/s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
