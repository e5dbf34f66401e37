// The WAT analysis, free of any protocol: the language server (and tests)
// call these with offsets and get offsets back.

export { analyze, DocumentAnalyzer, isScript, type Analysis, type Timings } from './document.js';
export { hover, type HoverResult } from './hover.js';
export { definition, prepareRename, references, rename, type RenameCheck, type TextEdit } from './navigation.js';
export { documentSymbols, type OutlineKind, type OutlineSymbol } from './outline.js';
export { completions, type CompletionEntry } from './completion.js';
export type { Diagnostic, OffsetRange, Space, SymbolDef } from './model.js';
