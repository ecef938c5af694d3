#!/usr/bin/env python3
"""A deliberately simple baseline to sanity-check the corpus, not the product's
model: multinomial naive Bayes over character 1-3-grams, trained on
train.jsonl and scored on test.jsonl (or any labelled JSONL given as the
second argument). Prints per-label precision/recall/F1, macro-F1, the joint
recall of leak+answer_selling and the share of hard negatives flagged harmful.

Usage: python3 models/training/tools/baseline.py [TRAIN.jsonl [EVAL.jsonl]]
"""
import collections
import json
import math
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LABELS = ["leak", "answer_selling", "cheating", "fraud", "rumour", "complaint", "normal"]
HARMFUL = {"leak", "answer_selling", "cheating", "fraud", "rumour"}


def grams(text):
    t = "".join(text.lower().split())
    for n in (1, 2, 3):
        for i in range(len(t) - n + 1):
            yield t[i:i + n]


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def main():
    train = load(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "train.jsonl"))
    test = load(sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "test.jsonl"))
    counts = {lab: collections.Counter() for lab in LABELS}
    docs = collections.Counter(r["label"] for r in train)
    for r in train:
        counts[r["label"]].update(grams(r["text"]))
    vocab = set().union(*counts.values())
    totals = {lab: sum(c.values()) for lab, c in counts.items()}
    prior = {lab: math.log(docs[lab] / len(train)) for lab in LABELS}

    def predict(text):
        g = list(grams(text))
        best, best_score = None, -math.inf
        for lab in LABELS:
            denom = totals[lab] + len(vocab)
            s = prior[lab] + sum(math.log((counts[lab][x] + 1) / denom) for x in g)
            if s > best_score:
                best, best_score = lab, s
        return best

    confusion = collections.Counter()
    hn_total = hn_flagged = 0
    for r in test:
        p = predict(r["text"])
        confusion[(r["label"], p)] += 1
        if r.get("notes", "").startswith("hard_negative"):
            hn_total += 1
            hn_flagged += p in HARMFUL
    f1s = []
    print(f"{'label':<16}{'P':>7}{'R':>7}{'F1':>7}{'n':>6}")
    for lab in LABELS:
        tp = confusion[(lab, lab)]
        fp = sum(v for (t, p), v in confusion.items() if p == lab and t != lab)
        fn = sum(v for (t, p), v in confusion.items() if t == lab and p != lab)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        f1s.append(f1)
        print(f"{lab:<16}{prec:>7.3f}{rec:>7.3f}{f1:>7.3f}{tp + fn:>6}")
    la = [r for r in test if r["label"] in ("leak", "answer_selling")]
    la_hit = sum(confusion[(t, p)] for t in ("leak", "answer_selling") for p in ("leak", "answer_selling"))
    print(f"macro-F1 {sum(f1s) / len(f1s):.3f}")
    print(f"recall leak+answer_selling (either label) {la_hit / max(1, len(la)):.3f}")
    print(f"hard negatives flagged harmful {hn_flagged}/{hn_total} = {hn_flagged / max(1, hn_total):.3f}")


if __name__ == "__main__":
    main()
