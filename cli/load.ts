// Reading a program from disk lives in the runtime (runtime/program-file.ts),
// shared with the debugger; the CLI keeps importing it from here.

export { inSourceTerms, loadProgram, ProgramFileError, type LoadedProgram } from '../runtime/program-file.js';
