// A small argument parser: flags with values, repeatable flags, and the
// arguments after `--` passed through untouched to the program.

export class UsageError extends Error {}

export interface ParsedArgs {
  readonly positional: string[];
  readonly flags: Map<string, string[]>;
  readonly booleans: Set<string>;
  /** Everything after a bare `--`. */
  readonly rest: string[];
}

/**
 * `valueFlags` take a value (`--seed 3` or `--seed=3`); `booleanFlags` don't.
 * Anything else starting with `-` is a usage error, so typos don't pass silently.
 */
export function parseArgs(argv: readonly string[], valueFlags: readonly string[], booleanFlags: readonly string[]): ParsedArgs {
  const result: ParsedArgs = { positional: [], flags: new Map(), booleans: new Set(), rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      result.rest.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      result.positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    if (booleanFlags.includes(name)) {
      if (eq >= 0) throw new UsageError(`${name} takes no value`);
      result.booleans.add(name);
    } else if (valueFlags.includes(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`${name} needs a value`);
      const list = result.flags.get(name) ?? [];
      list.push(value);
      result.flags.set(name, list);
    } else {
      throw new UsageError(`unknown option ${name}`);
    }
  }
  return result;
}

/** The last value of an integer flag (`--seed 3`), checked against `min`; undefined when absent. */
export function integerFlag(args: ParsedArgs, flag: string, min: number): number | undefined {
  const word = args.flags.get(flag)?.at(-1);
  if (word === undefined) return undefined;
  if (!/^\d+$/.test(word) || Number(word) < min || !Number.isSafeInteger(Number(word))) {
    throw new UsageError(`${flag} takes an integer >= ${min}, got '${word}'`);
  }
  return Number(word);
}
