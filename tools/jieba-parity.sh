#!/usr/bin/env bash
# Full jieba parity check: runs `sw segment` (bare jieba, no domain dictionary) in all four modes over the parity
# kit's dev and edge corpora and compares with jieba 0.42.1's reference output using the kit's compare.py; then
# replays the user-dictionary operations (test suite) and, when Debian's python3-jieba is installed, compares
# `sw keywords` with jieba.analyse.extract_tags on documents built from the dev corpus.
# Exit 0 only when everything agrees 100 %.
#   usage: tools/jieba-parity.sh [KIT_DIR]     (default: ../shared/jieba relative to the repo root)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
kit="${1:-$root/../shared/jieba}"
kit="$(cd "$kit" && pwd)"
out="${PARITY_OUT:-$root/artifacts/parity}"
py=/usr/bin/python3
[ -x "$py" ] || py=python3
mkdir -p "$out"
cd "$root"
dotnet build src/Host -c Release --nologo -v q >/dev/null
sw="$root/src/Host/bin/Release/net10.0/sw"
rc=0
for corpus in dev edge_cases; do
  mkdir -p "$out/$corpus"
  for pair in default:default no_hmm:nohmm cut_all:all search:search; do
    name="${pair%%:*}"; mode="${pair##*:}"
    "$sw" segment --no-domain-dict --json-lines --mode "$mode" < "$kit/corpus/$corpus.jsonl" > "$out/$corpus/$name.jsonl"
  done
  echo "== $corpus"
  "$py" "$kit/compare.py" "$out/$corpus" --ref "$kit/reference/$corpus" --corpus "$kit/corpus/$corpus.jsonl" || rc=1
done

echo "== userdict_ops (replayed by the test suite)"
SW_JIEBA_KIT="$kit" dotnet test tests/Classifier.Tests -c Release --nologo -v q \
  --filter "FullyQualifiedName~ReplayUserDictionaryOps" 2>&1 | grep -E "Passed!|Failed!|error" || rc=1

if "$py" -c "import jieba.analyse" 2>/dev/null; then
  echo "== keywords (extract_tags, topK=20, withWeight)"
  "$py" "$root/tools/keywords_parity.py" "$kit/corpus/dev.jsonl" "$sw" || rc=1
else
  echo "== keywords: skipped (python3-jieba is not installed: apt-get install python3-jieba)"
fi
exit $rc
