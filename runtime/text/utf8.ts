// UTF-8 helpers for the text format. WebAssembly strings are byte sequences;
// only where a *name* is required (imports, exports, quoted ids, module names)
// must those bytes be valid UTF-8.

/** Appends the UTF-8 encoding of one code point to `out`. */
export function pushUtf8(out: number[], cp: number): void {
  if (cp < 0x80) {
    out.push(cp);
  } else if (cp < 0x800) {
    out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  } else {
    out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  }
}

const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decodes bytes as UTF-8, or returns undefined when they are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  // Pure ASCII is by far the common case and needs no decoder.
  let ascii = true;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! >= 0x80) { ascii = false; break; }
  }
  if (ascii && bytes.length < 1024) return String.fromCharCode(...bytes);
  try {
    return strictDecoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Lone surrogates U+DC80..U+DCFF stand for raw bytes 0x80..0xFF that were not
 * valid UTF-8 when a byte string (a `module quote` body) was turned into text.
 * Valid UTF-8 never decodes to a lone surrogate, so the lexer can tell them
 * apart and report "malformed UTF-8 encoding" exactly where the bad byte was.
 */
export const RAW_BYTE_BASE = 0xdc00;

/** Decodes bytes to a JS string, mapping every invalid byte to RAW_BYTE_BASE + byte. */
export function bytesToTextLossless(bytes: Uint8Array): string {
  const direct = decodeUtf8(bytes);
  if (direct !== undefined) return direct;
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) { out += String.fromCharCode(b); i++; continue; }
    const len = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b < 0xe0 ? 2 : 0;
    if (len > 0 && i + len <= bytes.length) {
      const s = decodeUtf8(bytes.subarray(i, i + len));
      if (s !== undefined) { out += s; i += len; continue; }
    }
    out += String.fromCharCode(RAW_BYTE_BASE + b);
    i++;
  }
  return out;
}
