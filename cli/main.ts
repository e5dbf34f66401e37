#!/usr/bin/env node
// The `wasmdbg` command. Every error a user can cause (bad arguments, bad
// files, bad modules, traps) ends as one readable line and an exit code;
// only an engine bug prints a stack trace, and says that it is one.

import { CompileError, EngineBug, LinkError, Trap } from '../runtime/errors.js';
import { UsageError } from './args.js';
import { ProgramFileError } from './load.js';
import { debugCommand } from './debug/command.js';
import { runCommand } from './run.js';
import { launch } from '../runtime/debug/target.js';
import { wastCommand } from './wast.js';

const USAGE = `usage:
  wasmdbg run <file.wasm|file.wat> [--invoke NAME] [-- ARGS...]
  wasmdbg run <wasi-program.wasm> [--dir HOST[::GUEST]]... [--env K=V]... [--seed N] [--max-threads N] [-- ARGS...]
  wasmdbg debug <program> [--break LOCATION]... [--commands FILE] [run options] [-- ARGS...]
      a gdb-like debugger: prompts on a terminal; runs --commands FILE (or piped stdin) as a transcript
  wasmdbg wast <file.wast|dir>... [--verbose] [--quiet] [--print] [--disable stack-switching]`;

function main(argv: string[]): number | Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'run': return runCommand(rest);
    case 'wast': return wastCommand(rest);
    case 'debug': return debugCommand(rest, launch);
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command '${command}'`);
  }
}

function reportAndExit(e: unknown): number {
  if (e instanceof UsageError) {
    // One line: the mistake, and where to read how it is done.
    console.error(`wasmdbg: ${e.message} (wasmdbg --help shows the usage)`);
    return 2;
  }
  if (e instanceof ProgramFileError) console.error(`wasmdbg: ${e.message}`);
  else if (e instanceof CompileError) console.error(`wasmdbg: ${e.describe()}`);
  else if (e instanceof LinkError) console.error(`wasmdbg: link error: ${e.message}`);
  else if (e instanceof Trap) console.error(`wasmdbg: trap: ${e.message}`);
  else {
    const bug = e instanceof EngineBug ? e : undefined;
    console.error(`wasmdbg: internal error (a bug in wasmdbg, please report it): ${bug?.message ?? (e as Error)?.stack ?? String(e)}`);
    return 70;
  }
  return 1;
}

try {
  const code = main(process.argv.slice(2));
  if (typeof code === 'number') process.exitCode = code;
  else code.then((c) => { process.exitCode = c; }, (e: unknown) => { process.exitCode = reportAndExit(e); });
} catch (e) {
  process.exitCode = reportAndExit(e);
}
