// The document outline the scanner builds alongside the symbol index: one
// entry per module, one per module field, with the ranges an editor's outline
// view and breadcrumbs need.

import type { OffsetRange, Space } from './model.js';

export interface FieldOutline {
  /** The field keyword (`func`, `type`, `global`, …); imports take their entity's keyword. */
  kind: string;
  name?: string;
  space?: Space;
  index?: number;
  imported?: boolean;
  /** The whole field. */
  readonly range: OffsetRange;
  /** What to highlight: the `$id`, else the keyword. */
  selection: OffsetRange;
  readonly children: FieldOutline[];
}

export interface ModuleOutline {
  readonly index: number;
  readonly name: string | undefined;
  readonly range: OffsetRange;
  readonly fields: FieldOutline[];
}
