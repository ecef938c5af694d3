#!/usr/bin/env python3
"""Print the corpus statistics quoted in models/training/README.md.

Usage: python3 models/training/tools/stats.py [train.jsonl test.jsonl ...]
Defaults to models/training/train.jsonl and test.jsonl. Read-only.
"""
import collections
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LABELS = ["leak", "answer_selling", "cheating", "fraud", "rumour", "complaint", "normal"]
HARMFUL = {"leak", "answer_selling", "cheating", "fraud", "rumour"}
BUCKETS = [(8, 19), (20, 49), (50, 99), (100, 149), (150, 299), (300, 500)]
# Rough markers, only for reporting the share of harmful posts that carry a
# contact or an evasive spelling; the product's extractor is the real thing.
CONTACT = re.compile(
    r"(?:[qQ扣企🐧]|[vV威薇微]信|[vV][xX]|wxid_|t\.me/|@\w|电报|纸飞机|群号|电话|手机|"
    r"https?://|\w+\.(?:cn|com|top|vip|xyz|cc|net)\b|[1１][3-9３-９][\d０-９ \-]{9,})")
EVASION = re.compile(
    r"(?:[答荅题考][ .·/*]+[案题试卷]|荅|da案|答an|答桉|🅰|[vV]信|薇|威信|扣扣|企鹅|🐧|"
    r"[０-９]|[\u4e00-\u9fff] [\u4e00-\u9fff] [\u4e00-\u9fff]|[試題證書場機號傳價聯係]|"
    r"[a-z]{2,}[\u4e00-\u9fff]|[\u4e00-\u9fff][a-z]{2,}|[\U0001F300-\U0001FAFF]\S?[\U0001F300-\U0001FAFF]|"
    r"[\u4e00-\u9fff][.·*/。][\u4e00-\u9fff]|[🈶🈲🉑🅰📄📸📷🎧🐧📱☎🔫👓💍📜🔧💰📩👉🈴①②])")


def load(paths):
    rows = []
    for p in paths:
        with open(p, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    r = json.loads(line)
                    r["_split"] = os.path.basename(p).split(".")[0]
                    rows.append(r)
    return rows


def table(title, counter, keys=None):
    print(f"\n{title}")
    keys = keys or sorted(counter, key=lambda k: (-counter[k], k))
    for k in keys:
        print(f"  {k:<28}{counter.get(k, 0):>6}")


def main():
    paths = sys.argv[1:] or [os.path.join(ROOT, "train.jsonl"), os.path.join(ROOT, "test.jsonl")]
    rows = load(paths)
    print(f"examples: {len(rows)}  ({', '.join(os.path.basename(p) for p in paths)})")
    print(f"\n{'label':<16}{'train':>7}{'test':>7}{'total':>7}{'test %':>8}")
    for lab in LABELS:
        tr = sum(1 for r in rows if r["label"] == lab and r["_split"] == "train")
        te = sum(1 for r in rows if r["label"] == lab and r["_split"] == "test")
        tot = tr + te
        print(f"{lab:<16}{tr:>7}{te:>7}{tot:>7}{(100 * te / tot if tot else 0):>7.1f}%")
    table("platform (register)", collections.Counter(r["platform"] for r in rows))
    lb = collections.Counter()
    for r in rows:
        n = len(r["text"])
        for lo, hi in BUCKETS:
            if lo <= n <= hi:
                lb[f"{lo}-{hi} chars"] += 1
    table("length bucket", lb, [f"{lo}-{hi} chars" for lo, hi in BUCKETS])
    normal = [r for r in rows if r["label"] == "normal"]
    hn = collections.Counter(r["notes"].split(":", 1)[1].strip() for r in normal
                             if r["notes"].startswith("hard_negative"))
    table(f"hard negatives ({sum(hn.values())} of {len(normal)} normal)", hn)
    print("\nharmful labels: contact / evasive spelling / evasion rewrites")
    for lab in LABELS:
        if lab not in HARMFUL:
            continue
        sub = [r for r in rows if r["label"] == lab]
        c = sum(1 for r in sub if CONTACT.search(r["text"]))
        e = sum(1 for r in sub if EVASION.search(r["text"]))
        ev = sum(1 for r in sub if r["notes"].startswith("evasion_of:"))
        print(f"  {lab:<16}contact {c:>4}  evasive {e:>4}  rewrites {ev:>3}  of {len(sub)}")
    harm = [r for r in rows if r["label"] in HARMFUL]
    ev = sum(1 for r in harm if r["notes"].startswith("evasion_of:"))
    print(f"  rewrites share of harmful: {100 * ev / max(1, len(harm)):.1f}% (limit 15%)")
    timed = [r for r in rows if r.get("published_at")]
    print(f"\ntimed examples (published_at): {len(timed)} of {len(rows)}")
    for lab in LABELS:
        sub = [r for r in timed if r["label"] == lab]
        tr = sum(1 for r in sub if r["_split"] == "train")
        print(f"  {lab:<16}{len(sub):>5}  (train {tr}, test {len(sub) - tr})")


if __name__ == "__main__":
    main()
