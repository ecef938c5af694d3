#!/usr/bin/env python3
"""Scores `sw classify --input <set> --output <out>` against the set's labels and lists every misclassified post.

sw evaluate reads text and label only; sw classify also reads published_at, so running it on heldout-timed.jsonl
measures the model with the exam-window features switched on. Usage:
  python3 models/heldout/v2/score.py models/heldout/v2/heldout-timed.jsonl /tmp/h2-timed-out.jsonl
"""
import collections
import json
import sys

LABELS = ["leak", "answer_selling", "cheating", "fraud", "rumour", "complaint", "normal"]
HARMFUL = set(LABELS[:5])


def main(gold_path: str, out_path: str) -> int:
    gold = {r["id"]: r for r in map(json.loads, open(gold_path, encoding="utf-8")) if r}
    out = {r["id"]: r for r in map(json.loads, open(out_path, encoding="utf-8")) if r}
    missing = [i for i in gold if i not in out or "label" not in out[i]]
    if missing:
        print(f"{len(missing)} posts without a prediction: {', '.join(missing[:10])}", file=sys.stderr)
        return 1
    pairs = [(g["label"], out[i]["label"], g) for i, g in gold.items()]
    f1s = []
    print(f"{'label':<16}{'P':>7}{'R':>7}{'F1':>7}{'n':>6}")
    for label in LABELS:
        tp = sum(1 for t, p, _ in pairs if t == label and p == label)
        fp = sum(1 for t, p, _ in pairs if t != label and p == label)
        fn = sum(1 for t, p, _ in pairs if t == label and p != label)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        f1s.append(f1)
        print(f"{label:<16}{prec:7.3f}{rec:7.3f}{f1:7.3f}{tp + fn:6d}")
    ls = [(t, p) for t, p, _ in pairs if t in ("leak", "answer_selling")]
    hard = [(t, p, g) for t, p, g in pairs if g["notes"].startswith("hard_negative")]
    flagged = [x for x in hard if x[1] in HARMFUL]
    print(f"macro-F1 {sum(f1s) / len(f1s):.3f}; accuracy {sum(1 for t, p, _ in pairs if t == p) / len(pairs):.3f}")
    print(f"leak+answer_selling recall {sum(1 for t, p in ls if p in ('leak', 'answer_selling')) / len(ls):.3f} ({len(ls)} posts)")
    print(f"hard negatives flagged harmful {len(flagged)} of {len(hard)} ({100 * len(flagged) / len(hard):.1f} %)")
    by_kind = collections.Counter(g["notes"].partition(":")[2].strip() for _, _, g in flagged)
    if by_kind:
        print("  by kind: " + ", ".join(f"{k} {v}" for k, v in by_kind.most_common()))
    print("\nmisclassified (true -> predicted):")
    for t, p, g in sorted((x for x in pairs if x[0] != x[1]), key=lambda x: (x[0], x[1])):
        print(f"{g['id']}\t{t} -> {p}\t{g['notes'] or '-'}\t{g['text'][:90]}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
