// Types for build-grammar.mjs, so the (strict TypeScript) grammar tests can import it.

export declare const GRAMMAR_PATH: string;
/** Names in the opcode table that are not words of the text format. */
export declare const NON_TEXT_OPCODE_NAMES: ReadonlySet<string>;
/** Instruction families: [key, scope, classifier]; the first matching family wins. */
export declare const FAMILIES: ReadonlyArray<readonly [key: string, scope: string, test: (name: string) => boolean]>;
/** Every instruction word the grammar knows, by family key. */
export declare function instructionFamilies(): Map<string, string[]>;
export declare function buildGrammar(): Record<string, unknown>;
/** The grammar as written to wat.tmLanguage.json. */
export declare function grammarText(): string;
