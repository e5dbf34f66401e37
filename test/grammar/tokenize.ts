// Loads syntaxes/wat.tmLanguage.json into vscode-textmate (with the Oniguruma
// wasm that VS Code itself uses) and tokenizes text into (text, scopes) pairs.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vsctm from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';

export const ROOT = join(__dirname, '..', '..');
export const GRAMMAR_FILE = join(ROOT, 'syntaxes', 'wat.tmLanguage.json');

export interface Token {
  readonly line: number; // 0-based
  readonly start: number;
  readonly text: string;
  readonly scopes: readonly string[];
}

let grammarPromise: Promise<vsctm.IGrammar> | undefined;

async function loadGrammar(): Promise<vsctm.IGrammar> {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName: string) => {
      if (scopeName !== 'source.wat') return null;
      return vsctm.parseRawGrammar(readFileSync(GRAMMAR_FILE, 'utf8'), GRAMMAR_FILE);
    },
  });
  const grammar = await registry.loadGrammar('source.wat');
  if (!grammar) throw new Error('source.wat did not load');
  return grammar;
}

export function grammar(): Promise<vsctm.IGrammar> {
  grammarPromise ??= loadGrammar();
  return grammarPromise;
}

export async function tokenize(text: string): Promise<Token[]> {
  const g = await grammar();
  const out: Token[] = [];
  let state = vsctm.INITIAL;
  text.split(/\r?\n/).forEach((lineText, line) => {
    const result = g.tokenizeLine(lineText, state);
    for (const t of result.tokens) {
      const end = Math.min(t.endIndex, lineText.length);
      if (end <= t.startIndex) continue;
      out.push({ line, start: t.startIndex, text: lineText.slice(t.startIndex, end), scopes: t.scopes });
    }
    state = result.ruleStack;
  });
  return out;
}
