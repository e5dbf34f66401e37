// Validation of a `wasmdbg` launch configuration. Every attribute is checked
// here, before anything is loaded, so a bad configuration is answered with one
// clear sentence naming the attribute instead of an engine error later.

import { accessSync, constants, statSync } from 'node:fs';
import { extname, isAbsolute, resolve } from 'node:path';
import type { LaunchOptions } from '../runtime/debug/api.js';

export type ContinuationsAsThreads = 'off' | 'suspended' | 'all';

/** What the adapter needs from a launch request: the engine's options plus the adapter's own. */
export interface AdapterLaunchConfig {
  readonly options: LaunchOptions;
  readonly continuationsAsThreads: ContinuationsAsThreads;
  /** How many continuations the Threads view lists at most. */
  readonly maxContinuationThreads: number;
}

/** A launch configuration the adapter refuses; the message names the attribute. */
export class LaunchConfigError extends Error {
  override readonly name = 'LaunchConfigError';
}

const PROGRAM_EXTENSIONS = new Set(['.wasm', '.wat', '.wast']);

function fail(message: string): never {
  throw new LaunchConfigError(message);
}

function optionalString(args: Record<string, unknown>, key: string): string | undefined {
  const v = args[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') fail(`'${key}' must be a string, not ${describe(v)}`);
  return v;
}

function optionalStringArray(args: Record<string, unknown>, key: string): string[] | undefined {
  const v = args[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) fail(`'${key}' must be an array of strings, not ${describe(v)}`);
  v.forEach((item, i) => {
    if (typeof item !== 'string') fail(`'${key}[${i}]' must be a string, not ${describe(item)}`);
  });
  return v as string[];
}

function optionalBoolean(args: Record<string, unknown>, key: string): boolean | undefined {
  const v = args[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') fail(`'${key}' must be true or false, not ${describe(v)}`);
  return v;
}

function optionalInteger(args: Record<string, unknown>, key: string, min: number): number | undefined {
  const v = args[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) fail(`'${key}' must be an integer ≥ ${min}, not ${describe(v)}`);
  return v;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Checks a launch request's arguments; throws LaunchConfigError naming the first bad attribute. */
export function validateLaunchConfig(raw: unknown, defaultCwd: string = process.cwd()): AdapterLaunchConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('the launch arguments must be an object');
  const args = raw as Record<string, unknown>;

  const cwdArg = optionalString(args, 'cwd');
  const cwd = cwdArg === undefined ? defaultCwd : resolve(defaultCwd, cwdArg);
  if (!isDirectory(cwd)) fail(`'cwd' is not a directory: ${cwd}`);

  const programArg = args['program'];
  if (programArg === undefined || programArg === null || programArg === '') fail(`'program' is required: the .wasm or .wat file to debug`);
  if (typeof programArg !== 'string') fail(`'program' must be a path string, not ${describe(programArg)}`);
  const program = isAbsolute(programArg) ? programArg : resolve(cwd, programArg);
  if (!PROGRAM_EXTENSIONS.has(extname(program).toLowerCase())) fail(`'program' must be a .wasm or .wat file: ${program}`);
  try {
    accessSync(program, constants.R_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    fail(code === 'ENOENT' ? `'program' does not exist: ${program}` : `'program' cannot be read (${code ?? 'error'}): ${program}`);
  }
  if (isDirectory(program)) fail(`'program' is a directory, not a file: ${program}`);

  const programArgs = optionalStringArray(args, 'args');

  const envArg = args['env'];
  let env: Record<string, string> | undefined;
  if (envArg !== undefined && envArg !== null) {
    if (typeof envArg !== 'object' || Array.isArray(envArg)) fail(`'env' must be an object of strings, not ${describe(envArg)}`);
    env = {};
    for (const [k, v] of Object.entries(envArg as Record<string, unknown>)) {
      if (typeof v !== 'string') fail(`'env.${k}' must be a string, not ${describe(v)}`);
      if (k.includes('=')) fail(`'env' names must not contain '=': ${k}`);
      env[k] = v;
    }
  }

  const dirs = optionalStringArray(args, 'dirs')?.map((spec, i) => {
    const sep = spec.indexOf('::');
    const host = sep < 0 ? spec : spec.slice(0, sep);
    const guest = sep < 0 ? undefined : spec.slice(sep + 2);
    if (host === '') fail(`'dirs[${i}]' has no host directory: ${JSON.stringify(spec)} (use HOST or HOST::GUEST)`);
    if (guest === '') fail(`'dirs[${i}]' has an empty guest path: ${JSON.stringify(spec)} (use HOST or HOST::GUEST)`);
    const hostPath = resolve(cwd, host);
    if (!isDirectory(hostPath)) fail(`'dirs[${i}]' host directory does not exist: ${hostPath}`);
    return guest === undefined ? hostPath : `${hostPath}::${guest}`;
  });

  const stopOnEntry = optionalBoolean(args, 'stopOnEntry');
  const seed = optionalInteger(args, 'seed', 0);
  const maxThreads = optionalInteger(args, 'maxThreads', 1);
  const invoke = optionalString(args, 'invoke');
  if (invoke === '') fail(`'invoke' must name an export`);

  const cat = args['continuationsAsThreads'];
  let continuationsAsThreads: ContinuationsAsThreads = 'suspended';
  if (cat !== undefined && cat !== null) {
    if (cat === true) continuationsAsThreads = 'suspended';
    else if (cat === false) continuationsAsThreads = 'off';
    else if (cat === 'off' || cat === 'suspended' || cat === 'all') continuationsAsThreads = cat;
    else fail(`'continuationsAsThreads' must be 'off', 'suspended' or 'all', not ${describe(cat)}`);
  }
  const maxContinuationThreads = optionalInteger(args, 'maxContinuationThreads', 0) ?? 100;

  const options: LaunchOptions = {
    program,
    cwd,
    ...(programArgs && { args: programArgs }),
    ...(env && { env }),
    ...(dirs && { dirs }),
    ...(stopOnEntry !== undefined && { stopOnEntry }),
    ...(seed !== undefined && { seed }),
    ...(maxThreads !== undefined && { maxThreads }),
    ...(invoke !== undefined && { invoke }),
  };
  return { options, continuationsAsThreads, maxContinuationThreads };
}
