"""Checks and output helpers shared by the held-out build scripts (build.py for v1, v2/build.py for v2)."""
import collections
import json
import pathlib
import re
import sys
import unicodedata

PLATFORMS = {"weibo", "tieba", "qq_group", "zhihu", "xiaohongshu", "douyin", "bilibili", "news_comment", "wechat_article"}
PREFIX = {"leak": "lk", "answer_selling": "as", "cheating": "ch", "fraud": "fr", "rumour": "ru", "complaint": "co", "normal": "no"}
HARMFUL = ("leak", "answer_selling", "cheating", "fraud", "rumour")
KINDS = {"qq", "qq_group", "wechat", "mobile", "landline", "hotline", "telegram", "url", "email"}
NUMERALS = str.maketrans("零〇一二三四五六七八九", "00123456789")


def unescape(text: str) -> str:
    """Invisible characters are written as \\uXXXX escapes in the sources so they stay reviewable."""
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)


def check_post(where: str, platform: str, text: str, seen: set, problems: list) -> None:
    """Platform known, length 8-500, text not seen before in the set."""
    if platform not in PLATFORMS:
        problems.append(f"{where}: unknown platform '{platform}'")
    if not 8 <= len(text) <= 500:
        problems.append(f"{where}: text is {len(text)} characters (8-500)")
    if text in seen:
        problems.append(f"{where}: duplicate text")
    seen.add(text)


def check_contact(where: str, field: str, text: str, problems: list, fictional_mobile: bool = False):
    """Parses `kind=value` and checks the value can be recovered from the text; returns the contact or None."""
    kind, _, value = field.partition("=")
    if kind not in KINDS or not value:
        problems.append(f"{where}: bad contact '{field}'")
        return None
    folded = unicodedata.normalize("NFKC", text).lower()
    digits = "".join(c for c in folded.translate(NUMERALS) if c.isdigit())
    # The value must be recoverable from the text: digits for numbers, the folded form otherwise.
    if kind in ("qq", "qq_group", "mobile", "landline", "hotline"):
        ok = value.isdigit() and value in digits and (kind != "mobile" or (
            len(value) == 11 and value[0] == "1" and (not fictional_mobile or value[3:7] == "0000")))
    else:
        ok = value.lower() in folded.replace(" ", "") or value.lower() in folded
    if not ok:
        need = " (mobiles need a 0000 middle block)" if fictional_mobile else ""
        problems.append(f"{where}: {kind} '{value}' does not occur in its text{need}")
    return {"kind": kind, "value": value}


def write_jsonl(path: pathlib.Path, rows) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def finish_contacts(problems: list, rows: list, path: pathlib.Path) -> int:
    """Writes contacts.jsonl and prints its counts, or prints the problems and returns 1 without writing."""
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    write_jsonl(path, rows)
    kinds = collections.Counter(c["kind"] for r in rows for c in r["contacts"])
    print(f"contacts.jsonl: {len(rows)} lines, {sum(kinds.values())} contacts (" + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
          + f"), {sum(1 for r in rows if not r['contacts'])} decoy lines without any contact")
    return 0


def print_shape(rows) -> None:
    print("platforms: " + ", ".join(f"{k} {v}" for k, v in collections.Counter(r['platform'] for r in rows).most_common()))
    lengths = sorted(len(r["text"]) for r in rows)
    print(f"length: min {lengths[0]}, median {lengths[len(lengths) // 2]}, max {lengths[-1]}")
