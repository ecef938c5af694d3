#!/usr/bin/env python3
"""Builds heldout.jsonl from the hand-written sources in src/ (one post a line: platform<TAB>notes<TAB>text).

Checks every line (platform, label, length 8-500, no duplicate text) and prints the counts per label,
hard negatives and evasion kinds. Run from anywhere: python3 models/heldout/build.py
"""
import collections
import pathlib
import sys

from heldout_checks import HARMFUL, PREFIX, check_contact, check_post, finish_contacts, print_shape, unescape, write_jsonl

HERE = pathlib.Path(__file__).resolve().parent
# file stem -> label; normal comes from three files (plain, hard negatives, posts re-filed as hard negatives).
FILES = [("leak", "leak"), ("answer_selling", "answer_selling"), ("cheating", "cheating"), ("fraud", "fraud"),
         ("rumour", "rumour"), ("complaint", "complaint"), ("normal", "normal"), ("normal_hard", "normal"),
         ("normal_moved", "normal")]


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
            text = unescape(text)
            check_post(where, platform, text, seen, problems)
            if notes.startswith("hard_negative") and label != "normal":
                problems.append(f"{where}: hard_negative on a {label} post")
            counters[label] += 1
            rows.append({"id": f"ho-{PREFIX[label]}-{counters[label]:03d}", "text": text, "label": label,
                         "platform": platform, "notes": notes})
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    write_jsonl(HERE / "heldout.jsonl", rows)
    hard = sum(1 for r in rows if r["notes"].startswith("hard_negative"))
    harmful = [r for r in rows if r["label"] in HARMFUL]
    evasive = [r for r in harmful if r["notes"].startswith("evasion:")]
    print(f"{len(rows)} posts: " + ", ".join(f"{k} {v}" for k, v in counters.items()))
    print(f"hard negatives {hard} of {counters['normal']} normal; evasion in {len(evasive)} of {len(harmful)} harmful posts: "
          + ", ".join(f"{k} {v}" for k, v in collections.Counter(r['notes'] for r in evasive).most_common()))
    print_shape(rows)
    return build_contacts()




def build_contacts() -> int:
    """src/contacts.tsv: text<TAB>kind=value<TAB>kind=value... (no contact fields = a decoy that must yield nothing)."""
    problems, rows = [], []
    for n, line in enumerate((HERE / "src" / "contacts.tsv").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        text, *fields = line.split("\t")
        fields = [f for f in fields if f]
        contacts = [c for c in (check_contact(f"src/contacts.tsv:{n}", f, text, problems) for f in fields) if c]
        rows.append({"text": text, "contacts": contacts})
    return finish_contacts(problems, rows, HERE / "contacts.jsonl")


if __name__ == "__main__":
    sys.exit(main())
