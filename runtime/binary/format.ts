// Constants of the binary format shared by the decoder and the encoder.

export const WASM_MAGIC: readonly number[] = [0x00, 0x61, 0x73, 0x6d]; // "\0asm"
export const WASM_VERSION: readonly number[] = [0x01, 0x00, 0x00, 0x00];

export const enum SectionId {
  Custom = 0,
  Type = 1,
  Import = 2,
  Function = 3,
  Table = 4,
  Memory = 5,
  Global = 6,
  Export = 7,
  Start = 8,
  Element = 9,
  Code = 10,
  Data = 11,
  DataCount = 12,
  Tag = 13,
}

/**
 * Each known section id's position in the required order (custom sections,
 * rank 0, may appear anywhere). Ids are not in order: the tag section sits
 * between memory and global, the data count section between element and code.
 */
export const SECTION_ORDER: readonly (number | undefined)[] = [
  /* custom */ 0, /* type */ 1, /* import */ 2, /* function */ 3, /* table */ 4, /* memory */ 5,
  /* global */ 7, /* export */ 8, /* start */ 9, /* element */ 10, /* code */ 12, /* data */ 13,
  /* data count */ 11, /* tag */ 6,
];
