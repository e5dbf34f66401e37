// `wasmdbg wast FILE|DIR...`: runs spec scripts and prints pass/fail counts,
// one line per file and a total line that CI and people can read.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CompileError } from '../runtime/errors.js';
import { parseScript } from '../runtime/text/script.js';
import type { CompileOptions } from '../runtime/index.js';
import { ScriptRunner, describeError, type RunOptions, type ScriptReport } from '../runtime/script/runner.js';
import { parseArgs, UsageError } from './args.js';

export function wastCommand(argv: readonly string[]): number {
  const args = parseArgs(argv, ['--disable'], ['--verbose', '--quiet', '--print']);
  const compile = compileOptions(args.flags.get('--disable') ?? []);
  const verbose = args.booleans.has('--verbose');
  const quiet = args.booleans.has('--quiet');
  const files = args.positional.flatMap(expandWastPaths);
  if (files.length === 0) {
    console.error('wasmdbg wast: no .wast files given');
    return 2;
  }
  let passed = 0, failed = 0, skipped = 0;
  for (const file of files) {
    const report = runWastFile(file, { print: args.booleans.has('--print') ? (line) => console.log(line) : undefined, compile });
    passed += report.passed;
    failed += report.failed;
    skipped += report.skipped;
    if (!quiet) console.log(`${file}: ${counts(report.passed, report.failed, report.skipped)}`);
    if (verbose) for (const f of report.failures) console.log(`  ${file}:${f.line}: ${f.command}: ${f.reason ?? 'failed'}`);
  }
  console.log(counts(passed, failed, skipped));
  return failed === 0 ? 0 : 1;
}

/** `--disable stack-switching`: proposals that change validity can be turned off (the core suite predates them). */
function compileOptions(disabled: readonly string[]): CompileOptions {
  for (const name of disabled) {
    if (name !== 'stack-switching') throw new UsageError(`--disable: unknown proposal '${name}' (known: stack-switching)`);
  }
  return { stackSwitching: !disabled.includes('stack-switching') };
}

export function runWastFile(file: string, options: RunOptions = {}): ScriptReport {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return scriptLevelFailure(file, `cannot read file: ${(e as Error).message}`);
  }
  let script;
  try {
    script = parseScript(text, file);
  } catch (e) {
    const where = e instanceof CompileError ? e.describe(file) : describeError(e);
    return scriptLevelFailure(file, `script does not parse: ${where}`);
  }
  return new ScriptRunner(file, options).run(script);
}

/** A script that cannot be read or parsed counts as one failed check. */
function scriptLevelFailure(file: string, reason: string): ScriptReport {
  return { file, passed: 0, failed: 1, skipped: 0, failures: [{ outcome: 'failed', line: 0, command: 'script', reason }] };
}

export function counts(passed: number, failed: number, skipped: number): string {
  return `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
}

function expandWastPaths(path: string): string[] {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    return [path]; // reported as unreadable by runWastFile
  }
  if (!isDir) return [path];
  return readdirSync(path).sort().flatMap((name) => {
    const full = join(path, name);
    return statSync(full).isDirectory() ? expandWastPaths(full) : name.endsWith('.wast') ? [full] : [];
  });
}
