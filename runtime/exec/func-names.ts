// How a function is named wherever people read it (frames, breakpoint
// descriptions, trap backtraces): its name-section name as "$fib", else the
// name it is exported under as it is ("wasi_thread_start" — an export name
// is not a wasm identifier, so no "$"), else its index, "func[3]".

import type { Module } from '../syntax/module.js';

/** The export name of function `index`, if it is exported (the first such export). */
export function exportedFuncName(m: Module, index: number): string | undefined {
  for (const e of m.exports) if (e.kind === 'func' && e.index === index) return e.name;
  return undefined;
}

/** "$fib", "wasi_thread_start" or "func[3]". */
export function funcDisplayName(m: Module, index: number): string {
  const n = m.names.funcs.get(index);
  if (n !== undefined) return `$${n}`;
  return exportedFuncName(m, index) ?? `func[${index}]`;
}
