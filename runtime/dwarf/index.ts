// Public surface of the DWARF reader.
export { DwarfError } from './error.js';
export { DwarfInfo, type LocationAttr, type LoadOptions } from './dwarf.js';
export { Scopes, type Frame, type Variable, type CallSite } from './scopes.js';
export { LineIndex, type LineLocation, type BreakpointAddresses } from './lines.js';
export { evaluate, disassemble, locationValue, type DwarfLocation, type ExpressionContext } from './expression.js';
export { typeName, type DwarfType, type Member } from './types.js';
export { scanModule, dwarfSectionsOf, externalDebugInfoPath, type DwarfSections } from './sections.js';
export type { Die, Unit, AttrValue } from './info.js';
export type { Range, LocationListEntry } from './ranges.js';
