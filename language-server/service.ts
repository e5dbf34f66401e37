// The WAT language service on an LSP connection: keeps one analysis per open
// document (recomputed lazily at the current version) and publishes
// diagnostics ~150 ms after the last change, so typing is not slowed by
// re-validation on every keystroke.

import {
  type Connection, ResponseError, TextDocumentSyncKind, TextDocuments,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  type Analysis, completions, definition, documentSymbols, DocumentAnalyzer, hover, prepareRename, references, rename,
} from './analysis/index.js';
import { toCompletionItem, toDiagnostic, toDocumentSymbol, toHover, toRange } from './protocol.js';

export const DIAGNOSTICS_DELAY_MS = 150;

interface Entry {
  readonly analyzer: DocumentAnalyzer;
  analysis?: Analysis;
  version: number;
  timer?: NodeJS.Timeout;
}

export function startService(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const entries = new Map<string, Entry>();

  const entryOf = (uri: string): Entry => {
    let e = entries.get(uri);
    if (!e) {
      e = { analyzer: new DocumentAnalyzer(uri), version: -1 };
      entries.set(uri, e);
    }
    return e;
  };
  /** The analysis of the document's current text, computed if it is out of date. */
  const current = (doc: TextDocument): Analysis => {
    const e = entryOf(doc.uri);
    if (!e.analysis || e.version !== doc.version) {
      e.analysis = e.analyzer.update(doc.getText());
      e.version = doc.version;
    }
    return e.analysis;
  };
  const publish = (doc: TextDocument): void => {
    const a = current(doc);
    void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: a.diagnostics.map((d) => toDiagnostic(doc, d)) });
  };
  const schedule = (doc: TextDocument, delay: number): void => {
    const e = entryOf(doc.uri);
    if (e.timer) clearTimeout(e.timer);
    e.timer = setTimeout(() => {
      e.timer = undefined;
      const latest = documents.get(doc.uri);
      if (latest) publish(latest);
    }, delay);
  };
  const withDoc = <T>(uri: string, f: (doc: TextDocument, a: Analysis) => T, none: T): T => {
    const doc = documents.get(uri);
    return doc ? f(doc, current(doc)) : none;
  };

  connection.onInitialize(() => ({
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      documentSymbolProvider: true,
      completionProvider: { triggerCharacters: ['$', '.', '('] },
      renameProvider: { prepareProvider: true },
    },
    serverInfo: { name: 'wasmdbg-wat' },
  }));

  documents.onDidOpen((ev) => schedule(ev.document, 0));
  documents.onDidChangeContent((ev) => schedule(ev.document, DIAGNOSTICS_DELAY_MS));
  documents.onDidClose((ev) => {
    const e = entries.get(ev.document.uri);
    if (e?.timer) clearTimeout(e.timer);
    entries.delete(ev.document.uri);
    void connection.sendDiagnostics({ uri: ev.document.uri, diagnostics: [] });
  });

  connection.onHover((p) => withDoc(p.textDocument.uri, (doc, a) => {
    const h = hover(a, doc.offsetAt(p.position));
    return h ? toHover(doc, h) : null;
  }, null));
  connection.onDefinition((p) => withDoc(p.textDocument.uri, (doc, a) => {
    const r = definition(a, doc.offsetAt(p.position));
    return r ? { uri: doc.uri, range: toRange(doc, r) } : null;
  }, null));
  connection.onReferences((p) => withDoc(p.textDocument.uri, (doc, a) =>
    references(a, doc.offsetAt(p.position), p.context.includeDeclaration).map((r) => ({ uri: doc.uri, range: toRange(doc, r) })), []));
  connection.onDocumentSymbol((p) => withDoc(p.textDocument.uri, (doc, a) =>
    documentSymbols(a).map((m) => toDocumentSymbol(doc, m)), []));
  connection.onCompletion((p) => withDoc(p.textDocument.uri, (doc, a) =>
    completions(a, doc.offsetAt(p.position)).map((c) => toCompletionItem(doc, c)), []));
  connection.onPrepareRename((p) => withDoc(p.textDocument.uri, (doc, a) => {
    const r = prepareRename(a, doc.offsetAt(p.position));
    if ('error' in r) throw new ResponseError(0, r.error);
    return { range: toRange(doc, r.range), placeholder: r.name };
  }, null));
  connection.onRenameRequest((p) => withDoc(p.textDocument.uri, (doc, a) => {
    const r = rename(a, doc.offsetAt(p.position), p.newName);
    if ('error' in r) throw new ResponseError(0, r.error);
    return { changes: { [doc.uri]: r.edits.map((e) => ({ range: toRange(doc, e.range), newText: e.newText })) } };
  }, null));

  documents.listen(connection);
  connection.listen();
}
