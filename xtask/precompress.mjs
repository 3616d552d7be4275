// Writes FILE.br (brotli quality 11) and FILE.gz (gzip level 9) beside every file the browser downloads, so the
// server sends the smallest form without compressing on the fly (it would use brotli quality 4: 734 KB, not 583).
// Style sheets lose their comments and spare spaces first (never a space that separates two selectors), and
// index.html's integrity hash of each is written again (a stale hash makes the browser refuse the sheet).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const dist = process.argv[2];
const indexPath = join(dist, 'index.html');
let index = readFileSync(indexPath, 'utf8');
let count = 0;
const names = readdirSync(dist).filter((name) => /\.(wasm|js|css|html|svg|webmanifest)$/.test(name));
// Style sheets first, so index.html carries their new hashes before it is compressed itself.
names.sort((a, b) => Number(b.endsWith('.css')) - Number(a.endsWith('.css')) || Number(a === 'index.html') - Number(b === 'index.html'));
for (const name of names) {
  if (name === 'index.html') writeFileSync(indexPath, index);
  if (name.endsWith('.css')) {
    const css = readFileSync(join(dist, name), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\s+/g, ' ')
      .replace(/\s*([{};,])\s*/g, '$1')
      .trim();
    const minified = `${css}\n`;
    writeFileSync(join(dist, name), minified);
    const integrity = `sha384-${createHash('sha384').update(minified).digest('base64')}`;
    const link = new RegExp(`(href="/${name.replace(/[.]/g, '\\.')}"[^>]*integrity=")[^"]*"`);
    if (link.test(index)) index = index.replace(link, `$1${integrity}"`);
  }
  const bytes = readFileSync(join(dist, name));
  const size = bytes.length;
  writeFileSync(join(dist, `${name}.br`), brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: size },
  }));
  writeFileSync(join(dist, `${name}.gz`), gzipSync(bytes, { level: 9 }));
  count += 1;
}
console.log(`precompressed ${count} files (brotli 11, gzip 9)`);
