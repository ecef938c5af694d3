#!/usr/bin/env python3
"""Folds a blind round (models/heldout/rounds/<round>/*.jsonl: id, text, label, platform, published_at, notes,
contacts) into the corpus as one source file per label, sources/<label>/r<round>_blind.txt, AFTER the round has
been measured blind (docs/classifier.md, "Blind rounds"). Every line keeps its publication time (at:) and, for
hard negatives, the writer's kind mapped to the corpus's kinds; the writers' evasion notes are not corpus notes
(`ev` means a rewrite of the previous line) and are dropped. Then run build.py.

Usage: python3 models/training/tools/import_round.py ROUND FILE.jsonl
"""
import collections
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CODES = {"weibo": "wb", "tieba": "tb", "qq_group": "qq", "zhihu": "zh", "news_comment": "nc", "wechat_article": "wx",
         "douyin": "dy", "xiaohongshu": "xhs", "bilibili": "bb", "forum": "fo", "wechat_group": "wg"}
# The writers' brief names hard-negative kinds its own way; the corpus's nearest kind (build.py HN_KINDS).
KINDS = {"police_news": "arrest", "news_expose": "arrest", "official_notice": "notice", "post_exam_discussion": "after",
         "prep_ad": "ad", "joke": "joke", "other_sense": "sense", "scam_warning": "report", "scam_question": "ask",
         "study_group": "tip", "rumour_debunk": "debunk", "report_seller": "report", "news_reaction": "arrest"}


def main():
    round_name, path = sys.argv[1], sys.argv[2]
    rows = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    by_label = collections.defaultdict(list)
    unknown = collections.Counter()
    for r in rows:
        text = r["text"].replace("\n", "\\n").strip()
        notes = []
        note = (r.get("notes") or "").strip()
        if note.startswith("hard_negative:"):
            # Round 9's writers added their own tags after the kind ("scam_warning; reply"): the kind is the first.
            kind = note.split(":", 1)[1].split(";", 1)[0].strip()
            notes.append("hn:" + KINDS.get(kind, "sense"))
            if kind not in KINDS:
                unknown[kind] += 1
        if r.get("published_at"):
            notes.append("at:" + r["published_at"])
        line = f"{CODES[r['platform']]} {text}"
        if notes:
            line += " @@ " + " ".join(notes)
        by_label[r["label"]].append(line)
    rel = os.path.relpath(path, os.path.dirname(ROOT) + "/..")
    for label, lines in sorted(by_label.items()):
        out = os.path.join(ROOT, "sources", label, f"r{round_name}_blind.txt")
        with open(out, "w", encoding="utf-8") as f:
            f.write(f"#! Blind round {round_name}, folded in after its blind measurement (docs/classifier.md, Blind rounds).\n")
            f.write(f"#! Origin: {rel}, written by an independent writer who never saw the corpus, model or code.\n")
            f.write("\n".join(lines) + "\n")
        print(f"{out}: {len(lines)}")
    if unknown:
        print("hard-negative kinds mapped to other_sense:", dict(unknown))


if __name__ == "__main__":
    main()
