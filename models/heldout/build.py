#!/usr/bin/env python3
"""Builds heldout.jsonl from the hand-written sources in src/ (one post a line: platform<TAB>notes<TAB>text).

Checks every line (platform, label, length 8-500, no duplicate text) and prints the counts per label,
hard negatives and evasion kinds. Run from anywhere: python3 models/heldout/build.py
"""
import collections
import json
import pathlib
import re
import sys
import unicodedata

HERE = pathlib.Path(__file__).resolve().parent
PLATFORMS = {"weibo", "tieba", "qq_group", "zhihu", "xiaohongshu", "douyin", "bilibili", "news_comment", "wechat_article"}
# file stem -> label; normal comes from three files (plain, hard negatives, posts re-filed as hard negatives).
FILES = [("leak", "leak"), ("answer_selling", "answer_selling"), ("cheating", "cheating"), ("fraud", "fraud"),
         ("rumour", "rumour"), ("complaint", "complaint"), ("normal", "normal"), ("normal_hard", "normal"),
         ("normal_moved", "normal")]
PREFIX = {"leak": "lk", "answer_selling": "as", "cheating": "ch", "fraud": "fr", "rumour": "ru", "complaint": "co", "normal": "no"}


def main() -> int:
    problems, rows, seen = [], [], set()
    counters = collections.Counter()
    for stem, label in FILES:
        for n, line in enumerate((HERE / "src" / f"{stem}.tsv").read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            parts = line.split("\t")
            where = f"src/{stem}.tsv:{n}"
            if len(parts) != 3:
                problems.append(f"{where}: expected platform<TAB>notes<TAB>text, got {len(parts)} fields")
                continue
            platform, notes, text = parts
            # Invisible characters are written as \uXXXX escapes in the sources so they stay reviewable.
            text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
            if platform not in PLATFORMS:
                problems.append(f"{where}: unknown platform '{platform}'")
            if not 8 <= len(text) <= 500:
                problems.append(f"{where}: text is {len(text)} characters (8-500)")
            if text in seen:
                problems.append(f"{where}: duplicate text")
            if notes.startswith("hard_negative") and label != "normal":
                problems.append(f"{where}: hard_negative on a {label} post")
            seen.add(text)
            counters[label] += 1
            rows.append({"id": f"ho-{PREFIX[label]}-{counters[label]:03d}", "text": text, "label": label,
                         "platform": platform, "notes": notes})
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    with open(HERE / "heldout.jsonl", "w", encoding="utf-8", newline="\n") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    hard = sum(1 for r in rows if r["notes"].startswith("hard_negative"))
    harmful = [r for r in rows if r["label"] in ("leak", "answer_selling", "cheating", "fraud", "rumour")]
    evasive = [r for r in harmful if r["notes"].startswith("evasion:")]
    print(f"{len(rows)} posts: " + ", ".join(f"{k} {v}" for k, v in counters.items()))
    print(f"hard negatives {hard} of {counters['normal']} normal; evasion in {len(evasive)} of {len(harmful)} harmful posts: "
          + ", ".join(f"{k} {v}" for k, v in collections.Counter(r['notes'] for r in evasive).most_common()))
    print(f"platforms: " + ", ".join(f"{k} {v}" for k, v in collections.Counter(r['platform'] for r in rows).most_common()))
    lengths = sorted(len(r["text"]) for r in rows)
    print(f"length: min {lengths[0]}, median {lengths[len(lengths) // 2]}, max {lengths[-1]}")
    return build_contacts()


KINDS = {"qq", "qq_group", "wechat", "mobile", "telegram", "url", "email"}
NUMERALS = str.maketrans("零〇一二三四五六七八九", "00123456789")


def build_contacts() -> int:
    """src/contacts.tsv: text<TAB>kind=value<TAB>kind=value... (no contact fields = a decoy that must yield nothing)."""
    problems, rows = [], []
    for n, line in enumerate((HERE / "src" / "contacts.tsv").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        text, *fields = line.split("\t")
        fields = [f for f in fields if f]
        contacts = []
        folded = unicodedata.normalize("NFKC", text).lower()
        digits = "".join(c for c in folded.translate(NUMERALS) if c.isdigit())
        for f in fields:
            kind, _, value = f.partition("=")
            if kind not in KINDS or not value:
                problems.append(f"src/contacts.tsv:{n}: bad contact '{f}'")
                continue
            # The value must be recoverable from the text: digits for numbers, the folded form otherwise.
            if kind in ("qq", "qq_group", "mobile"):
                ok = value.isdigit() and value in digits and (kind != "mobile" or (len(value) == 11 and value[0] == "1"))
            else:
                ok = value.lower() in folded.replace(" ", "") or value.lower() in folded
            if not ok:
                problems.append(f"src/contacts.tsv:{n}: {kind} '{value}' does not occur in its text")
            contacts.append({"kind": kind, "value": value})
        rows.append({"text": text, "contacts": contacts})
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    with open(HERE / "contacts.jsonl", "w", encoding="utf-8", newline="\n") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    kinds = collections.Counter(c["kind"] for r in rows for c in r["contacts"])
    print(f"contacts.jsonl: {len(rows)} lines, {sum(kinds.values())} contacts (" + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
          + f"), {sum(1 for r in rows if not r['contacts'])} decoy lines without any contact")
    return 0


if __name__ == "__main__":
    sys.exit(main())
