#!/usr/bin/env python3
"""Writes a JSONL stream of posts for `sw classify --input` speed runs.

Texts come from the demo scenario (scenarios/demo.jsonl) and the training corpus (models/training/*.jsonl); a share
of posts are reposts of a recent post with a small edit (the near-duplicates and incidents a real stream has). Posts
arrive at a steady rate (default 10,000 a day, from 2026-09-05 00:00 Beijing time), so a longer stream spans more
days rather than packing more posts into the clustering window. Deterministic for a given seed.

    python3 tools/make-classify-input.py --posts 100000 --out /tmp/posts-100k.jsonl
"""
import argparse
import datetime
import glob
import json
import os
import random

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLATFORMS = ["weibo", "tieba", "discuz", "news", "rss"]
EDITS = ["", "！", "。。", " 转", "[doge]", "😂", " #法考#", "（转）", "…"]


def load_texts():
    texts = []
    with open(os.path.join(ROOT, "scenarios", "demo.jsonl"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("//"):
                post = json.loads(line)
                texts.append(((post.get("title") or "") + " " + post["text"]).strip())
    for path in sorted(glob.glob(os.path.join(ROOT, "models", "training", "*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    texts.append(json.loads(line)["text"])
    return texts


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=20261206)
    parser.add_argument("--per-day", type=int, default=10_000)
    parser.add_argument("--repost-share", type=float, default=0.3)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    texts = load_texts()
    start = datetime.datetime(2026, 9, 5, 0, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
    step = 86400.0 / args.per_day
    recent = []
    with open(args.out, "w", encoding="utf-8") as out:
        for n in range(args.posts):
            at = start + datetime.timedelta(seconds=n * step + rng.random() * step)
            if recent and rng.random() < args.repost_share:
                text = rng.choice(recent) + rng.choice(EDITS)
            else:
                text = rng.choice(texts)
                if rng.random() < 0.5:
                    # A different writer's copy: one character dropped, an ending added.
                    cut = rng.randrange(len(text))
                    text = text[:cut] + text[cut + 1:] + rng.choice(EDITS)
            recent.append(text)
            if len(recent) > 500:
                recent.pop(0)
            post = {
                "id": f"g{n + 1}",
                "text": text,
                "platform": rng.choice(PLATFORMS),
                "author": f"u{rng.randrange(20_000)}",
                "published_at": at.isoformat(timespec="seconds"),
                "reposts": rng.randrange(50),
                "comments": rng.randrange(50),
                "likes": rng.randrange(500),
            }
            out.write(json.dumps(post, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
