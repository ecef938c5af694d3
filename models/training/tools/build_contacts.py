#!/usr/bin/env python3
"""Build tests/Classifier.Tests/Data/contacts_gold.jsonl from the hand-written
models/training/contacts/contacts_gold.src.txt, checking every gold value.

Source format, one case per line:   <text> => <kind>:<value> ; <kind>:<value>
A case with no contact ends in "=>" with nothing after it. "\\n" in the text
becomes a newline. Lines starting with "# " (hash, space) are comments.

Checks: kinds are known; values are in normalised form (see the README next
to the output file); each value can be found in the text once the text is
normalised the same way (full-width to ASCII, separators and emoji removed,
lower-cased), so a typo in the gold value fails the build.
"""
import json
import os
import re
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO = os.path.dirname(os.path.dirname(ROOT))
SRC = os.path.join(ROOT, "contacts", "contacts_gold.src.txt")
OUT = os.path.join(REPO, "tests", "Classifier.Tests", "Data", "contacts_gold.jsonl")
CN_DIGITS = str.maketrans("零〇一二三四五六七八九", "00123456789")
# For the digit kinds only: spoken digits and the look-alike letters that models/contact-chars.tsv reads inside numbers.
SPOKEN_AND_LOOKALIKE = str.maketrans("幺两洞bzsilo", "120825110")

PATTERNS = {
    "qq": re.compile(r"^[1-9]\d{4,10}$"),
    "qq_group": re.compile(r"^[1-9]\d{4,10}$"),
    "mobile": re.compile(r"^1[3-9]\d{9}$"),
    "landline": re.compile(r"^0[1-9]\d{9,10}$"),
    "hotline": re.compile(r"^[48]00\d{7}$"),
    # A mobile number given as the WeChat id ("微信 一三八…") is the one all-digit id.
    "wechat": re.compile(r"^(?:wxid_[a-z0-9]{6,}|[a-z][a-z0-9_-]{5,19}|1[3-9]\d{9})$"),
    "telegram": re.compile(r"^[a-z0-9_]{5,32}$"),
    "email": re.compile(r"^[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}$"),
    "url": re.compile(r"^\S+$"),
}


def squash(text):
    """Text as the checks see it: NFKC (full-width to ASCII), lower-case,
    Chinese numerals to digits, everything but [a-z0-9_@.:/-] removed."""
    t = unicodedata.normalize("NFKC", text).lower().translate(CN_DIGITS)
    return re.sub(r"[^a-z0-9_@.:/%?=&#+-]", "", t)


def check_url(v):
    m = re.match(r"^(?:(https?)://)?([^/?#]+)(.*)$", v)
    if not m:
        return False
    scheme, host = m.group(1) or "", m.group(2)
    return scheme == scheme.lower() and host == host.lower() and "." in host


def main():
    errors, rows = [], []
    kinds_seen = {}
    with open(SRC, encoding="utf-8") as f:
        for ln, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.startswith("# "):
                continue
            if " =>" not in line:
                errors.append(f"{ln}: missing ' =>'")
                continue
            text, _, spec = line.rpartition(" =>")
            text = text.strip().replace("\\n", "\n")
            contacts = []
            for part in [p.strip() for p in spec.split(" ; ") if p.strip()]:
                kind, _, value = part.partition(":")
                kind, value = kind.strip(), value.strip()
                if kind not in PATTERNS:
                    errors.append(f"{ln}: unknown kind '{kind}'")
                    continue
                ok = PATTERNS[kind].match(value) and (kind != "url" or check_url(value))
                if not ok:
                    errors.append(f"{ln}: {kind} value '{value}' is not normalised")
                probe = squash(value)
                if kind == "telegram":
                    probe = probe.lstrip("@")
                hay = squash(text)
                if kind in ("qq", "qq_group", "mobile", "landline", "hotline") or (kind == "wechat" and value.isdigit()):
                    # Digits may be split by dashes, dots or words that place the parts (前三位…中间四位…), and written
                    # with spoken digits or look-alike letters.
                    t = unicodedata.normalize("NFKC", re.sub(r"[一二三四五六七八九两]位", "", text)).lower()
                    hay = re.sub(r"\D", "", t.translate(CN_DIGITS).translate(SPOKEN_AND_LOOKALIKE))
                elif kind in ("url", "email"):
                    # Spelled-out dots and ats.
                    t = re.sub(r"\s?[(\[【]\s?dot\s?[)\]】]\s?|\sdot\s|点", ".", text.lower())
                    hay = squash(re.sub(r"\s?[(\[【]\s?at\s?[)\]】]\s?|\sat\s|艾特", "@", t))
                if probe not in hay:
                    errors.append(f"{ln}: {kind} '{value}' not found in text")
                contacts.append({"kind": kind, "value": value})
                kinds_seen[kind] = kinds_seen.get(kind, 0) + 1
            rows.append({"text": text, "contacts": contacts})
    texts = [r["text"] for r in rows]
    if len(set(texts)) != len(texts):
        errors.append("duplicate texts")
    for e in errors:
        print("error: line " + e, file=sys.stderr)
    if errors:
        sys.exit(1)
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    neg = sum(1 for r in rows if not r["contacts"])
    print(f"{len(rows)} cases ({neg} without contact); contacts by kind: "
          + ", ".join(f"{k} {v}" for k, v in sorted(kinds_seen.items())))


if __name__ == "__main__":
    main()
