// The analysis's vocabulary: index spaces, symbol definitions and their
// occurrences, and diagnostics, all located by UTF-16 offsets into the
// document (the server turns offsets into LSP positions; nothing here knows
// the protocol).

/** The index spaces a `$identifier` can name. */
export type Space =
  | 'func' | 'local' | 'global' | 'type' | 'table' | 'memory' | 'tag' | 'elem' | 'data' | 'label' | 'field';

/** A half-open range of UTF-16 offsets. */
export interface OffsetRange {
  readonly start: number;
  readonly end: number;
}

/** What a definition's hover can say about it besides its name. */
export type DefDetail =
  | { readonly kind: 'plain' }
  /** A local: its position in its function (params first). */
  | { readonly kind: 'local'; readonly param: boolean }
  /** A label: the keyword that opened its block. */
  | { readonly kind: 'label'; readonly opener: string };

/** One `$identifier` definition. */
export interface SymbolDef {
  readonly space: Space;
  /** `$name`, decoded (a `$"…"` id is stored as `$` + its text). */
  readonly name: string;
  /** The index in its space (for locals: in the function; for fields: in the struct). */
  readonly index: number;
  /** The `$id` token. */
  readonly range: OffsetRange;
  /** Which module of the document (0 for a .wat file). */
  readonly module: number;
  /**
   * Where the name is visible besides the module: the function (locals), the
   * block (labels), the struct type definition (fields); undefined for
   * module-level spaces.
   */
  readonly scope?: OffsetRange;
  /** For locals: the function index; for fields: the type index. */
  readonly owner?: number;
  readonly detail: DefDetail;
  /** Every reference to this definition (the definition itself not included). */
  readonly refs: OffsetRange[];
}

/** A `$id` token in the document and the definition it names. */
export interface Occurrence extends OffsetRange {
  readonly def: SymbolDef;
  readonly isDef: boolean;
}

/** A `$id` that names nothing in its index space (the parser also reports it). */
export interface Unresolved extends OffsetRange {
  readonly space: Space;
  readonly name: string;
}

export type Severity = 'error' | 'warning';

export interface Diagnostic extends OffsetRange {
  readonly severity: Severity;
  readonly message: string;
  /** 'malformed' (syntax), 'invalid' (typing) or 'unsupported'. */
  readonly code: string;
}
