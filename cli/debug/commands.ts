// The terminal debugger's command language: one line of text to a typed
// command, with gdb's spellings and abbreviations. Pure (no target, no I/O),
// so every spelling is unit-tested on its own.

/** Where a `break` command asks to stop, before the target has resolved it. */
export type LocationSpec =
  | { readonly kind: 'source'; readonly file: string; readonly line: number }
  /** `$name`, an export name, or a function index as text. */
  | { readonly kind: 'function'; readonly name: string }
  /** `*0xOFFSET`: the instruction at that byte offset of the module (its function is looked up). */
  | { readonly kind: 'instruction'; readonly offset: number };

export type CatchKind = 'trap' | 'exception' | 'suspend' | 'resume' | 'switch' | 'cont.new' | 'cont.return' | 'thread';

export type MemoryUnit = 'b' | 'h' | 'w' | 'g';

export type Command =
  | { readonly name: 'break'; readonly location: LocationSpec; readonly condition?: string }
  | { readonly name: 'tbreak'; readonly location: LocationSpec; readonly condition?: string }
  /** A log point: prints the message (with `{EXPR}` parts evaluated) instead of stopping. */
  | { readonly name: 'dprintf'; readonly location: LocationSpec; readonly message: string }
  | { readonly name: 'condition'; readonly id: number; readonly condition?: string }
  | { readonly name: 'delete'; readonly ids: readonly number[] }
  | { readonly name: 'info'; readonly what: 'breakpoints' | 'locals' | 'operands' | 'globals' | 'threads' | 'frame' }
  | { readonly name: 'run' }
  | { readonly name: 'continue' }
  | { readonly name: 'step'; readonly kind: 'in' | 'over' | 'out'; readonly granularity: 'line' | 'instruction'; readonly count: number }
  | { readonly name: 'threads' }
  | { readonly name: 'thread'; readonly id?: number }
  | { readonly name: 'bt' }
  | { readonly name: 'conts' }
  | { readonly name: 'frame'; readonly index?: number }
  | { readonly name: 'up' | 'down'; readonly count: number }
  | { readonly name: 'print'; readonly expression: string }
  | { readonly name: 'x'; readonly count: number; readonly unit: MemoryUnit; readonly radix: 'x' | 'd' | 'u'; readonly address: string }
  | { readonly name: 'set'; readonly target: string; readonly value: string }
  | { readonly name: 'catch'; readonly kind: CatchKind; readonly tags: readonly string[] }
  | { readonly name: 'disassemble'; readonly count: number }
  | { readonly name: 'echo'; readonly text: string }
  | { readonly name: 'help' }
  | { readonly name: 'quit' }
  | { readonly name: 'nothing' };

export class CommandError extends Error {}

/** Abbreviations: the word people type to the command it means. */
const ALIASES: Readonly<Record<string, string>> = {
  b: 'break', br: 'break', break: 'break', tbreak: 'tbreak', dprintf: 'dprintf',
  d: 'delete', delete: 'delete', condition: 'condition',
  i: 'info', info: 'info',
  r: 'run', run: 'run', c: 'continue', cont: 'continue', continue: 'continue',
  s: 'step', step: 'step', n: 'next', next: 'next', si: 'stepi', stepi: 'stepi',
  ni: 'nexti', nexti: 'nexti', fin: 'finish', finish: 'finish',
  threads: 'threads', thread: 'thread', t: 'thread',
  bt: 'bt', backtrace: 'bt', where: 'bt', conts: 'conts', continuations: 'conts',
  f: 'frame', frame: 'frame', up: 'up', down: 'down',
  p: 'print', print: 'print', set: 'set', catch: 'catch',
  disas: 'disassemble', disassemble: 'disassemble', echo: 'echo',
  h: 'help', help: 'help', q: 'quit', quit: 'quit', exit: 'quit',
};

const INFO_TOPICS: Readonly<Record<string, 'breakpoints' | 'locals' | 'operands' | 'globals' | 'threads' | 'frame'>> = {
  b: 'breakpoints', break: 'breakpoints', breakpoints: 'breakpoints',
  locals: 'locals', l: 'locals', operands: 'operands', stack: 'operands',
  globals: 'globals', g: 'globals', threads: 'threads', frame: 'frame',
};

export function parseCommand(line: string): Command {
  const text = line.trim();
  // `#` starts a comment in command files, as in gdb scripts.
  if (text === '' || text.startsWith('#')) return { name: 'nothing' };
  // `x/4wx ADDR`: the format glues onto the command word.
  const xMatch = /^x(?:\/(\d*)([bhwg]?)([xdu]?))?(?:\s+(.*))?$/.exec(text);
  if (xMatch) return parseExamine(xMatch);
  const space = text.search(/\s/);
  const word = space < 0 ? text : text.slice(0, space);
  const rest = space < 0 ? '' : text.slice(space + 1).trim();
  const name = ALIASES[word];
  if (!name) throw new CommandError(`unknown command '${word}' (try 'help')`);
  switch (name) {
    case 'break':
    case 'tbreak': {
      const { location, condition } = parseBreakArguments(rest);
      return condition === undefined ? { name, location } : { name, location, condition };
    }
    case 'dprintf': return { name, ...parseDprintfArguments(rest) };
    case 'condition': {
      const m = /^(\d+)(?:\s+(.*))?$/.exec(rest);
      if (!m) throw new CommandError('usage: condition N [EXPR]');
      return m[2] ? { name, id: Number(m[1]), condition: m[2].trim() } : { name, id: Number(m[1]) };
    }
    case 'delete': {
      const ids = rest === '' ? [] : rest.split(/\s+/).map((w) => positiveInteger(w, 'delete'));
      return { name, ids };
    }
    case 'info': {
      const topic = INFO_TOPICS[rest];
      if (!topic) throw new CommandError(`info what? (breakpoints, locals, operands, globals, threads, frame)`);
      return { name, what: topic };
    }
    case 'run': return noArguments(rest, { name });
    case 'continue': return noArguments(rest, { name });
    case 'step': return { name: 'step', kind: 'in', granularity: 'line', count: optionalCount(rest, word) };
    case 'next': return { name: 'step', kind: 'over', granularity: 'line', count: optionalCount(rest, word) };
    case 'stepi': return { name: 'step', kind: 'in', granularity: 'instruction', count: optionalCount(rest, word) };
    case 'nexti': return { name: 'step', kind: 'over', granularity: 'instruction', count: optionalCount(rest, word) };
    case 'finish': return noArguments(rest, { name: 'step', kind: 'out', granularity: 'line', count: 1 });
    case 'threads': return noArguments(rest, { name });
    case 'thread': return rest === '' ? { name } : { name, id: positiveInteger(rest, 'thread') };
    case 'bt': return noArguments(rest, { name });
    case 'conts': return noArguments(rest, { name });
    case 'frame': return rest === '' ? { name } : { name, index: nonNegativeInteger(rest, 'frame') };
    case 'up':
    case 'down': return { name, count: optionalCount(rest, name) };
    case 'print':
      if (rest === '') throw new CommandError('print what? (print EXPR)');
      return { name, expression: rest };
    case 'set': return parseSet(rest);
    case 'catch': return parseCatch(rest);
    case 'disassemble': return { name, count: rest === '' ? 8 : positiveInteger(rest, 'disassemble') };
    case 'echo': return { name, text: rest };
    case 'help': return { name };
    case 'quit': return { name };
    default: throw new CommandError(`unknown command '${word}'`);
  }
}

/** `LOCATION [if EXPR]`. */
export function parseBreakArguments(text: string): { location: LocationSpec; condition?: string } {
  const m = /^(.*?)(?:\s+if\s+(.*))?$/.exec(text.trim());
  const where = m?.[1]?.trim() ?? '';
  if (where === '') throw new CommandError('break where? (FILE:LINE, $function, export, index, or *0xOFFSET)');
  const location = parseLocation(where);
  const condition = m?.[2]?.trim();
  return condition ? { location, condition } : { location };
}

/**
 * `LOCATION,"MESSAGE"` as gdb writes it, or `LOCATION MESSAGE`; the quotes
 * are optional. `{EXPR}` parts of the message are evaluated at each hit.
 */
export function parseDprintfArguments(text: string): { location: LocationSpec; message: string } {
  const m = /^([^\s,]+)\s*,?\s*(.*)$/.exec(text.trim());
  const where = m?.[1] ?? '';
  if (where === '') throw new CommandError('usage: dprintf LOCATION,"MESSAGE with {EXPR}"');
  let message = (m?.[2] ?? '').trim();
  if (message.length >= 2 && message.startsWith('"') && message.endsWith('"')) message = message.slice(1, -1);
  if (message === '') throw new CommandError('dprintf: the message is missing');
  return { location: parseLocation(where), message };
}

export function parseLocation(text: string): LocationSpec {
  // `*0x1a` (gdb's "break at this address"): offsets as `bt` and `disassemble` show them.
  const star = /^\*\s*(0x[0-9a-f]+|\d+)$/i.exec(text);
  if (star) return { kind: 'instruction', offset: Number(star[1]) };
  // `file.wat:12` — the last colon, so Windows drive letters survive.
  const colon = /^(.+):(\d+)$/.exec(text);
  if (colon) {
    const line = Number(colon[2]);
    if (line < 1) throw new CommandError(`line numbers start at 1: '${text}'`);
    return { kind: 'source', file: colon[1]!, line };
  }
  if (/\s/.test(text)) throw new CommandError(`not a location: '${text}'`);
  return { kind: 'function', name: text };
}

function parseExamine(m: RegExpExecArray): Command {
  const address = m[4]?.trim() ?? '';
  if (address === '') throw new CommandError('x/FMT ADDRESS: which address?');
  const count = m[1] ? Number(m[1]) : 1;
  if (count < 1) throw new CommandError('x: the count must be at least 1');
  const unit = (m[2] || 'w') as MemoryUnit;
  const radix = (m[3] || 'x') as 'x' | 'd' | 'u';
  return { name: 'x', count, unit, radix, address };
}

/** `set $x = 5`, `set var $x = 5`, `set var i32[0x100] = 7`. */
function parseSet(text: string): Command {
  const body = text.replace(/^var(?:iable)?\s+/, '');
  const eq = body.indexOf('=');
  // `==` is a comparison, not an assignment.
  if (eq <= 0 || body[eq + 1] === '=') throw new CommandError('usage: set [var] $name = VALUE');
  const target = body.slice(0, eq).trim();
  const value = body.slice(eq + 1).trim();
  if (target === '' || value === '') throw new CommandError('usage: set [var] $name = VALUE');
  return { name: 'set', target, value };
}

const CATCH_WORDS: Readonly<Record<string, CatchKind>> = {
  trap: 'trap', traps: 'trap', exception: 'exception', throw: 'exception',
  suspend: 'suspend', resume: 'resume', switch: 'switch',
  'cont.new': 'cont.new', new: 'cont.new', 'cont.return': 'cont.return', return: 'cont.return',
  thread: 'thread', threads: 'thread',
};

function parseCatch(text: string): Command {
  const [word, ...tags] = text.split(/\s+/).filter((w) => w !== '');
  const kind = word === undefined ? undefined : CATCH_WORDS[word];
  if (!kind) throw new CommandError('catch what? (trap, exception, suspend [$tag]..., resume, switch, cont.new, cont.return, thread)');
  if (tags.length && kind !== 'suspend') throw new CommandError(`catch ${word} takes no tags`);
  return { name: 'catch', kind, tags };
}

function noArguments<C extends Command>(rest: string, command: C): C {
  if (rest !== '') throw new CommandError(`'${command.name}' takes no arguments`);
  return command;
}

function optionalCount(rest: string, word: string): number {
  return rest === '' ? 1 : positiveInteger(rest, word);
}

function positiveInteger(word: string, command: string): number {
  const n = nonNegativeInteger(word, command);
  if (n < 1) throw new CommandError(`${command}: expected a number >= 1, got '${word}'`);
  return n;
}

function nonNegativeInteger(word: string, command: string): number {
  if (!/^\d+$/.test(word)) throw new CommandError(`${command}: expected a number, got '${word}'`);
  return Number(word);
}

export const HELP = `commands (gdb spellings; abbreviations in brackets):
  break LOCATION [if EXPR] [b]   LOCATION: FILE:LINE, $func, export, func index, *0xOFFSET
  tbreak LOCATION                a breakpoint that deletes itself when hit
  dprintf LOCATION,"MSG {EXPR}"  a log point: print MSG (EXPR evaluated) instead of stopping
  condition N [EXPR]             set or clear breakpoint N's condition
  delete [N...] [d]              delete breakpoints (all without N)
  info breakpoints|locals|operands|globals|threads|frame
  run [r], continue [c]          start, or resume all threads
  step [s], next [n], stepi [si], nexti [ni], finish [fin]
  threads, thread N              list threads; select one
  bt [where]                     the selected thread's whole stack chain
  conts                          live continuations
  frame N [f], up [N], down [N]  select a frame of the chain
  print EXPR [p]                 e.g. $i, $thread, i32[$p + 4], u8[0x100]
  x/N[bhwg][xdu] ADDR            dump memory
  set [var] $local|$global|i32[ADDR] = VALUE
  catch trap|exception|suspend [$tag...]|resume|switch|cont.new|cont.return|thread
  disassemble [N]                N instructions from the selected frame
  quit [q]`;
