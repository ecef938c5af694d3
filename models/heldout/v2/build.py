#!/usr/bin/env python3
"""Builds the second held-out set from the hand-written sources in src/.

Posts: src/<label>.tsv (and src/normal_hard.tsv), one post a line: platform|notes|when|text (split on the first three
'|', so the text may contain '|'). `when` names the moment such a post appears relative to the exam calendar (see
SLOTS); empty means the default for the post's label or hard-negative kind. Contacts: src/contacts.txt, one line
`text || kind=value kind=value ...` (nothing after '||' = a decoy that must yield no contact).

Writes heldout.jsonl (id, text, label, platform, notes), heldout-timed.jsonl (the same plus published_at, ISO 8601
+08:00) and contacts.jsonl, after checking every line (platform, length 8-500, no duplicate text, hard negatives only
on normal posts, known hard-negative and evasion kinds, contact values recoverable from their text). Deterministic:
the times come from a fixed seed. Run from anywhere: python3 models/heldout/v2/build.py
"""
import collections
import datetime as dt
import json
import pathlib
import random
import re
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
from heldout_checks import HARMFUL, PREFIX, check_contact, check_post, finish_contacts, print_shape, unescape, write_jsonl  # noqa: E402

HERE = pathlib.Path(__file__).resolve().parent
FILES = [("leak", "leak"), ("answer_selling", "answer_selling"), ("cheating", "cheating"), ("fraud", "fraud"),
         ("rumour", "rumour"), ("complaint", "complaint"), ("normal", "normal"), ("normal_hard", "normal")]
HARD_KINDS = {"police_news", "official_notice", "post_exam_discussion", "prep_ad", "joke", "other_sense", "scam_warning",
              "scam_question", "news_expose", "study_group", "rumour_debunk"}
EVASIONS = {"separator", "emoji", "pinyin", "traditional", "fullwidth", "homophone", "wechat_variant", "qq_variant", "zero_width"}
TZ = dt.timezone(dt.timedelta(hours=8))

# The sittings. 2024 is config/conf.d/10-calendar.json (was 30-alerting.json when this set was written); 2025 and 2026 take the weekend nearest mid-September
# (客观题, in batches over both days) and mid-October (主观题); score dates are about two weeks / five weeks after.
CALENDAR = {
    2024: {"obj": dt.date(2024, 9, 14), "subj": dt.date(2024, 10, 12), "obj_score": dt.date(2024, 9, 27),
           "subj_score": dt.date(2024, 11, 20), "reg": dt.date(2024, 6, 17)},
    2025: {"obj": dt.date(2025, 9, 13), "subj": dt.date(2025, 10, 11), "obj_score": dt.date(2025, 9, 26),
           "subj_score": dt.date(2025, 11, 19), "reg": dt.date(2025, 6, 16)},
    2026: {"obj": dt.date(2026, 9, 12), "subj": dt.date(2026, 10, 17), "obj_score": dt.date(2026, 9, 25),
           "subj_score": dt.date(2026, 11, 18), "reg": dt.date(2026, 6, 15)},
}
SLOTS = {"live", "pre", "run-up", "post", "score", "reg", "prep", "any"}
DEFAULTS = {
    "leak": ["live"], "answer_selling": ["run-up", "pre", "pre", "live"], "cheating": ["run-up", "run-up", "pre"],
    "fraud": ["score", "score", "reg", "any"], "rumour": ["pre", "run-up", "score"], "complaint": ["post", "post", "score", "reg"],
    "normal": ["any"], "police_news": ["live", "post", "any"], "official_notice": ["run-up", "pre", "reg"],
    "post_exam_discussion": ["post"], "prep_ad": ["prep", "any"], "joke": ["any", "post", "pre"], "other_sense": ["any"],
    "scam_warning": ["score", "reg", "any"], "scam_question": ["score", "reg"], "news_expose": ["any", "post"],
    "study_group": ["prep"], "rumour_debunk": ["pre", "run-up", "score"],
}


def at(day: dt.date, rng: random.Random, start_hour: int = 7, end_hour: int = 24) -> dt.datetime:
    minute = rng.randrange(start_hour * 60, end_hour * 60)
    return dt.datetime(day.year, day.month, day.day, minute // 60, minute % 60, rng.randrange(60), tzinfo=TZ)


def published_at(slot: str, text: str, rng: random.Random) -> dt.datetime:
    """A realistic moment for a post of this kind: the year the text names (else a seeded choice), the sitting it talks about."""
    years = [int(y) for y in re.findall(r"20(2[4-6])", text)]
    year = 2000 + max(years) if years else rng.choice(sorted(CALENDAR))
    cal = CALENDAR[year]
    sitting = "subj" if "主观" in text or "主觀" in text else "obj" if "客观" in text or "客觀" in text else rng.choice(["obj", "obj", "subj"])
    first = cal[sitting]
    if slot == "live":
        # Both sitting days, inside the sessions or the evening between the first and second batch; a post addressed
        # to "tomorrow's" candidates or the second batch can only be from the first day.
        day = first if "明天" in text or "第二批" in text else first + dt.timedelta(days=rng.randrange(2))
        after_session = any(w in text for w in ("考完", "出考场", "出来", "结束"))
        return at(day, rng, 12 if after_session else 9, 18) if rng.random() < 0.6 or day != first else at(day, rng, 18, 24)
    if slot == "pre":
        return at(first - dt.timedelta(days=1 if "明天" in text else rng.randrange(1, 4)), rng)
    if slot == "run-up":
        return at(first - dt.timedelta(days=rng.randrange(4, 46)), rng)
    if slot == "post":
        # Only once the last batch has finished (17:30 on the second day) is the paper no longer live.
        if "今天" in text:
            return at(first + dt.timedelta(days=1), rng, 18, 24)
        return at(first + dt.timedelta(days=2 + rng.randrange(0, 6)), rng, 12 if rng.random() < 0.3 else 7)
    if slot == "score":
        release = cal["subj_score" if sitting == "subj" else "obj_score"]
        return at(release + dt.timedelta(days=rng.randrange(-3, 6)), rng)
    if slot == "reg":
        return at(cal["reg"] + dt.timedelta(days=rng.randrange(-7, 19)), rng)
    if slot == "prep":
        return at(dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(0, 240)), rng)
    return at(dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(0, 365)), rng)


def rng_free_choice(text: str) -> str:
    """pre or run-up for a rumour about the arrangements, chosen from the text so the seed sequence stays put."""
    if any(w in text for w in ("作废", "重考", "昨天", "补考", "断电")):
        return "post"
    return "pre" if "明天" in text or sum(map(ord, text)) % 2 else "run-up"


def hint(label: str, kind: str | None, text: str) -> str | None:
    """Everyday posts and complaints that say when they are written ("明天就要考了", "考完", "成绩") go there."""
    if label == "rumour":
        return "score" if any(w in text for w in ("合格线", "分数线", "成绩")) else rng_free_choice(text)
    if label not in ("normal", "complaint") or kind is not None:
        return None
    for slot, words in (("pre", ("明天就要考", "明天考试", "考前一天", "考前一晚", "明天下午主观题", "明天几点")),
                        ("live", ("考场上", "考场实拍", "考场门口", "今天下午卷二", "今天法考")),
                        ("post", ("考完", "考后", "今天的考点", "出考场", "考场里", "考场电脑", "考场网络", "监考")),
                        ("score", ("成绩", "查分", "复核", "分数线", "合格线", "过了！", "我过了")),
                        ("reg", ("报名", "准考证")), ("run-up", ("倒计时", "冲刺", "最后一周"))):
        if any(w in text for w in words):
            return slot
    return None


def main() -> int:
    problems, rows, seen = [], [], set()
    counters = collections.Counter()
    rng = random.Random(20261123)
    for stem, label in FILES:
        for n, line in enumerate((HERE / "src" / f"{stem}.tsv").read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("|", 3)
            where = f"src/{stem}.tsv:{n}"
            if len(parts) != 4:
                problems.append(f"{where}: expected platform|notes|when|text, got {len(parts)} fields")
                continue
            platform, notes, when, text = (p.strip() for p in parts)
            text = unescape(text)
            check_post(where, platform, text, seen, problems)
            kind = None
            if notes.startswith("hard_negative"):
                kind = notes.partition(":")[2].strip()
                if label != "normal" or stem != "normal_hard":
                    problems.append(f"{where}: hard_negative outside normal_hard.tsv")
                if kind not in HARD_KINDS:
                    problems.append(f"{where}: unknown hard-negative kind '{kind}'")
            elif stem == "normal_hard":
                problems.append(f"{where}: normal_hard.tsv line without hard_negative:<kind>")
            if notes.startswith("evasion:"):
                if label not in HARMFUL:
                    problems.append(f"{where}: evasion noted on a {label} post")
                if notes.partition(":")[2] not in EVASIONS:
                    problems.append(f"{where}: unknown evasion kind '{notes}'")
            if when and when not in SLOTS:
                problems.append(f"{where}: unknown time slot '{when}'")
                continue
            slot = when or hint(label, kind, text) or rng.choice(DEFAULTS[kind or label])
            counters[label] += 1
            rows.append({"id": f"h2-{PREFIX[label]}-{counters[label]:03d}", "text": text, "label": label, "platform": platform,
                         "notes": notes, "published_at": published_at(slot, text, rng).isoformat()})
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    with open(HERE / "heldout.jsonl", "w", encoding="utf-8", newline="\n") as plain, \
            open(HERE / "heldout-timed.jsonl", "w", encoding="utf-8", newline="\n") as timed:
        for r in rows:
            timed.write(json.dumps(r, ensure_ascii=False) + "\n")
            plain.write(json.dumps({k: v for k, v in r.items() if k != "published_at"}, ensure_ascii=False) + "\n")
    normal = counters["normal"]
    hard = collections.Counter(r["notes"].partition(":")[2].strip() for r in rows if r["notes"].startswith("hard_negative"))
    harmful = [r for r in rows if r["label"] in HARMFUL]
    evasive = [r for r in harmful if r["notes"].startswith("evasion:")]
    print(f"{len(rows)} posts: " + ", ".join(f"{k} {v}" for k, v in counters.items()))
    print(f"hard negatives {sum(hard.values())} of {normal} normal ({100 * sum(hard.values()) / normal:.0f} %): "
          + ", ".join(f"{k} {v}" for k, v in hard.most_common()))
    print(f"evasion in {len(evasive)} of {len(harmful)} harmful posts ({100 * len(evasive) / len(harmful):.0f} %): "
          + ", ".join(f"{k[8:]} {v}" for k, v in collections.Counter(r['notes'] for r in evasive).most_common()))
    print_shape(rows)
    return build_contacts()




def build_contacts() -> int:
    problems, rows, seen = [], [], set()
    for n, line in enumerate((HERE / "src" / "contacts.txt").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        text, sep, rest = line.partition(" || ")
        if not sep and line.endswith(" ||"):
            text, rest = line[:-3], ""
        elif not sep:
            problems.append(f"src/contacts.txt:{n}: no ' || ' separator")
            continue
        text = unescape(text.strip())
        if text in seen:
            problems.append(f"src/contacts.txt:{n}: duplicate text")
        seen.add(text)
        contacts = [c for c in (check_contact(f"src/contacts.txt:{n}", f, text, problems, fictional_mobile=True) for f in rest.split()) if c]
        rows.append({"text": text, "contacts": contacts})
    return finish_contacts(problems, rows, HERE / "contacts.jsonl")


if __name__ == "__main__":
    sys.exit(main())
