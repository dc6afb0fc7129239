"""Sentence splitting against the Pragmatic Segmenter "Golden Rules" (English).

Usage: ``python evaluation/sentences.py [PATH]`` (default
``../shared/eval/sentences/golden_rules_en.jsonl`` beside the repository). Each line is
``{rule, name, input, expected: [...]}``.

The inputs keep the escapes of the original Ruby test source (a literal backslash-n for a
line break, backslash-quote for a quote); they are decoded before splitting.

A rule passes when the produced sentences equal the expected list after normalising
whitespace (runs of whitespace -> one space, stripped). Boundary precision / recall / F1
are micro-averaged over all rules: a boundary is the end offset of a sentence other than
the last, counted in the text with all whitespace removed (so that "cold \\nnight" and
"cold night" agree). The untrained NLTK Punkt splitter is printed as a baseline.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis.tokens import split_sentences  # noqa: E402

DEFAULT_PATH = ROOT / "../shared/eval/sentences/golden_rules_en.jsonl"
_ESCAPES = {"\\n": "\n", "\\t": "\t", '\\"': '"', "\\'": "'"}

Splitter = Callable[[str], list[str]]


def decode(raw: str) -> str:
    """Undo the Ruby-source escapes kept in the inputs."""
    for esc, char in _ESCAPES.items():
        raw = raw.replace(esc, char)
    return raw


def load_rules(path: Path) -> list[dict]:
    """The rules of a Golden Rules JSONL file, inputs decoded."""
    rules = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rule = json.loads(line)
            rule["input"] = decode(rule["input"])
            rules.append(rule)
    return rules


def _norm(s: str) -> str:
    return " ".join(s.split())


def _boundaries(sents: list[str]) -> set[int]:
    """Sentence-end offsets (except the last) in whitespace-free coordinates."""
    out, pos = set(), 0
    for s in sents[:-1]:
        pos += len("".join(s.split()))
        out.add(pos)
    return out


def evaluate(rules: list[dict], split: Splitter) -> tuple[list[str], int, int, int]:
    """(failed rule names, true positives, predicted boundaries, gold boundaries)."""
    failed, tp, n_pred, n_gold = [], 0, 0, 0
    for rule in rules:
        got = [_norm(s) for s in split(rule["input"]) if s.strip()]
        want = [_norm(s) for s in rule["expected"]]
        if got != want:
            failed.append(f"{rule['rule']}. {rule['name']}")
        pb, gb = _boundaries(got), _boundaries(want)
        tp += len(pb & gb)
        n_pred += len(pb)
        n_gold += len(gb)
    return failed, tp, n_pred, n_gold


def report(label: str, rules: list[dict], split: Splitter, *, list_failures: bool = True) -> None:
    """Print the pass rate, boundary P/R/F1 and failed rules of one splitter."""
    failed, tp, n_pred, n_gold = evaluate(rules, split)
    n = len(rules)
    passed = n - len(failed)
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(f"[{label}]")
    print(f"Golden Rules: {passed}/{n} passed ({100 * passed / n:.1f}%)")
    print(f"Boundary P/R/F1: {p:.3f} / {r:.3f} / {f1:.3f}  (tp={tp}, predicted={n_pred}, gold={n_gold})")
    if list_failures:
        print("Failed: " + ("; ".join(failed) if failed else "none"))


def _project(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


def _punkt() -> Splitter:
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    tok = PunktSentenceTokenizer()
    return tok.tokenize


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else DEFAULT_PATH
    if not path.exists():
        print(f"missing data: {path}", file=sys.stderr)
        return 2
    rules = load_rules(path)
    report("analysis.tokens.split_sentences", rules, _project)
    print()
    report("baseline: untrained NLTK PunktSentenceTokenizer", rules, _punkt())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
