// Usage: node split-debug.mjs <in.wasm> <debug-file-name> <out.wasm>
// Copies a module without its .debug_* custom sections and appends an
// external_debug_info section naming the file that keeps the DWARF.
import { readFileSync, writeFileSync } from 'node:fs';
const [input, debugName, output] = process.argv.slice(2);
const bytes = readFileSync(input);
const uleb = (n) => { const out = []; do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; out.push(b); } while (n); return out; };
const parts = [bytes.subarray(0, 8)];
let pos = 8;
while (pos < bytes.length) {
  const start = pos;
  pos++;
  let size = 0, shift = 0, b;
  do { b = bytes[pos++]; size |= (b & 0x7f) << shift; shift += 7; } while (b & 0x80);
  const body = pos;
  pos += size;
  if (bytes[start] === 0) {
    let nameLen = 0; shift = 0; let q = body;
    do { b = bytes[q++]; nameLen |= (b & 0x7f) << shift; shift += 7; } while (b & 0x80);
    const name = bytes.subarray(q, q + nameLen).toString('utf8');
    if (name.startsWith('.debug_')) continue;
  }
  parts.push(bytes.subarray(start, pos));
}
const enc = new TextEncoder();
const name = enc.encode('external_debug_info');
const path = enc.encode(debugName);
const payload = [...uleb(name.length), ...name, ...uleb(path.length), ...path];
parts.push(Uint8Array.from([0, ...uleb(payload.length), ...payload]));
writeFileSync(output, Buffer.concat(parts));
