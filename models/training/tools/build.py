#!/usr/bin/env python3
"""Assemble the hand-written source lines in models/training/sources/ into
train.jsonl and test.jsonl, validating them on the way.

Source format (one example per line, UTF-8):
    <platform-code> <text> [@@ <note>]
Blank lines and lines starting with '#!' are ignored. A literal backslash-n
in the text becomes a newline (Tieba floors, article excerpts).
A line "#! default <note>" sets the note for the following lines of the file.
A note may carry a publication time, alone or next to another note:
    @@ at:2025-09-13T10:40+08:00          @@ hn:after at:2025-09-27T21:00+08:00
(ISO 8601 with an explicit offset; written to the output as "published_at").
A line's own time replaces the default's, and so does a line's own note.
Notes shorthand:  hn:<kind>  -> "hard_negative: <kind>"
                  ev         -> "evasion_of:<n>" (rewrite of the previous
                                non-rewrite line of the same file; <n> is the
                                1-based line number of that original in the
                                output file both end up in)
The label is the name of the folder the source file sits in.

Split rule (fixed, not random): an example goes to test.jsonl when
int(sha256(label + "\\x00" + text_of_group_original)[:8], 16) % 5 == 0,
otherwise to train.jsonl. The assignment of an example never changes when
other examples are added, and a rewrite always follows its original.
"""
import datetime
import hashlib
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCES = os.path.join(ROOT, "sources")
LABELS = ["leak", "answer_selling", "cheating", "fraud", "rumour", "complaint", "normal"]
PLATFORMS = {
    "wb": "weibo", "tb": "tieba", "qq": "qq_group", "zh": "zhihu",
    "nc": "news_comment", "wx": "wechat_article", "dy": "douyin",
    "xhs": "xiaohongshu", "bb": "bilibili", "fo": "forum", "wg": "wechat_group",
}
HN_KINDS = {
    "notice": "official_notice", "arrest": "arrest_news", "ad": "prep_course_ad",
    "after": "post_exam_discussion", "joke": "joke_meme", "tip": "study_tip",
    "sense": "other_sense", "ask": "asks_if_scam", "report": "scam_report", "debunk": "rumour_debunk", "style": "evasive_style",
}
MIN_LEN, MAX_LEN = 8, 500
# The same form the C# loader accepts (LabelledCorpus.TryParsePublishedAt).
ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:?\d{2})$")


def parse_time(value):
    """The normalised ISO 8601 string, or None if the value is not a time with offset."""
    if not ISO_WITH_OFFSET.match(value):
        return None
    try:
        t = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return t.isoformat()


def split_note(note, where, errors):
    """(note without times, time or None) from a note such as "hn:after at:2025-09-27T21:00+08:00"."""
    rest, at = [], None
    for token in note.split():
        if token.startswith("at:"):
            t = parse_time(token[3:])
            if t is None:
                errors.append(f"{where}: '{token[3:]}' is not an ISO 8601 time with offset (e.g. at:2025-09-13T10:40+08:00)")
            elif at is not None:
                errors.append(f"{where}: more than one at: time")
            else:
                at = t
        else:
            rest.append(token)
    return " ".join(rest), at


def shingles(t, n=2):
    t = re.sub(r"\s+", "", t)
    return {t[i:i + n] for i in range(max(1, len(t) - n + 1))}


def load():
    examples, errors = [], []
    for label in LABELS:
        d = os.path.join(SOURCES, label)
        if not os.path.isdir(d):
            continue
        for fn in sorted(os.listdir(d)):
            if not fn.endswith(".txt"):
                continue
            path = os.path.join(d, fn)
            last_original = None
            default_note = ""
            default_at = None
            with open(path, encoding="utf-8") as f:
                for ln, raw in enumerate(f, 1):
                    line = raw.rstrip("\n")
                    if line.startswith("#! default"):
                        default_note, default_at = split_note(line[len("#! default"):].strip(), f"{label}/{fn}:{ln}", errors)
                        continue
                    if not line.strip() or line.startswith("#!"):
                        continue
                    where = f"{label}/{fn}:{ln}"
                    code, _, rest = line.partition(" ")
                    if code not in PLATFORMS:
                        errors.append(f"{where}: unknown platform code '{code}'")
                        continue
                    text, _, note = rest.partition(" @@ ")
                    text = text.strip().replace("\\n", "\n")
                    note, at = split_note(note.strip(), where, errors)
                    note = note or default_note
                    at = at or default_at
                    ex = {"text": text, "label": label, "platform": PLATFORMS[code],
                          "notes": "", "published_at": at, "_where": where, "_orig": None}
                    if note == "ev":
                        if last_original is None:
                            errors.append(f"{where}: 'ev' without a previous original")
                            continue
                        if label == "normal":
                            errors.append(f"{where}: evasion rewrites are for harmful labels")
                        ex["_orig"] = last_original
                    else:
                        if note.startswith("hn:"):
                            kind = note[3:]
                            if kind not in HN_KINDS:
                                errors.append(f"{where}: unknown hard-negative kind '{kind}'")
                            elif label != "normal":
                                errors.append(f"{where}: hard negatives must be normal")
                            ex["notes"] = "hard_negative: " + HN_KINDS.get(kind, kind)
                        elif note:
                            ex["notes"] = note
                        last_original = ex
                    n = len(text)
                    if not (MIN_LEN <= n <= MAX_LEN):
                        errors.append(f"{where}: length {n} outside {MIN_LEN}..{MAX_LEN}")
                    examples.append(ex)
    return examples, errors


def split_of(ex):
    g = ex["_orig"] if ex["_orig"] is not None else ex
    h = hashlib.sha256((g["label"] + "\x00" + g["text"]).encode("utf-8")).hexdigest()
    return "test" if int(h[:8], 16) % 5 == 0 else "train"


def main():
    check_only = "--check" in sys.argv
    examples, errors = load()
    seen = {}
    for ex in examples:
        # Exact text only: a spaced-out rewrite ("答 案") is a legitimate
        # evasion variant, the near-copy report covers the rest. Timing
        # contrasts (a question during a sitting against the same question
        # after all sittings) are reworded, not repeated: the split hashes
        # label and text, so a repeated text could sit on both sides.
        key = ex["text"]
        if key in seen:
            errors.append(f"{ex['_where']}: duplicate of {seen[key]}")
        else:
            seen[key] = ex["_where"]
    # Near-copies hurt generalisation: report pairs within a label that share
    # most of their 4-grams (rewrites are compared only with others).
    warn = 0
    by_label = {}
    for ex in examples:
        by_label.setdefault(ex["label"], []).append((ex, shingles(ex["text"])))
    for label, items in by_label.items():
        for i in range(len(items)):
            a, sa = items[i]
            for j in range(i + 1, len(items)):
                b, sb = items[j]
                if b["_orig"] is a or a["_orig"] is b:
                    continue
                inter = len(sa & sb)
                if inter and inter / len(sa | sb) >= 0.5:
                    warn += 1
                    print(f"near-copy: {a['_where']} ~ {b['_where']}", file=sys.stderr)
    harmful = [e for e in examples if e["label"] not in ("normal", "complaint")]
    rewrites = [e for e in harmful if e["_orig"] is not None]
    if harmful and len(rewrites) > 0.15 * len(harmful):
        errors.append(f"evasion rewrites {len(rewrites)} exceed 15% of {len(harmful)} harmful examples")
    for e in errors:
        print("error: " + e, file=sys.stderr)
    if errors:
        sys.exit(1)
    if check_only:
        print(f"ok: {len(examples)} examples, {warn} near-copy warnings")
        return
    out = {"train": [], "test": []}
    for ex in examples:
        out[split_of(ex)].append(ex)
    for name, rows in out.items():
        index = {id(ex): i + 1 for i, ex in enumerate(rows)}
        with open(os.path.join(ROOT, name + ".jsonl"), "w", encoding="utf-8", newline="\n") as f:
            for ex in rows:
                notes = ex["notes"]
                if ex["_orig"] is not None:
                    notes = f"evasion_of:{index[id(ex['_orig'])]}"
                rec = {"text": ex["text"], "label": ex["label"],
                       "platform": ex["platform"], "notes": notes}
                if ex["published_at"] is not None:
                    rec["published_at"] = ex["published_at"]
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"train {len(out['train'])}, test {len(out['test'])}, near-copy warnings {warn}")


if __name__ == "__main__":
    main()
