// Speed peer for `SentimentWatch.Benchmarks segment`: @node-rs/jieba 2.0.3 (Rust, prebuilt N-API binary).
// usage: node node-jieba-bench.js [--rounds N] CORPUS_FILE [MODE...]   (modes: default nohmm all search)
// Loads the peer's bundled dictionary, reads the corpus (one line per call, like ours), and prints one JSON line:
// {"peer": "...", "loadMs": n, "bytes": n, "modes": {"default": {"seconds": s, "mbPerS": x, "cpuSeconds": c, "mbPerCpuS": y, "tokens": n}, ...}}
// (best of N rounds for both wall-clock and CPU time)
'use strict';
const fs = require('fs');
const path = require('path');
const { Jieba } = require(path.join(__dirname, 'node_modules/@node-rs/jieba'));
const { dict } = require(path.join(__dirname, 'node_modules/@node-rs/jieba/dict'));

const argv = process.argv.slice(2);
let rounds = 1;
const ri = argv.indexOf('--rounds');
if (ri >= 0) { rounds = parseInt(argv[ri + 1], 10); argv.splice(ri, 2); }
const file = argv[0];
const modes = argv.length > 1 ? argv.slice(1) : ['default'];
const text = fs.readFileSync(file, 'utf8');
const lines = text.split('\n');
const bytes = Buffer.byteLength(text, 'utf8') - (lines.length - 1);   // newline bytes are not segmented

const t0 = process.hrtime.bigint();
const jieba = Jieba.withDict(dict);
jieba.cut('预热', true);
const loadMs = Number(process.hrtime.bigint() - t0) / 1e6;

const result = { peer: '@node-rs/jieba ' + require(path.join(__dirname, 'node_modules/@node-rs/jieba/package.json')).version, loadMs, bytes, modes: {} };
for (const mode of modes) {
  const cut = mode === 'nohmm' ? (l) => jieba.cut(l, false)
    : mode === 'all' ? (l) => jieba.cutAll(l)
    : mode === 'search' ? (l) => jieba.cutForSearch(l, true)
    : (l) => jieba.cut(l, true);
  for (let i = 0; i < Math.min(2000, lines.length); i++) cut(lines[i]);   // warm-up
  let tokens = 0, best = Infinity, bestCpu = Infinity;
  for (let r = 0; r < rounds; r++) {
    tokens = 0;
    const c = process.cpuUsage();
    const s = process.hrtime.bigint();
    for (const l of lines) tokens += cut(l).length;
    best = Math.min(best, Number(process.hrtime.bigint() - s) / 1e9);
    const cu = process.cpuUsage(c);
    bestCpu = Math.min(bestCpu, (cu.user + cu.system) / 1e6);
  }
  result.modes[mode] = { seconds: best, mbPerS: bytes / 1e6 / best, cpuSeconds: bestCpu, mbPerCpuS: bytes / 1e6 / bestCpu, tokens };
}
console.log(JSON.stringify(result));
