#!/usr/bin/env python3
"""Simulates one day of commentators' feedback with a held-back blind round (issue 14 item 5).

Writes every line of FEEDBACK.jsonl (text, label, published_at) into the feedback table of a fresh SQLite store in
DATA_DIR, the rows `sw feedback` writes (decision `relabelled`, the writer's label, the post's publication time),
so that `sw train --include-feedback` reads them through the product's own store and training path. The rows are
written with sqlite3 because the posts were never crawled into the store (sw feedback needs a stored post).
Before running this, let the product create the store once, e.g. `SW_Paths__Data=DATA_DIR ./sw feedback --post 1
--decision confirmed --label leak` (it migrates the database, then refuses: post 1 is not in the store).

Usage: python3 tools/feedback_simulation.py DATA_DIR/sentimentwatch.db FEEDBACK.jsonl
"""
import datetime
import json
import sqlite3
import sys


def utc(iso):
    t = datetime.datetime.fromisoformat(iso).astimezone(datetime.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond * 10:07d}Z"


def main():
    db, path = sys.argv[1], sys.argv[2]
    rows = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    con = sqlite3.connect(db)
    now = utc(datetime.datetime.now(datetime.timezone.utc).isoformat())
    for i, r in enumerate(rows, 1):
        con.execute(
            "INSERT INTO classification_feedback (post_id, post_version, text, label, decision, predicted_label, reviewer, note, at_utc, published_at_utc) "
            "VALUES (?, 1, ?, ?, 'relabelled', NULL, 'simulation', ?, ?, ?)",
            (900000 + i, r["text"], r["label"], r.get("id"), now, utc(r["published_at"]) if r.get("published_at") else None))
    con.commit()
    print(f"{len(rows)} feedback rows written to {db}")


if __name__ == "__main__":
    main()
