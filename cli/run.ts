// `wasmdbg run`: load a program, instantiate it, call its entry point and
// print what it returns. A program that imports WASI or wasi-threads runs
// under the thread scheduler with the WASI host instead (runtime/threads/program.ts).

import { CompileError, Trap, formatBacktrace } from '../runtime/errors.js';
import { compileModule, exportedFunctionType, getExport, instantiate, invoke, Store } from '../runtime/index.js';
import { f32, f64, i32, i64, valueToString, type Value } from '../runtime/objects/values.js';
import { F32, F64, I32, I64, valTypeToString, type FuncType } from '../runtime/syntax/types.js';
import { basename } from 'node:path';
import type { CompiledModule } from '../runtime/index.js';
import { runProgram, TRAP_EXIT_CODE, usesWasi } from '../runtime/threads/program.js';
import { integerFlag, parseArgs, UsageError, type ParsedArgs } from './args.js';
import { inSourceTerms, loadProgram } from './load.js';

export { TRAP_EXIT_CODE };

export function runCommand(argv: readonly string[]): number | Promise<number> {
  const args = parseArgs(argv, ['--invoke', '--dir', '--env', '--seed', '--max-threads'], []);
  if (args.positional.length !== 1) throw new UsageError('run takes exactly one program file');
  const path = args.positional[0]!;
  const program = loadProgram(path);
  let compiled;
  try {
    compiled = compileModule(program.bytes);
  } catch (e) {
    if (e instanceof CompileError) {
      console.error(`wasmdbg: ${inSourceTerms(e, program).describe(path)}`);
      return 1;
    }
    throw e;
  }
  if (!args.flags.has('--invoke') && usesWasi(compiled)) return runWasi(path, compiled, args);
  for (const flag of ['--dir', '--env', '--seed', '--max-threads']) {
    if (args.flags.has(flag)) throw new UsageError(`${flag} is for WASI programs; ${path} imports no WASI`);
  }
  const store = new Store();
  const instance = instantiate(store, compiled, () => undefined);

  const invokeName = args.flags.get('--invoke')?.at(-1);
  const entryName = invokeName ?? (getExport(instance, '_start') ? '_start' : undefined);
  if (!entryName) {
    // A module with only a start function has already run.
    if (compiled.module.start !== undefined) return 0;
    throw new UsageError(`${path} exports no _start; name the function to call with --invoke (exports: ${listFunctionExports(compiled.module.exports)})`);
  }
  const entry = getExport(instance, entryName);
  if (!entry || entry.kind !== 'func') throw new UsageError(`${path} has no exported function '${entryName}'`);
  const type = exportedFunctionType(entry);
  const callArgs = invokeName ? convertArguments(type, args.rest, entryName) : [];
  try {
    const results = invoke(store, entry.func, callArgs);
    for (const r of results) console.log(valueToString(r));
  } catch (e) {
    if (e instanceof Trap) {
      console.error(`wasmdbg: trap in ${path}: ${e.message}`);
      if (e.backtrace?.length) console.error(formatBacktrace(e.backtrace).join('\n'));
      return TRAP_EXIT_CODE;
    }
    throw e;
  }
  return 0;
}

async function runWasi(path: string, compiled: CompiledModule, args: ParsedArgs): Promise<number> {
  const preopens = (args.flags.get('--dir') ?? []).map((spec) => {
    const sep = spec.indexOf('::');
    return sep >= 0 ? { hostPath: spec.slice(0, sep), guestPath: spec.slice(sep + 2) } : { hostPath: spec, guestPath: spec };
  });
  const env: Record<string, string> = {};
  for (const kv of args.flags.get('--env') ?? []) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new UsageError(`--env takes NAME=VALUE, got '${kv}'`);
    env[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  const result = await runProgram(compiled, {
    args: [basename(path), ...args.rest],
    env,
    preopens,
    stdout: (bytes) => process.stdout.write(bytes),
    stderr: (bytes) => process.stderr.write(bytes),
    seed: integerFlag(args, '--seed', 0),
    maxThreads: integerFlag(args, '--max-threads', 1),
  });
  return result.exitCode;
}


function listFunctionExports(exports: readonly { name: string; kind: string }[]): string {
  const names = exports.filter((e) => e.kind === 'func').map((e) => e.name);
  return names.length ? names.join(', ') : 'none';
}

/** Command-line words to the function's parameter types; a bad number is a usage error. */
function convertArguments(type: FuncType, words: readonly string[], name: string): Value[] {
  if (words.length !== type.params.length) {
    throw new UsageError(`${name} takes ${type.params.length} argument(s) (${type.params.map(valTypeToString).join(' ')}), got ${words.length}`);
  }
  return type.params.map((t, i) => {
    const word = words[i]!;
    const bad = () => new UsageError(`argument ${i + 1} of ${name}: '${word}' is not a valid ${valTypeToString(t)}`);
    switch (t) {
      case I32: {
        if (!/^[-+]?(0x[0-9a-f]+|\d+)$/i.test(word)) throw bad();
        const n = Number(word);
        if (n < -(2 ** 31) || n >= 2 ** 32) throw bad();
        return i32(n);
      }
      case I64: {
        try {
          const n = BigInt(word);
          if (n < -(2n ** 63n) || n >= 2n ** 64n) throw bad();
          return i64(n);
        } catch {
          throw bad();
        }
      }
      case F32:
      case F64: {
        const n = Number(word);
        if (word.trim() === '' || (Number.isNaN(n) && word.toLowerCase() !== 'nan')) throw bad();
        return t === F32 ? f32(n) : f64(n);
      }
      default:
        throw new UsageError(`${name}: parameters of type ${valTypeToString(t)} cannot be given on the command line`);
    }
  });
}
