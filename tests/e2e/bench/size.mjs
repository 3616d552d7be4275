// Benchmark: the size of what a trust PC downloads (wasm + JS + CSS of the release build), raw, gzip and brotli.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

// A ratchet (issue 11): 600 KB brotli once the house was reshaped at 583.5 KB, 590 KB once structs were read by
// from_map! (576.2 KB). Raised once, to 630 KB, for issue 13's five screens (triage worklist and decision, clinic
// outcome, change details, the admitted list: 581.0 -> 625.0 KB); issue 19 holds the way down (550 KB).
const BUDGET_BROTLI_KB = 630;
const dist = process.env.PATHDESK_DIST ?? 'dist';
const kb = (n) => (n / 1024).toFixed(1);

let raw = 0;
let gzip = 0;
let brotli = 0;
const rows = [];
for (const name of readdirSync(dist)) {
  if (!/\.(wasm|js|css)$/.test(name) || name === 'sw.js') continue;
  const bytes = readFileSync(join(dist, name));
  const g = gzipSync(bytes, { level: 9 }).length;
  // What the server sends: the build's own .br file (quality 11), or the file compressed here the same way.
  const written = join(dist, `${name}.br`);
  const b = existsSync(written)
    ? readFileSync(written).length
    : brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  rows.push(`  ${name}: ${kb(bytes.length)} KB raw, ${kb(g)} KB gzip, ${kb(b)} KB brotli`);
  raw += bytes.length;
  gzip += g;
  brotli += b;
}
console.log(rows.join('\n'));
const verdict = brotli / 1024 <= BUDGET_BROTLI_KB ? 'within budget' : 'OVER BUDGET';
console.log(`app size: ${kb(raw)} KB raw, ${kb(gzip)} KB gzip, ${kb(brotli)} KB brotli (budget ${BUDGET_BROTLI_KB} KB brotli): ${verdict}`);
