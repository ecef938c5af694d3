#!/usr/bin/env python3
"""Compare `sw keywords` with jieba.analyse.extract_tags(doc, topK=20, withWeight=True).

usage: keywords_parity.py CORPUS_JSONL SW_BINARY [--write-fixture FILE] [--every N]

Documents are up to 50 consecutive corpus lines of one source joined with '\n' (as in the parity kit's spec).
Words must be identical and in the same order; weights must agree within 1e-9. Exit 0 only when all agree.
With --write-fixture, writes every N-th document's line range and jieba's result as JSON lines (for the test suite).
Needs Debian's python3-jieba (run with /usr/bin/python3).
"""
import argparse, json, subprocess, sys

import jieba
import jieba.analyse

ap = argparse.ArgumentParser()
ap.add_argument('corpus')
ap.add_argument('sw')
ap.add_argument('--write-fixture')
ap.add_argument('--every', type=int, default=10)
a = ap.parse_args()

recs = [json.loads(l) for l in open(a.corpus, encoding='utf-8') if l.strip()]
docs = []          # (first line, last line exclusive, text)
i = 0
while i < len(recs):
    j = i
    while j < len(recs) and j - i < 50 and recs[j].get('src') == recs[i].get('src'):
        j += 1
    docs.append((i, j, '\n'.join(r['text'] for r in recs[i:j])))
    i = j

jieba.setLogLevel(60)
ref = [jieba.analyse.extract_tags(d[2], topK=20, withWeight=True) for d in docs]
inp = ''.join(json.dumps(d[2], ensure_ascii=False) + '\n' for d in docs)
p = subprocess.run([a.sw, 'keywords', '--no-domain-dict', '--json-lines', '--top', '20'], input=inp.encode('utf-8'),
                   stdout=subprocess.PIPE, check=True)
got = [json.loads(l) for l in p.stdout.decode('utf-8').splitlines()]
bad = 0
for k, (r, g) in enumerate(zip(ref, got)):
    ok = len(r) == len(g) and all(rw == gw and abs(rv - gv) <= 1e-9 for (rw, rv), (gw, gv) in zip(r, g))
    if not ok:
        bad += 1
        if bad <= 3:
            print('doc %d (lines %d..%d)\n  ref: %s\n  got: %s' % (k, docs[k][0], docs[k][1], r[:6], g[:6]))
if len(got) != len(ref):
    print('line count differs: ref %d, got %d' % (len(ref), len(got)))
    bad += 1
print('keywords %d/%d documents identical (%.4f%%)' % (len(ref) - bad, len(ref), 100.0 * (len(ref) - bad) / len(ref)))
if a.write_fixture:
    with open(a.write_fixture, 'w', encoding='utf-8') as f:
        for k in range(0, len(docs), a.every):
            f.write(json.dumps({'first': docs[k][0], 'end': docs[k][1], 'tags': ref[k]}, ensure_ascii=False) + '\n')
sys.exit(0 if bad == 0 else 1)
