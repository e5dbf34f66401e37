// A readable listing of compiled code, for tests, the CLI and the debugger's
// disassembly view of the internal tier.

import { CODE_NAMES, CODE_OPERANDS } from './codes.generated.js';
import type { CompiledFunc } from './compiled.js';

/** Length in words of the instruction at `pc` (operands included). */
export function instrLength(code: Int32Array, pc: number): number {
  const shape = CODE_OPERANDS[code[pc]!] ?? '';
  if (shape.endsWith('*')) return 1 + (shape.length - 1) + code[pc + 2]! + 1; // br_table: cond, n, n+1 targets
  return 1 + shape.length;
}

export function disassemble(cf: CompiledFunc): string {
  const lines: string[] = [];
  const code = cf.code;
  for (let pc = 0; pc < code.length; pc += instrLength(code, pc)) {
    const shape = CODE_OPERANDS[code[pc]!] ?? '';
    const parts: string[] = [];
    for (let i = 0; i < shape.length; i++) {
      const v = code[pc + 1 + i]!;
      switch (shape[i]) {
        case 'd': case 's': parts.push(`$${v / 2}`); break;
        case 't': parts.push(`@${v}`); break;
        case '*': for (let k = 0; k <= code[pc + 2]!; k++) parts.push(`@${code[pc + 3 + k]}`); break;
        default: parts.push(String(v));
      }
    }
    lines.push(`${String(pc).padStart(5)}  ${CODE_NAMES[code[pc]!] ?? `?${code[pc]}`} ${parts.join(' ')}`);
  }
  return lines.join('\n');
}
