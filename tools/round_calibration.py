#!/usr/bin/python3
"""Calibration across writers: blend weight and per-label prior offsets chosen by cross-validation over the folded
blind rounds (issue 14), measured on the leave-one-round-out yardstick without tuning on the round scored.

Reads the models that `tools/leave_one_round_out.py --work DIR` trained (DIR/<round>/classifier.{zip,json}, each
trained without that round), scores each left-out round with `sw classifier classify --input` (the product's
probabilities, its timing and its blend; one run per member weight, through a copy of the manifest with
`char_member.weight` edited), then prints, as mean over the rounds of macro-F1 / leak+answer_selling recall / harmful
recall / hard negatives flagged harmful:

- each member weight as it is;
- "weight chosen on the other rounds": for round r, the weight that scores best on the other rounds' left-out
  predictions, applied to r;
- "offsets chosen on the other rounds": for round r, per-label log-prior offsets (p·e^b renormalised, normal fixed at 0,
  what the manifest's `label_bias_offsets` apply) fitted on the other rounds' left-out predictions, applied to r.

Nothing is ever chosen on the round it is scored on. The fit: coordinate search over a fixed grid, maximising
macro-F1 + leak+answer_selling recall + harmful recall (means over the fitting rounds) while no more hard negatives
are flagged on them than without offsets. Finally the offsets fitted on all rounds are printed. The offsets are
applied here, in Python, to the product's probabilities; the product itself carries none (issue 14's sixth round measured
them and did not keep them: docs/classifier.md).

Usage:
  /usr/bin/python3 tools/round_calibration.py --work DIR [--rounds 5a 5b 6 7 8 9] [--weights 0.5 0.3 0.7]
      [--offset-weight 0.5] [--labels leak answer_selling] [--sw-dll /tmp/cand/sw.dll]

The scores are cached in DIR/<round>/scores-w<weight>.jsonl; delete them to re-score.
"""
import argparse
import json
import math
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from leave_one_round_out import ROOT, ROUNDS  # noqa: E402

HARMFUL = {"leak", "answer_selling", "cheating", "fraud", "rumour"}
GRID = [round(-1.0 + 0.25 * i, 2) for i in range(13)]  # -1.0 … 2.0
PASSES = 3


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def is_hard_negative(row):
    notes = row.get("notes") or ""
    return row["label"] == "normal" and ("hard" in notes.lower() or "难负" in notes or "困难负" in notes)


def scores(args, rnd, weight):
    """The product's probabilities for every post of the left-out round, from the model trained without it."""
    d = os.path.abspath(os.path.join(args.work, rnd))
    out = os.path.join(d, f"scores-w{weight}.jsonl")
    if not os.path.exists(out):
        with open(os.path.join(d, "classifier.json"), encoding="utf-8") as f:
            manifest = json.load(f)
        if manifest.get("char_member") is None:
            if weight != 0:
                sys.exit(f"{d} has no character member: only --weights 0")
        else:
            manifest["char_member"]["weight"] = weight
        copy = os.path.join(d, f"classifier-w{weight}.json")
        with open(copy, "w", encoding="utf-8") as f:
            json.dump(manifest, f, ensure_ascii=False, indent=2)
        env = dict(os.environ, SW_Classifier__ModelFile=os.path.join(d, "classifier.zip"), SW_Classifier__ManifestFile=copy)
        cmd = (["dotnet", args.sw_dll] if args.sw_dll else [os.path.join(ROOT, "sw")])
        cmd += ["classifier", "classify", "--input", os.path.join(ROOT, ROUNDS[rnd]), "--output", out + ".part", "--threads", "1"]
        done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            sys.exit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
        os.replace(out + ".part", out)
    gold = load(os.path.join(ROOT, ROUNDS[rnd]))
    got = load(out)
    if len(got) != len(gold) or any(g["id"] != s["id"] for g, s in zip(gold, got)):
        sys.exit(f"{out} does not match {ROUNDS[rnd]} line for line")
    labels = list(got[0]["scores"]) if got else []
    return [(g["label"], [math.log(max(s["scores"][x], 1e-300)) for x in labels], is_hard_negative(g), labels)
            for g, s in zip(gold, got)]


def metrics(rows, labels, offsets):
    """macro-F1 (labels present), leak+AS recall, harmful recall, hard negatives flagged (count, total) — as Evaluator."""
    k = len(labels)
    conf = [[0] * k for _ in range(k)]
    hn = hn_flagged = 0
    shift = [offsets.get(x, 0.0) for x in labels]
    for gold, logp, hard, order in rows:
        if order != labels:
            sys.exit(f"scores are in the label order {order}, the model's is {labels}")
        best = max(range(k), key=lambda c: logp[c] + shift[c])
        conf[labels.index(gold)][best] += 1
        if hard:
            hn += 1
            hn_flagged += labels[best] in HARMFUL
    f1s = []
    for c in range(k):
        tp = conf[c][c]
        fp = sum(conf[o][c] for o in range(k)) - tp
        fn = sum(conf[c]) - tp
        if tp + fn == 0:
            continue
        pr = tp / (tp + fp) if tp + fp else 0
        rc = tp / (tp + fn)
        f1s.append(round(2 * pr * rc / (pr + rc), 3) if pr + rc else 0)
    la = [labels.index(x) for x in ("leak", "answer_selling")]
    hm = [labels.index(x) for x in HARMFUL]
    las = sum(conf[t][p] for t in la for p in la) / max(1, sum(sum(conf[t]) for t in la))
    harm = sum(conf[t][p] for t in hm for p in hm) / max(1, sum(sum(conf[t]) for t in hm))
    return [sum(f1s) / len(f1s), las, harm, hn_flagged, hn]


def mean(ms):
    return [sum(m[i] for m in ms) / len(ms) for i in range(3)] + [sum(m[3] for m in ms), sum(m[4] for m in ms)]


def objective(ms):
    """Higher is better; the hard-negative budget is a constraint, checked by the caller."""
    m = mean(ms)
    return m[0] + m[1] + m[2]


def fit_offsets(per_round, labels, fit_labels):
    offsets = {}
    base = [metrics(r, labels, offsets) for r in per_round]
    budget = sum(m[3] for m in base)
    best = objective(base)
    for _ in range(PASSES):
        moved = False
        for label in fit_labels:
            keep = offsets.get(label, 0.0)
            for o in GRID:
                if o == keep:
                    continue
                trial = dict(offsets, **{label: o})
                ms = [metrics(r, labels, trial) for r in per_round]
                if sum(m[3] for m in ms) > budget:
                    continue
                s = objective(ms)
                if s > best + 1e-9 or (abs(s - best) <= 1e-9 and abs(o) < abs(keep)):
                    best, keep, moved = s, o, True
            offsets[label] = keep
        if not moved:
            break
    return {k: v for k, v in offsets.items() if v != 0}


def fmt(m):
    hn = f"{100 * m[3] / m[4]:.1f} % of {m[4]}" if m[4] else "—"
    return f"{m[0]:.3f} / {m[1]:.3f} / {m[2]:.3f} / {hn}"


def fmt_mean(ms):
    """Means over rounds, hard negatives as the mean of the per-round rates (as leave_one_round_out.py)."""
    m = mean(ms)
    rate = sum(100 * x[3] / x[4] for x in ms) / len(ms)
    return f"{m[0]:.3f} / {m[1]:.3f} / {m[2]:.3f} / {rate:.1f} %"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", required=True)
    ap.add_argument("--rounds", nargs="+", default=sorted(ROUNDS), choices=sorted(ROUNDS))
    ap.add_argument("--weights", nargs="+", type=float, default=[0.5])
    ap.add_argument("--offset-weight", type=float, help="member weight the offsets are fitted at (default: the first of --weights)")
    ap.add_argument("--labels", nargs="+", default=["leak", "answer_selling", "cheating", "fraud", "rumour", "complaint"],
                    help="labels that get an offset (normal stays 0)")
    ap.add_argument("--sw-dll")
    args = ap.parse_args()
    if len(args.rounds) < 3:
        sys.exit("need at least three rounds: offsets for one round are fitted on the others")
    with open(os.path.join(args.work, args.rounds[0], "classifier.json"), encoding="utf-8") as f:
        labels = json.load(f)["labels"]
    if bad := [x for x in args.labels if x not in labels or x == "normal"]:
        sys.exit(f"--labels: {bad} are not labels of the model other than normal ({labels})")
    data = {w: {r: scores(args, r, w) for r in args.rounds} for w in args.weights}

    print("macro-F1 / leak+answer_selling recall / harmful recall / hard negatives flagged; rounds " + " ".join(args.rounds))
    print("| candidate | " + " | ".join(args.rounds) + " | mean |")
    print("|---|" + "---|" * (len(args.rounds) + 1))

    def row(name, ms):
        print(f"| {name} | " + " | ".join(fmt(m) for m in ms) + f" | {fmt_mean(ms)} |")

    plain = {w: [metrics(data[w][r], labels, {}) for r in args.rounds] for w in args.weights}
    for w in args.weights:
        row(f"member weight {w}", plain[w])
    if len(args.weights) > 1:
        chosen = []
        picks = []
        for i, r in enumerate(args.rounds):
            others = [j for j in range(len(args.rounds)) if j != i]
            w = max(args.weights, key=lambda w: (objective([plain[w][j] for j in others])
                                                 if sum(plain[w][j][3] for j in others) <= sum(plain[args.weights[0]][j][3] for j in others)
                                                 else -1, -abs(w - args.weights[0])))
            picks.append(w)
            chosen.append(plain[w][i])
        row("weight chosen on the other rounds (" + ", ".join(f"{r}: {w}" for r, w in zip(args.rounds, picks)) + ")", chosen)

    w = args.offset_weight if args.offset_weight is not None else args.weights[0]
    if w not in data:
        data[w] = {r: scores(args, r, w) for r in args.rounds}
    nested = []
    notes = []
    for i, r in enumerate(args.rounds):
        fit = fit_offsets([data[w][x] for x in args.rounds if x != r], labels, args.labels)
        notes.append(f"{r}: " + (", ".join(f"{k} {v:+.2f}" for k, v in fit.items()) or "none"))
        nested.append(metrics(data[w][r], labels, fit))
    row(f"offsets chosen on the other rounds, weight {w}", nested)
    for n in notes:
        print(f"  offsets fitted without {n}")
    final = fit_offsets([data[w][x] for x in args.rounds], labels, args.labels)
    print("offsets fitted on all rounds: " + (", ".join(f"{k}={v}" for k, v in final.items()) or "none"))
    row("(in-sample: all-round offsets on the same rounds, not a yardstick figure)",
        [metrics(data[w][r], labels, final) for r in args.rounds])


if __name__ == "__main__":
    main()
