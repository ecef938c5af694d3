#!/usr/bin/python3
"""Leave-one-round-out: the development yardstick for model changes (issue 14).

For each folded blind round (5a, 5b, 6, 7, 8 and 9, each written by writers who never saw the corpus), train on the whole
corpus (train.jsonl + test.jsonl) WITHOUT that round's posts and score that round, for our model (`sw classifier train`
exactly as shipped, with its 5-fold CV and learned threshold; only the files are redirected) and for the linear peer
(tools/linear_baseline.py) on the identical training file. Prints one table: macro-F1 / leak+answer_selling recall /
harmful recall / hard negatives flagged harmful, per round and the mean over rounds.

The final round (models/heldout/rounds/final) and the held-out sets are never read: they are kept for measurement.

Usage:
  /usr/bin/python3 tools/leave_one_round_out.py [--work DIR] [--rounds 5a 5b 6] [--env KEY=VALUE ...] [--no-peer] [--reuse]
      [--sw-dll /tmp/cand/sw.dll] [--screen] [--jobs N]

--screen trains without cross-validation (Classifier:Training:Folds 0): one fit per round instead of six, no learned
threshold or label offsets — for screening feature and weighting candidates; a candidate that needs the
cross-validation predictions (label offsets, the harmful threshold) must run without it. --jobs N trains N rounds at
once (each training is one-threaded). When a model carries label bias offsets, the round is also scored without them
(a copy of the manifest with the offsets removed), so one run measures the calibration and the model under it.

--env passes settings to `sw` for one candidate (e.g. --env SW_Classifier__Training__L2Regularization=0.002;
SW_Classifier__Training__CharMemberWeight=0 for the maximum-entropy model without the character member); the
models land in DIR/<round>/classifier.{zip,json}, the per-round `sw evaluate` output in DIR/<round>/evaluate.txt.
--sw-dll runs a copied build (cp -r artifacts/sw /tmp/cand) so that editing sources meanwhile does not rebuild
under a running training. --reuse skips training a round whose model is already in DIR (to re-score it). Needs Debian python3-sklearn for the peer.
"""
import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROUNDS = {"5a": "models/heldout/rounds/5a/round5a.jsonl", "5b": "models/heldout/rounds/5b/round5b.jsonl",
          "6": "models/heldout/rounds/6/round6.jsonl", "7": "models/heldout/rounds/7/round7.jsonl",
          "8": "models/heldout/rounds/8/round8.jsonl", "9": "models/heldout/rounds/9/round9.jsonl"}
CORPUS = ["models/training/train.jsonl", "models/training/test.jsonl"]


def load_lines(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return [line for line in f if line.strip()]


def training_file(held_out, path):
    """The corpus without any post whose text is in the held-out round; returns (kept, removed)."""
    texts = {json.loads(line)["text"] for line in load_lines(ROUNDS[held_out])}
    kept = removed = 0
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for corpus in CORPUS:
            for line in load_lines(corpus):
                if json.loads(line)["text"] in texts:
                    removed += 1
                    continue
                out.write(line if line.endswith("\n") else line + "\n")
                kept += 1
    return kept, removed


def run_sw(sw, args, env, log):
    cmd = (["dotnet", sw] if sw else [os.path.join(ROOT, "sw")]) + args
    with open(log, "w", encoding="utf-8") as f:
        done = subprocess.run(cmd, cwd=ROOT, env=env, stdout=f, stderr=subprocess.STDOUT, check=False)
    with open(log, encoding="utf-8") as f:
        text = f.read()
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({done.returncode}), see {log}:\n{text[-2000:]}")
    return text


def ours(text):
    m = re.search(r"macro-F1 ([0-9.]+)", text)
    r = re.search(r"leak\+answer_selling recall ([0-9.]+); harmful recall ([0-9.]+); hard negatives flagged harmful ([0-9.]+) % of (\d+)", text)
    if not m or not r:
        sys.exit("could not read the metrics from `sw classifier evaluate`:\n" + text[-2000:])
    return float(m.group(1)), float(r.group(1)), float(r.group(2)), float(r.group(3)), int(r.group(4))


def peer(train, path):
    out = subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "tools", "linear_baseline.py"), "--train", train, path],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    r = re.search(r"macro-F1 ([0-9.]+), leak\+answer_selling recall ([0-9.]+), harmful recall ([0-9.]+), hard negatives flagged ([0-9.]+)% of (\d+)", out)
    return float(r.group(1)), float(r.group(2)), float(r.group(3)), float(r.group(4)), int(r.group(5))


def fmt(m):
    return f"{m[0]:.3f} / {m[1]:.3f} / {m[2]:.3f} / {m[3]:.1f} % of {m[4]}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", default="/tmp/lowo")
    ap.add_argument("--rounds", nargs="+", default=sorted(ROUNDS), choices=sorted(ROUNDS))
    ap.add_argument("--screen", action="store_true", help="no cross-validation (Classifier:Training:Folds 0)")
    ap.add_argument("--jobs", type=int, default=1, help="rounds trained at once")
    ap.add_argument("--env", nargs="*", default=[], metavar="KEY=VALUE")
    ap.add_argument("--no-peer", action="store_true")
    ap.add_argument("--reuse", action="store_true")
    ap.add_argument("--sw-dll", help="run `dotnet SW_DLL` (a copy of a build) instead of ./sw, so sources can change meanwhile")
    args = ap.parse_args()
    def one(rnd):
        d = os.path.abspath(os.path.join(args.work, rnd))
        os.makedirs(d, exist_ok=True)
        train = os.path.join(d, "train.jsonl")
        kept, removed = training_file(rnd, train)
        env = dict(os.environ)
        env.update({
            "SW_Classifier__Training__TrainFile": train,
            "SW_Classifier__Training__TestFile": os.path.join(d, "no-test-split.jsonl"),
            "SW_Classifier__ModelFile": os.path.join(d, "classifier.zip"),
            "SW_Classifier__ManifestFile": os.path.join(d, "classifier.json"),
        })
        if args.screen:
            env["SW_Classifier__Training__Folds"] = "0"
        for kv in args.env:
            k, _, v = kv.partition("=")
            env[k] = v
        if not (args.reuse and os.path.exists(os.path.join(d, "classifier.json"))):
            print(f"round {rnd}: training on {kept} corpus lines ({removed} of the round left out)…", file=sys.stderr)
            run_sw(args.sw_dll, ["classifier", "train"], env, os.path.join(d, "train.txt"))
        path = os.path.join(ROOT, ROUNDS[rnd])
        text = run_sw(args.sw_dll, ["classifier", "evaluate", "--input", path], env, os.path.join(d, "evaluate.txt"))
        plain = None
        with open(os.path.join(d, "classifier.json"), encoding="utf-8") as f:
            manifest = json.load(f)
        if manifest.get("label_bias_offsets"):
            manifest["label_bias_offsets"] = None
            without = os.path.join(d, "classifier-no-offsets.json")
            with open(without, "w", encoding="utf-8") as f:
                json.dump(manifest, f, ensure_ascii=False, indent=2)
            plain = ours(run_sw(args.sw_dll, ["classifier", "evaluate", "--input", path],
                                dict(env, SW_Classifier__ManifestFile=without), os.path.join(d, "evaluate-no-offsets.txt")))
        return rnd, ours(text), None if args.no_peer else peer(train, path), plain

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        rows = list(pool.map(one, args.rounds))

    print("macro-F1 / leak+answer_selling recall / harmful recall / hard negatives flagged")
    name = "ours" + (" (screen)" if args.screen else "") + (" (" + " ".join(args.env) + ")" if args.env else "")
    offsets = any(w for _, _, _, w in rows)
    print(f"| round | {name} |{' ours without the label offsets |' if offsets else ''} peer |")
    print("|---|---|" + ("---|" if offsets else "") + "---|")

    def mean(ms):
        return tuple(sum(m[i] for m in ms) / len(ms) for i in range(4)) + (sum(m[4] for m in ms),)

    for rnd, o, p, w in rows:
        print(f"| {rnd} | {fmt(o)} |{' ' + (fmt(w) if w else '—') + ' |' if offsets else ''} {fmt(p) if p else '—'} |")
    if len(rows) > 1:
        po = [p for _, _, p, _ in rows if p]
        wo = [w for _, _, _, w in rows if w]
        print(f"| mean | {fmt(mean([o for _, o, _, _ in rows]))} |"
              f"{' ' + (fmt(mean(wo)) if len(wo) == len(rows) else '—') + ' |' if offsets else ''} {fmt(mean(po)) if po else '—'} |")


if __name__ == "__main__":
    main()
