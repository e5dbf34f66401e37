// DWARF comes from compilers we do not control and may be truncated or
// corrupt; every problem found while reading it is a DwarfError so callers can
// catch exactly that, show a warning and carry on debugging without symbols.

export class DwarfError extends Error {
  override readonly name = 'DwarfError';
  constructor(message: string, readonly section?: string, readonly offset?: number) {
    super(section === undefined ? message : `${section}${offset === undefined ? '' : `+0x${offset.toString(16)}`}: ${message}`);
  }
}

/**
 * Runs `f` and turns anything it throws that is not a DwarfError (a RangeError
 * from a typed array, a stack overflow on a cyclic reference) into one, so the
 * public API keeps its promise of a single error class.
 */
export function guard<T>(what: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof DwarfError) throw e;
    throw new DwarfError(`${what}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
