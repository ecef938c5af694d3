#!/usr/bin/python3
"""The peer the classifier must beat (issue 14): character 1-3-gram TF-IDF with a LinearSVC, trained on
models/training/train.jsonl only, scored on any labelled JSONL with the same metrics as `sw evaluate`
(macro-F1 over the labels present, leak+answer_selling recall, harmful recall, hard negatives flagged harmful).

Needs Debian's python3-sklearn (`apt-get install -y python3-sklearn`). Deterministic (LinearSVC with a fixed seed).

Usage: /usr/bin/python3 tools/linear_baseline.py [--train TRAIN.jsonl] EVAL.jsonl [EVAL2.jsonl ...]
"""
import argparse
import json
import os

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LABELS = ["leak", "answer_selling", "cheating", "fraud", "rumour", "complaint", "normal"]
HARMFUL = {"leak", "answer_selling", "cheating", "fraud", "rumour"}


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def metrics(gold, pred, hard):
    present = [lab for lab in LABELS if lab in gold]
    f1s = []
    for lab in present:
        tp = sum(1 for g, p in zip(gold, pred) if g == lab and p == lab)
        fp = sum(1 for g, p in zip(gold, pred) if g != lab and p == lab)
        fn = sum(1 for g, p in zip(gold, pred) if g == lab and p != lab)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1s.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    ls = [(g, p) for g, p in zip(gold, pred) if g in ("leak", "answer_selling")]
    hm = [(g, p) for g, p in zip(gold, pred) if g in HARMFUL]
    hn = [p for p, h in zip(pred, hard) if h]
    return {
        "examples": len(gold),
        "macro_f1": sum(f1s) / len(f1s) if f1s else 0.0,
        "leak_answer_selling_recall": sum(1 for _, p in ls if p in ("leak", "answer_selling")) / len(ls) if ls else 0.0,
        "harmful_recall": sum(1 for _, p in hm if p in HARMFUL) / len(hm) if hm else 0.0,
        "hard_negatives": len(hn),
        "hard_negatives_flagged": sum(1 for p in hn if p in HARMFUL) / len(hn) if hn else 0.0,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", default=os.path.join(ROOT, "models", "training", "train.jsonl"))
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    train = load(args.train)
    # analyzer="char" collapses whitespace runs to one space but keeps it inside the n-grams (the product's own
    # character n-grams stop at whitespace, FeatureExtractor); lower-casing only.
    vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=1, lowercase=True)
    x = vec.fit_transform([r["text"] for r in train])
    clf = LinearSVC(C=1.0, random_state=20260919).fit(x, [r["label"] for r in train])
    print(f"baseline: char 1-3-gram TF-IDF + LinearSVC(C=1) on {os.path.relpath(args.train, ROOT)} ({len(train)} examples)")
    for path in args.files:
        rows = load(path)
        pred = clf.predict(vec.transform([r["text"] for r in rows]))
        m = metrics([r["label"] for r in rows], list(pred), ["hard" in (r.get("notes") or "") and r["label"] == "normal" for r in rows])
        print(f"{path}: {m['examples']} posts, macro-F1 {m['macro_f1']:.3f}, leak+answer_selling recall "
              f"{m['leak_answer_selling_recall']:.3f}, harmful recall {m['harmful_recall']:.3f}, hard negatives flagged "
              f"{m['hard_negatives_flagged']:.1%} of {m['hard_negatives']}")


if __name__ == "__main__":
    main()
