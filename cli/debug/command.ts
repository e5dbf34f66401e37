// `wasmdbg debug PROGRAM [--break LOC]... [--commands FILE] [run options] [-- ARGS]`:
// launches the program through the debug API and reads commands — typed at
// a prompt when stdin is a terminal, else from --commands FILE or piped
// stdin, each echoed as `(wasmdbg) CMD` before its output so a run reads as
// a transcript. Without a terminal it ends when the program ends or the
// commands run out (terminating the program).

import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { DebugApiError, type Launch, type LaunchOptions } from '../../runtime/debug/api.js';
import { CompileError } from '../../runtime/errors.js';
import { integerFlag, parseArgs, UsageError, type ParsedArgs } from '../args.js';
import { inSourceTerms, loadProgram } from '../load.js';
import { CommandError, parseCommand, parseLocation } from './commands.js';
import { Session, type Output } from './session.js';

const PROMPT = '(wasmdbg) ';

export async function debugCommand(argv: readonly string[], launch: Launch): Promise<number> {
  const args = parseArgs(argv, ['--break', '--commands', '--invoke', '--dir', '--env', '--seed', '--max-threads'], []);
  if (args.positional.length !== 1) throw new UsageError('debug takes exactly one program file');
  const options = launchOptions(args.positional[0]!, args);
  const breaks = (args.flags.get('--break') ?? []).map((text) => {
    try {
      return { text, location: parseLocation(text) };
    } catch (e) {
      throw e instanceof CommandError ? new UsageError(`--break ${text}: ${e.message}`) : e;
    }
  });
  const commandsFile = args.flags.get('--commands')?.at(-1);
  const script = commandsFile !== undefined ? readCommands(commandsFile) : undefined;

  let target;
  try {
    target = await launch(options);
  } catch (e) {
    // A bad program or option is the user's to fix: one line, no trace.
    if (e instanceof DebugApiError) {
      console.error(`wasmdbg: ${e.message}`);
      return 1;
    }
    if (e instanceof CompileError) {
      // As `wasmdbg run` says it: a .wat program's error at its line and column.
      console.error(`wasmdbg: ${inSourceTerms(e, loadProgram(options.program)).describe(options.program)}`);
      return 1;
    }
    throw e;
  }
  const out = terminalOutput();
  const session = new Session(target, out);
  for (const b of breaks) await session.execute({ name: 'break', location: b.location });

  if (script === undefined && process.stdin.isTTY) await interactive(session, out);
  else await scripted(session, out, script ?? await readAll(process.stdin));
  await session.terminate();
  return 0;
}

function launchOptions(program: string, args: ParsedArgs): LaunchOptions {
  const env: Record<string, string> = {};
  for (const kv of args.flags.get('--env') ?? []) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new UsageError(`--env takes NAME=VALUE, got '${kv}'`);
    env[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  const options: { -readonly [K in keyof LaunchOptions]: LaunchOptions[K] } = { program, args: args.rest, env };
  const dirs = args.flags.get('--dir');
  if (dirs) options.dirs = dirs;
  const invoke = args.flags.get('--invoke')?.at(-1);
  if (invoke !== undefined) options.invoke = invoke;
  const seed = integerFlag(args, '--seed', 0);
  if (seed !== undefined) options.seed = seed;
  const maxThreads = integerFlag(args, '--max-threads', 1);
  if (maxThreads !== undefined) options.maxThreads = maxThreads;
  return options;
}


function readCommands(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split(/\r?\n/);
  } catch (e) {
    throw new UsageError(`--commands ${file}: cannot read file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string[]> {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text.split(/\r?\n/);
}

/** Each command echoed after the prompt, then its output; stops when the program has ended. */
async function scripted(session: Session, out: Output, lines: readonly string[]): Promise<void> {
  for (const line of lines) {
    if (session.ended) return;
    const text = line.trim();
    if (text === '' || text.startsWith('#')) continue;
    out.line(`${PROMPT}${text}`);
    if (!(await run(session, out, text))) return;
  }
}

async function interactive(session: Session, out: Output): Promise<void> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: PROMPT });
  // Ctrl-C stops a running program; at the prompt it only clears the line.
  rl.on('SIGINT', () => {
    if (session.running) session.interrupt();
    else { rl.write('\n'); rl.prompt(); }
  });
  rl.prompt();
  let last = '';
  for await (const line of rl) {
    // An empty line repeats the last command, as in gdb (handy for `next`).
    const text = line.trim() === '' ? last : line.trim();
    last = text;
    if (!(await run(session, out, text))) break;
    if (session.ended) out.line("The program has ended; 'quit' to leave.");
    rl.prompt();
  }
  rl.close();
}

async function run(session: Session, out: Output, text: string): Promise<boolean> {
  try {
    return await session.execute(parseCommand(text));
  } catch (e) {
    if (e instanceof CommandError) {
      out.line(e.message);
      return true;
    }
    throw e;
  }
}

/**
 * The debugger's lines and the program's output share the terminal: program
 * text goes out as it arrives, and a debugger line after a partial program
 * line starts on a line of its own.
 */
function terminalOutput(): Output {
  let midLine = false;
  // A reader that went away (`| head`) ends the transcript, not with a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  return {
    line(text) {
      process.stdout.write(`${midLine ? '\n' : ''}${text}\n`);
      midLine = false;
    },
    program(category, text) {
      if (text === '') return;
      if (category === 'stderr') process.stderr.write(text);
      else {
        process.stdout.write(text);
        midLine = !text.endsWith('\n');
      }
    },
  };
}
