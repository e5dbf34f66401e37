// DAP breakpoints ⇄ the engine's breakpoint specs and states, and the
// exception-style filters for traps and stack-switching events.

import type { DebugProtocol } from '@vscode/debugprotocol';
import type { BreakpointLocation, BreakpointSpec, BreakpointState, EventFilters } from '../runtime/debug/api.js';
import type { CodeAddresses } from './references.js';
import type { Sources } from './sources.js';

function spec(location: BreakpointLocation, bp: { condition?: string; hitCondition?: string; logMessage?: string }): BreakpointSpec {
  return {
    location,
    ...(bp.condition && { condition: bp.condition }),
    ...(bp.hitCondition && { hitCondition: bp.hitCondition }),
    ...(bp.logMessage && { logMessage: bp.logMessage }),
  };
}

export function sourceSpecs(file: string, bps: readonly DebugProtocol.SourceBreakpoint[]): BreakpointSpec[] {
  return bps.map((bp) => spec({ kind: 'source', file, line: bp.line, ...(bp.column !== undefined && { column: bp.column }) }, bp));
}

export function functionSpecs(bps: readonly DebugProtocol.FunctionBreakpoint[]): BreakpointSpec[] {
  return bps.map((bp) => spec({ kind: 'function', name: bp.name }, bp));
}

export function instructionSpecs(bps: readonly DebugProtocol.InstructionBreakpoint[], addresses: CodeAddresses): BreakpointSpec[] {
  return bps.map((bp) => spec({ kind: 'code', location: addresses.resolve(bp.instructionReference, bp.offset ?? 0) }, bp));
}

export function toDapBreakpoint(state: BreakpointState, sources: Sources, addresses: CodeAddresses): DebugProtocol.Breakpoint {
  const bp: DebugProtocol.Breakpoint = { id: state.id, verified: state.verified };
  if (state.message) bp.message = state.message;
  if (state.source) {
    bp.source = sources.dapSourceForFile(state.source.file);
    bp.line = state.source.line;
    bp.column = state.source.column;
  } else if (state.location) {
    const placed = sources.place(state.location, undefined);
    if (placed.source) {
      bp.source = placed.source;
      bp.line = placed.line;
    }
  }
  if (state.location) bp.instructionReference = addresses.remember(state.location);
  return bp;
}

export const EXCEPTION_FILTERS: DebugProtocol.ExceptionBreakpointsFilter[] = [
  { filter: 'traps', label: 'Traps', description: 'Stop where a trap happens (unreachable, out of bounds, divide by zero, …)', default: true },
  { filter: 'uncaught', label: 'Uncaught exceptions', description: 'Stop on a wasm exception no handler catches', default: true },
  {
    filter: 'suspend',
    label: 'suspend',
    description: 'Stop when a continuation suspends',
    supportsCondition: true,
    conditionDescription: 'Only these tags, e.g. "$yield, $await" (empty: every tag)',
  },
  { filter: 'resume', label: 'resume', description: 'Stop when a continuation is resumed' },
  { filter: 'switch', label: 'switch', description: 'Stop on switch between continuations' },
  { filter: 'contNew', label: 'cont.new', description: 'Stop when a continuation is created' },
  { filter: 'contReturn', label: 'Continuation returns', description: 'Stop when a continuation returns' },
  { filter: 'threadStart', label: 'Thread start', description: 'Stop when a thread starts' },
  { filter: 'threadExit', label: 'Thread exit', description: 'Stop when a thread exits' },
];

const KNOWN_FILTERS = new Set(EXCEPTION_FILTERS.map((f) => f.filter));

/** setExceptionBreakpoints arguments → engine filters; throws on an unknown filter id. */
export function eventFilters(args: DebugProtocol.SetExceptionBreakpointsArguments): EventFilters {
  const on = new Map<string, string | undefined>();
  for (const f of args.filters ?? []) on.set(f, undefined);
  for (const o of args.filterOptions ?? []) on.set(o.filterId, o.condition);
  for (const id of on.keys()) if (!KNOWN_FILTERS.has(id)) throw new Error(`unknown exception filter '${id}'`);
  const tags = on.get('suspend')?.split(/[\s,]+/).filter((t) => t.length > 0);
  return {
    traps: on.has('traps'),
    uncaughtExceptions: on.has('uncaught'),
    suspend: on.has('suspend') ? (tags && tags.length > 0 ? tags : true) : false,
    resume: on.has('resume'),
    switch: on.has('switch'),
    contNew: on.has('contNew'),
    contReturn: on.has('contReturn'),
    threadStart: on.has('threadStart'),
    threadExit: on.has('threadExit'),
  };
}
