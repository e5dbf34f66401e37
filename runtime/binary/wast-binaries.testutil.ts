// Test support: pulls the `(module binary "…")` forms out of .wast scripts
// with a small s-expression reader, together with the command around them
// (assert_malformed and its expected message, assert_invalid, or none).
// Only what the binary-format tests need; the real script parser lives in
// runtime/text and runtime/script.

import { readFileSync } from 'node:fs';

export interface WastBinary {
  file: string;
  line: number;
  bytes: Uint8Array;
  /** Head of the enclosing command ('assert_malformed', 'assert_invalid', …), or '' at top level. */
  context: string;
  /** The expected message of an assert_* command, when it has one. */
  expected?: string;
}

type Node =
  | { kind: 'list'; items: Node[]; line: number }
  | { kind: 'atom'; text: string }
  | { kind: 'string'; bytes: number[] };

const HEX = /^[0-9a-fA-F]{2}$/;

function parse(src: string): Node[] {
  let i = 0;
  let line = 1;
  const top: Node[] = [];
  const stack: Node[][] = [top];
  const lines: number[] = [];
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\n') { line++; i++; continue; }
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (c === ';' && src[i + 1] === ';') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '(' && src[i + 1] === ';') {
      let depth = 0;
      while (i < src.length) {
        if (src[i] === '(' && src[i + 1] === ';') { depth++; i += 2; continue; }
        if (src[i] === ';' && src[i + 1] === ')') { depth--; i += 2; if (depth === 0) break; continue; }
        if (src[i] === '\n') line++;
        i++;
      }
      continue;
    }
    if (c === '(') {
      const items: Node[] = [];
      stack[stack.length - 1]!.push({ kind: 'list', items, line });
      stack.push(items);
      lines.push(line);
      i++;
      continue;
    }
    if (c === ')') {
      if (stack.length > 1) stack.pop();
      i++;
      continue;
    }
    if (c === '"') {
      const bytes: number[] = [];
      i++;
      while (i < src.length && src[i] !== '"') {
        if (src[i] === '\\') {
          const next = src[i + 1]!;
          const two = src.slice(i + 1, i + 3);
          if (HEX.test(two)) { bytes.push(parseInt(two, 16)); i += 3; continue; }
          const simple: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, "'": 39, '\\': 92 };
          if (next in simple) { bytes.push(simple[next]!); i += 2; continue; }
          if (next === 'u') {
            const close = src.indexOf('}', i);
            const cp = parseInt(src.slice(i + 3, close), 16);
            bytes.push(...Buffer.from(String.fromCodePoint(cp), 'utf8'));
            i = close + 1;
            continue;
          }
          bytes.push(92);
          i++;
          continue;
        }
        // Raw source characters stand for their UTF-8 bytes.
        const cp = src.codePointAt(i)!;
        const ch = String.fromCodePoint(cp);
        if (ch === '\n') line++;
        bytes.push(...Buffer.from(ch, 'utf8'));
        i += ch.length;
      }
      i++;
      stack[stack.length - 1]!.push({ kind: 'string', bytes });
      continue;
    }
    let j = i;
    while (j < src.length && !/[\s()";]/.test(src[j]!)) j++;
    stack[stack.length - 1]!.push({ kind: 'atom', text: src.slice(i, j) });
    i = j === i ? i + 1 : j;
  }
  return top;
}

function head(n: Node): string {
  return n.kind === 'list' && n.items[0]?.kind === 'atom' ? n.items[0].text : '';
}

/** The bytes of a `(module [$id] [definition] binary "…"*)` form, or undefined for other forms. */
function binaryModuleBytes(n: Node): Uint8Array | undefined {
  if (n.kind !== 'list' || head(n) !== 'module') return undefined;
  let k = 1;
  while (k < n.items.length && n.items[k]!.kind === 'atom' && (n.items[k] as { text: string }).text !== 'binary') k++;
  const kw = n.items[k];
  if (!kw || kw.kind !== 'atom' || k > 3) return undefined;
  const bytes: number[] = [];
  for (const item of n.items.slice(k + 1)) if (item.kind === 'string') bytes.push(...item.bytes);
  return Uint8Array.from(bytes);
}

export function binariesInWast(path: string): WastBinary[] {
  const src = readFileSync(path, 'utf8');
  if (!/\(module\s+(\$\S+\s+)?(definition\s+)?binary/.test(src)) return [];
  const out: WastBinary[] = [];
  for (const cmd of parse(src)) {
    if (cmd.kind !== 'list') continue;
    const direct = binaryModuleBytes(cmd);
    if (direct) {
      out.push({ file: path, line: cmd.line, bytes: direct, context: '' });
      continue;
    }
    const inner = cmd.items[1];
    const bytes = inner && binaryModuleBytes(inner);
    if (!bytes) continue;
    const last = cmd.items[2];
    const entry: WastBinary = { file: path, line: cmd.line, bytes, context: head(cmd) };
    if (last?.kind === 'string') entry.expected = Buffer.from(last.bytes).toString('utf8');
    out.push(entry);
  }
  return out;
}
