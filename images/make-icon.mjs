// Draws images/icon.png (128×128): a violet WebAssembly-style tile with two
// stacked "frames" and a resume arrow between them, written as a PNG by hand
// (zlib + CRC), so no image tool is needed. Run: node images/make-icon.mjs
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';

const N = 128;
const px = new Uint8Array(N * N * 4);
function set(x, y, [r, g, b, a = 255]) {
  if (x < 0 || y < 0 || x >= N || y >= N) return;
  const i = (y * N + x) * 4;
  px[i] = r; px[i + 1] = g; px[i + 2] = b; px[i + 3] = a;
}
function rect(x0, y0, w, h, c) { for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) set(x, y, c); }
// Rounded tile.
const R = 18;
for (let y = 0; y < N; y++) for (let x = 0; x < N; x++) {
  const dx = Math.max(R - x, x - (N - 1 - R), 0), dy = Math.max(R - y, y - (N - 1 - R), 0);
  if (dx * dx + dy * dy <= R * R) set(x, y, [101, 79, 240]);
}
// A notch at the top, as in the WebAssembly logo.
for (let y = 0; y < 22; y++) for (let x = 44; x < 84; x++) if ((x - 64) ** 2 + y * y < 20 ** 2) set(x, y, [0, 0, 0, 0]);
// Two stack frames (a continuation over its resumer) and the link between them.
const white = [255, 255, 255];
rect(24, 40, 80, 20, white); rect(28, 44, 72, 12, [101, 79, 240]); rect(32, 48, 36, 4, white);
rect(24, 84, 80, 20, white); rect(28, 88, 72, 12, [101, 79, 240]); rect(32, 92, 52, 4, white);
rect(62, 62, 4, 20, [255, 214, 10]);
for (let k = 0; k < 8; k++) rect(64 - k, 62 + k, 2 * k + 1 > 0 ? 2 * k : 1, 1, [255, 214, 10]);

const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
const crc = (buf) => { let c = 0xffffffff; for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const c = Buffer.alloc(4); c.writeUInt32BE(crc(td));
  return Buffer.concat([len, td, c]);
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(N, 0); ihdr.writeUInt32BE(N, 4); ihdr[8] = 8; ihdr[9] = 6; // 8-bit RGBA
const raw = Buffer.alloc(N * (N * 4 + 1));
for (let y = 0; y < N; y++) { raw[y * (N * 4 + 1)] = 0; Buffer.from(px.buffer, y * N * 4, N * 4).copy(raw, y * (N * 4 + 1) + 1); }
const png = Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
writeFileSync(new URL('./icon.png', import.meta.url), png);
console.log(`icon.png: ${png.length} bytes`);
