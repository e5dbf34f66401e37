// Analysis results (UTF-16 offsets, protocol-free) → LSP types.

import {
  CompletionItemKind, DiagnosticSeverity, SymbolKind,
  type CompletionItem, type Diagnostic, type DocumentSymbol, type Hover, type Range,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionEntry, Diagnostic as WatDiagnostic, HoverResult, OffsetRange, OutlineKind, OutlineSymbol } from './analysis/index.js';

export function toRange(doc: TextDocument, r: OffsetRange): Range {
  return { start: doc.positionAt(r.start), end: doc.positionAt(r.end) };
}

export function toDiagnostic(doc: TextDocument, d: WatDiagnostic): Diagnostic {
  return {
    range: toRange(doc, d),
    severity: d.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    message: d.message,
    code: d.code,
    source: 'wat',
  };
}

export function toHover(doc: TextDocument, h: HoverResult): Hover {
  const value = '```wat\n' + h.code + '\n```' + (h.note ? `\n\n${h.note}` : '');
  return { range: toRange(doc, h.range), contents: { kind: 'markdown', value } };
}

const SYMBOL_KINDS: Record<OutlineKind, SymbolKind> = {
  module: SymbolKind.Module, func: SymbolKind.Function, type: SymbolKind.TypeParameter, global: SymbolKind.Variable,
  memory: SymbolKind.Array, table: SymbolKind.Array, tag: SymbolKind.Event, import: SymbolKind.Package,
  export: SymbolKind.Interface, elem: SymbolKind.Constant, data: SymbolKind.Constant, start: SymbolKind.Key,
  rec: SymbolKind.Namespace, local: SymbolKind.Variable,
};

export function toDocumentSymbol(doc: TextDocument, s: OutlineSymbol): DocumentSymbol {
  return {
    name: s.name,
    detail: s.detail,
    kind: SYMBOL_KINDS[s.kind],
    range: toRange(doc, s.range),
    selectionRange: toRange(doc, s.selection),
    children: s.children.map((c) => toDocumentSymbol(doc, c)),
  };
}

const COMPLETION_KINDS: Record<CompletionEntry['kind'], CompletionItemKind> = {
  instruction: CompletionItemKind.Function, keyword: CompletionItemKind.Keyword, func: CompletionItemKind.Function,
  local: CompletionItemKind.Variable, global: CompletionItemKind.Variable, type: CompletionItemKind.TypeParameter,
  table: CompletionItemKind.Struct, memory: CompletionItemKind.Struct, tag: CompletionItemKind.Event,
  elem: CompletionItemKind.Constant, data: CompletionItemKind.Constant, label: CompletionItemKind.Reference,
  field: CompletionItemKind.Field,
};

export function toCompletionItem(doc: TextDocument, c: CompletionEntry): CompletionItem {
  return {
    label: c.label,
    kind: COMPLETION_KINDS[c.kind],
    detail: c.detail || undefined,
    textEdit: { range: toRange(doc, c.replace), newText: c.label },
  };
}
