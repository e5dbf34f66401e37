// The one table of WebAssembly instructions. Everything that needs to know an
// instruction's text name, binary encoding, immediates or simple signature
// derives it from here: the decoder, the encoder, the text parser, the
// validator, the disassembler and the debugger's instruction view.
//
// An opcode id is the binary encoding packed into one number: the byte itself
// for one-byte instructions, `prefix * 0x1000 + sub` for prefixed ones
// (0xFB GC, 0xFC misc, 0xFD SIMD, 0xFE atomics). Ids are therefore stable and
// readable in hex dumps.

/** The shape of an instruction's immediates (binary order in comments). */
export type ImmKind =
  | 'none'
  | 'block' // blocktype
  | 'label' // labelidx
  | 'brTable' // vec(labelidx) labelidx
  | 'func' // funcidx
  | 'type' // typeidx
  | 'callIndirect' // typeidx tableidx
  | 'local'
  | 'global'
  | 'table'
  | 'memory' // memidx
  | 'memarg' // align(+memidx flag) offset
  | 'i32' | 'i64' | 'f32' | 'f64'
  | 'heapType' // ref.null
  | 'selectT' // vec(valtype)
  | 'tag' // tagidx
  | 'tryTable' // blocktype vec(catch)
  | 'tableInit' // elemidx tableidx
  | 'tableCopy' // tableidx(dst) tableidx(src)
  | 'memoryInit' // dataidx memidx
  | 'memoryCopy' // memidx(dst) memidx(src)
  | 'data' // dataidx
  | 'elem' // elemidx
  | 'fence' // a reserved 0x00 byte
  | 'typeType' // typeidx typeidx (cont.bind)
  | 'resume' // typeidx vec(handler)
  | 'resumeThrow' // typeidx tagidx vec(handler)
  | 'typeTag' // typeidx tagidx (switch)
  | 'typeField' // typeidx fieldidx (struct.get/set)
  | 'typeLen' // typeidx u32 (array.new_fixed)
  | 'typeData' // typeidx dataidx
  | 'typeElem' // typeidx elemidx
  | 'refType' // heaptype, nullable by opcode (ref.test/ref.cast)
  | 'brOnCast'; // castflags labelidx heaptype heaptype

/** Proposals an instruction belongs to; the decoder refuses unsupported ones. */
export type Feature = 'core' | 'threads' | 'exceptions' | 'legacy-exceptions' | 'tail-call'
  | 'function-references' | 'stack-switching' | 'gc' | 'simd';

export interface OpInfo {
  readonly id: number;
  readonly name: string;
  readonly prefix: number; // 0 for one-byte opcodes
  readonly code: number; // the byte, or the u32 after the prefix
  readonly imm: ImmKind;
  /** Fixed signature in the validator's notation ("i32 i32 -> i32"), or '' when it depends on immediates. */
  readonly sig: string;
  /** For memarg instructions: log2 of the natural alignment (the largest valid `align`). */
  readonly naturalAlign: number;
  readonly feature: Feature;
}

export function opId(prefix: number, code: number): number {
  return prefix === 0 ? code : prefix * 0x1000 + code;
}

type Row = [name: string, code: number, imm: ImmKind, sig: string, naturalAlign?: number];

function rows(prefix: number, feature: Feature, list: Row[]): OpInfo[] {
  return list.map(([name, code, imm, sig, naturalAlign]) => ({
    id: opId(prefix, code), name, prefix, code, imm, sig, naturalAlign: naturalAlign ?? -1, feature,
  }));
}

// Signatures are written with these type names; the validator parses them once.
const ii_i = 'i32 i32 -> i32', i_i = 'i32 -> i32', II_I = 'i64 i64 -> i64', I_I = 'i64 -> i64';
const II_i = 'i64 i64 -> i32', I_i = 'i64 -> i32';
const ff_f = 'f32 f32 -> f32', f_f = 'f32 -> f32', ff_i = 'f32 f32 -> i32';
const FF_F = 'f64 f64 -> f64', F_F = 'f64 -> f64', FF_i = 'f64 f64 -> i32';

const CONTROL: Row[] = [
  ['unreachable', 0x00, 'none', ' -> '],
  ['nop', 0x01, 'none', ' -> '],
  ['block', 0x02, 'block', ''],
  ['loop', 0x03, 'block', ''],
  ['if', 0x04, 'block', ''],
  ['else', 0x05, 'none', ''],
  ['end', 0x0b, 'none', ''],
  ['br', 0x0c, 'label', ''],
  ['br_if', 0x0d, 'label', ''],
  ['br_table', 0x0e, 'brTable', ''],
  ['return', 0x0f, 'none', ''],
  ['call', 0x10, 'func', ''],
  ['call_indirect', 0x11, 'callIndirect', ''],
  ['drop', 0x1a, 'none', ''],
  ['select', 0x1b, 'none', ''],
  ['select_t', 0x1c, 'selectT', ''], // text: `select (result t)`
  ['local.get', 0x20, 'local', ''],
  ['local.set', 0x21, 'local', ''],
  ['local.tee', 0x22, 'local', ''],
  ['global.get', 0x23, 'global', ''],
  ['global.set', 0x24, 'global', ''],
  ['table.get', 0x25, 'table', ''],
  ['table.set', 0x26, 'table', ''],
];

const EXCEPTIONS: Row[] = [
  ['throw', 0x08, 'tag', ''],
  ['throw_ref', 0x0a, 'none', ''],
  ['try_table', 0x1f, 'tryTable', ''],
];

const LEGACY_EXCEPTIONS: Row[] = [
  ['try', 0x06, 'block', ''],
  ['catch', 0x07, 'tag', ''],
  ['rethrow', 0x09, 'label', ''],
  ['delegate', 0x18, 'label', ''],
  ['catch_all', 0x19, 'none', ''],
];

const TAIL_CALL: Row[] = [
  ['return_call', 0x12, 'func', ''],
  ['return_call_indirect', 0x13, 'callIndirect', ''],
];

const FUNCTION_REFERENCES: Row[] = [
  ['call_ref', 0x14, 'type', ''],
  ['return_call_ref', 0x15, 'type', ''],
  ['ref.as_non_null', 0xd4, 'none', ''],
  ['br_on_null', 0xd5, 'label', ''],
  ['br_on_non_null', 0xd6, 'label', ''],
];

// Loads and stores: [name, code, log2 natural alignment, value type].
const MEMORY: Row[] = [
  ['i32.load', 0x28, 'memarg', 'i32 -> i32', 2],
  ['i64.load', 0x29, 'memarg', 'i32 -> i64', 3],
  ['f32.load', 0x2a, 'memarg', 'i32 -> f32', 2],
  ['f64.load', 0x2b, 'memarg', 'i32 -> f64', 3],
  ['i32.load8_s', 0x2c, 'memarg', 'i32 -> i32', 0],
  ['i32.load8_u', 0x2d, 'memarg', 'i32 -> i32', 0],
  ['i32.load16_s', 0x2e, 'memarg', 'i32 -> i32', 1],
  ['i32.load16_u', 0x2f, 'memarg', 'i32 -> i32', 1],
  ['i64.load8_s', 0x30, 'memarg', 'i32 -> i64', 0],
  ['i64.load8_u', 0x31, 'memarg', 'i32 -> i64', 0],
  ['i64.load16_s', 0x32, 'memarg', 'i32 -> i64', 1],
  ['i64.load16_u', 0x33, 'memarg', 'i32 -> i64', 1],
  ['i64.load32_s', 0x34, 'memarg', 'i32 -> i64', 2],
  ['i64.load32_u', 0x35, 'memarg', 'i32 -> i64', 2],
  ['i32.store', 0x36, 'memarg', 'i32 i32 -> ', 2],
  ['i64.store', 0x37, 'memarg', 'i32 i64 -> ', 3],
  ['f32.store', 0x38, 'memarg', 'i32 f32 -> ', 2],
  ['f64.store', 0x39, 'memarg', 'i32 f64 -> ', 3],
  ['i32.store8', 0x3a, 'memarg', 'i32 i32 -> ', 0],
  ['i32.store16', 0x3b, 'memarg', 'i32 i32 -> ', 1],
  ['i64.store8', 0x3c, 'memarg', 'i32 i64 -> ', 0],
  ['i64.store16', 0x3d, 'memarg', 'i32 i64 -> ', 1],
  ['i64.store32', 0x3e, 'memarg', 'i32 i64 -> ', 2],
  ['memory.size', 0x3f, 'memory', ' -> i32'],
  ['memory.grow', 0x40, 'memory', 'i32 -> i32'],
];

const NUMERIC: Row[] = [
  ['i32.const', 0x41, 'i32', ' -> i32'],
  ['i64.const', 0x42, 'i64', ' -> i64'],
  ['f32.const', 0x43, 'f32', ' -> f32'],
  ['f64.const', 0x44, 'f64', ' -> f64'],
  ['i32.eqz', 0x45, 'none', i_i],
  ['i32.eq', 0x46, 'none', ii_i], ['i32.ne', 0x47, 'none', ii_i],
  ['i32.lt_s', 0x48, 'none', ii_i], ['i32.lt_u', 0x49, 'none', ii_i],
  ['i32.gt_s', 0x4a, 'none', ii_i], ['i32.gt_u', 0x4b, 'none', ii_i],
  ['i32.le_s', 0x4c, 'none', ii_i], ['i32.le_u', 0x4d, 'none', ii_i],
  ['i32.ge_s', 0x4e, 'none', ii_i], ['i32.ge_u', 0x4f, 'none', ii_i],
  ['i64.eqz', 0x50, 'none', I_i],
  ['i64.eq', 0x51, 'none', II_i], ['i64.ne', 0x52, 'none', II_i],
  ['i64.lt_s', 0x53, 'none', II_i], ['i64.lt_u', 0x54, 'none', II_i],
  ['i64.gt_s', 0x55, 'none', II_i], ['i64.gt_u', 0x56, 'none', II_i],
  ['i64.le_s', 0x57, 'none', II_i], ['i64.le_u', 0x58, 'none', II_i],
  ['i64.ge_s', 0x59, 'none', II_i], ['i64.ge_u', 0x5a, 'none', II_i],
  ['f32.eq', 0x5b, 'none', ff_i], ['f32.ne', 0x5c, 'none', ff_i],
  ['f32.lt', 0x5d, 'none', ff_i], ['f32.gt', 0x5e, 'none', ff_i],
  ['f32.le', 0x5f, 'none', ff_i], ['f32.ge', 0x60, 'none', ff_i],
  ['f64.eq', 0x61, 'none', FF_i], ['f64.ne', 0x62, 'none', FF_i],
  ['f64.lt', 0x63, 'none', FF_i], ['f64.gt', 0x64, 'none', FF_i],
  ['f64.le', 0x65, 'none', FF_i], ['f64.ge', 0x66, 'none', FF_i],
  ['i32.clz', 0x67, 'none', i_i], ['i32.ctz', 0x68, 'none', i_i], ['i32.popcnt', 0x69, 'none', i_i],
  ['i32.add', 0x6a, 'none', ii_i], ['i32.sub', 0x6b, 'none', ii_i], ['i32.mul', 0x6c, 'none', ii_i],
  ['i32.div_s', 0x6d, 'none', ii_i], ['i32.div_u', 0x6e, 'none', ii_i],
  ['i32.rem_s', 0x6f, 'none', ii_i], ['i32.rem_u', 0x70, 'none', ii_i],
  ['i32.and', 0x71, 'none', ii_i], ['i32.or', 0x72, 'none', ii_i], ['i32.xor', 0x73, 'none', ii_i],
  ['i32.shl', 0x74, 'none', ii_i], ['i32.shr_s', 0x75, 'none', ii_i], ['i32.shr_u', 0x76, 'none', ii_i],
  ['i32.rotl', 0x77, 'none', ii_i], ['i32.rotr', 0x78, 'none', ii_i],
  ['i64.clz', 0x79, 'none', I_I], ['i64.ctz', 0x7a, 'none', I_I], ['i64.popcnt', 0x7b, 'none', I_I],
  ['i64.add', 0x7c, 'none', II_I], ['i64.sub', 0x7d, 'none', II_I], ['i64.mul', 0x7e, 'none', II_I],
  ['i64.div_s', 0x7f, 'none', II_I], ['i64.div_u', 0x80, 'none', II_I],
  ['i64.rem_s', 0x81, 'none', II_I], ['i64.rem_u', 0x82, 'none', II_I],
  ['i64.and', 0x83, 'none', II_I], ['i64.or', 0x84, 'none', II_I], ['i64.xor', 0x85, 'none', II_I],
  ['i64.shl', 0x86, 'none', II_I], ['i64.shr_s', 0x87, 'none', II_I], ['i64.shr_u', 0x88, 'none', II_I],
  ['i64.rotl', 0x89, 'none', II_I], ['i64.rotr', 0x8a, 'none', II_I],
  ['f32.abs', 0x8b, 'none', f_f], ['f32.neg', 0x8c, 'none', f_f], ['f32.ceil', 0x8d, 'none', f_f],
  ['f32.floor', 0x8e, 'none', f_f], ['f32.trunc', 0x8f, 'none', f_f], ['f32.nearest', 0x90, 'none', f_f],
  ['f32.sqrt', 0x91, 'none', f_f],
  ['f32.add', 0x92, 'none', ff_f], ['f32.sub', 0x93, 'none', ff_f], ['f32.mul', 0x94, 'none', ff_f],
  ['f32.div', 0x95, 'none', ff_f], ['f32.min', 0x96, 'none', ff_f], ['f32.max', 0x97, 'none', ff_f],
  ['f32.copysign', 0x98, 'none', ff_f],
  ['f64.abs', 0x99, 'none', F_F], ['f64.neg', 0x9a, 'none', F_F], ['f64.ceil', 0x9b, 'none', F_F],
  ['f64.floor', 0x9c, 'none', F_F], ['f64.trunc', 0x9d, 'none', F_F], ['f64.nearest', 0x9e, 'none', F_F],
  ['f64.sqrt', 0x9f, 'none', F_F],
  ['f64.add', 0xa0, 'none', FF_F], ['f64.sub', 0xa1, 'none', FF_F], ['f64.mul', 0xa2, 'none', FF_F],
  ['f64.div', 0xa3, 'none', FF_F], ['f64.min', 0xa4, 'none', FF_F], ['f64.max', 0xa5, 'none', FF_F],
  ['f64.copysign', 0xa6, 'none', FF_F],
  ['i32.wrap_i64', 0xa7, 'none', 'i64 -> i32'],
  ['i32.trunc_f32_s', 0xa8, 'none', 'f32 -> i32'], ['i32.trunc_f32_u', 0xa9, 'none', 'f32 -> i32'],
  ['i32.trunc_f64_s', 0xaa, 'none', 'f64 -> i32'], ['i32.trunc_f64_u', 0xab, 'none', 'f64 -> i32'],
  ['i64.extend_i32_s', 0xac, 'none', 'i32 -> i64'], ['i64.extend_i32_u', 0xad, 'none', 'i32 -> i64'],
  ['i64.trunc_f32_s', 0xae, 'none', 'f32 -> i64'], ['i64.trunc_f32_u', 0xaf, 'none', 'f32 -> i64'],
  ['i64.trunc_f64_s', 0xb0, 'none', 'f64 -> i64'], ['i64.trunc_f64_u', 0xb1, 'none', 'f64 -> i64'],
  ['f32.convert_i32_s', 0xb2, 'none', 'i32 -> f32'], ['f32.convert_i32_u', 0xb3, 'none', 'i32 -> f32'],
  ['f32.convert_i64_s', 0xb4, 'none', 'i64 -> f32'], ['f32.convert_i64_u', 0xb5, 'none', 'i64 -> f32'],
  ['f32.demote_f64', 0xb6, 'none', 'f64 -> f32'],
  ['f64.convert_i32_s', 0xb7, 'none', 'i32 -> f64'], ['f64.convert_i32_u', 0xb8, 'none', 'i32 -> f64'],
  ['f64.convert_i64_s', 0xb9, 'none', 'i64 -> f64'], ['f64.convert_i64_u', 0xba, 'none', 'i64 -> f64'],
  ['f64.promote_f32', 0xbb, 'none', 'f32 -> f64'],
  ['i32.reinterpret_f32', 0xbc, 'none', 'f32 -> i32'], ['i64.reinterpret_f64', 0xbd, 'none', 'f64 -> i64'],
  ['f32.reinterpret_i32', 0xbe, 'none', 'i32 -> f32'], ['f64.reinterpret_i64', 0xbf, 'none', 'i64 -> f64'],
  ['i32.extend8_s', 0xc0, 'none', i_i], ['i32.extend16_s', 0xc1, 'none', i_i],
  ['i64.extend8_s', 0xc2, 'none', I_I], ['i64.extend16_s', 0xc3, 'none', I_I],
  ['i64.extend32_s', 0xc4, 'none', I_I],
];

const REFERENCE: Row[] = [
  ['ref.null', 0xd0, 'heapType', ''],
  ['ref.is_null', 0xd1, 'none', ''],
  ['ref.func', 0xd2, 'func', ''],
  ['ref.eq', 0xd3, 'none', ''],
];

const MISC_FC: Row[] = [
  ['i32.trunc_sat_f32_s', 0, 'none', 'f32 -> i32'], ['i32.trunc_sat_f32_u', 1, 'none', 'f32 -> i32'],
  ['i32.trunc_sat_f64_s', 2, 'none', 'f64 -> i32'], ['i32.trunc_sat_f64_u', 3, 'none', 'f64 -> i32'],
  ['i64.trunc_sat_f32_s', 4, 'none', 'f32 -> i64'], ['i64.trunc_sat_f32_u', 5, 'none', 'f32 -> i64'],
  ['i64.trunc_sat_f64_s', 6, 'none', 'f64 -> i64'], ['i64.trunc_sat_f64_u', 7, 'none', 'f64 -> i64'],
  ['memory.init', 8, 'memoryInit', ''],
  ['data.drop', 9, 'data', ' -> '],
  ['memory.copy', 10, 'memoryCopy', ''],
  ['memory.fill', 11, 'memory', ''],
  ['table.init', 12, 'tableInit', ''],
  ['elem.drop', 13, 'elem', ' -> '],
  ['table.copy', 14, 'tableCopy', ''],
  ['table.grow', 15, 'table', ''],
  ['table.size', 16, 'table', ''],
  ['table.fill', 17, 'table', ''],
];

// Atomics (0xFE). The rmw families repeat one shape per operation, so they
// are generated: 7 widths for each of add, sub, and, or, xor, xchg, cmpxchg.
function atomicRows(): Row[] {
  const out: Row[] = [
    ['memory.atomic.notify', 0x00, 'memarg', 'i32 i32 -> i32', 2],
    ['memory.atomic.wait32', 0x01, 'memarg', 'i32 i32 i64 -> i32', 2],
    ['memory.atomic.wait64', 0x02, 'memarg', 'i32 i64 i64 -> i32', 3],
    ['atomic.fence', 0x03, 'fence', ' -> '],
    ['i32.atomic.load', 0x10, 'memarg', 'i32 -> i32', 2],
    ['i64.atomic.load', 0x11, 'memarg', 'i32 -> i64', 3],
    ['i32.atomic.load8_u', 0x12, 'memarg', 'i32 -> i32', 0],
    ['i32.atomic.load16_u', 0x13, 'memarg', 'i32 -> i32', 1],
    ['i64.atomic.load8_u', 0x14, 'memarg', 'i32 -> i64', 0],
    ['i64.atomic.load16_u', 0x15, 'memarg', 'i32 -> i64', 1],
    ['i64.atomic.load32_u', 0x16, 'memarg', 'i32 -> i64', 2],
    ['i32.atomic.store', 0x17, 'memarg', 'i32 i32 -> ', 2],
    ['i64.atomic.store', 0x18, 'memarg', 'i32 i64 -> ', 3],
    ['i32.atomic.store8', 0x19, 'memarg', 'i32 i32 -> ', 0],
    ['i32.atomic.store16', 0x1a, 'memarg', 'i32 i32 -> ', 1],
    ['i64.atomic.store8', 0x1b, 'memarg', 'i32 i64 -> ', 0],
    ['i64.atomic.store16', 0x1c, 'memarg', 'i32 i64 -> ', 1],
    ['i64.atomic.store32', 0x1d, 'memarg', 'i32 i64 -> ', 2],
  ];
  const widths: [prefix: string, suffix: string, t: string, align: number][] = [
    ['i32.atomic.rmw', '', 'i32', 2], ['i64.atomic.rmw', '', 'i64', 3],
    ['i32.atomic.rmw8', '_u', 'i32', 0], ['i32.atomic.rmw16', '_u', 'i32', 1],
    ['i64.atomic.rmw8', '_u', 'i64', 0], ['i64.atomic.rmw16', '_u', 'i64', 1],
    ['i64.atomic.rmw32', '_u', 'i64', 2],
  ];
  const ops = ['add', 'sub', 'and', 'or', 'xor', 'xchg', 'cmpxchg'];
  ops.forEach((op, opIndex) => {
    widths.forEach(([prefix, suffix, t, align], w) => {
      const sig = op === 'cmpxchg' ? `i32 ${t} ${t} -> ${t}` : `i32 ${t} -> ${t}`;
      out.push([`${prefix}.${op}${suffix}`, 0x1e + opIndex * 7 + w, 'memarg', sig, align]);
    });
  });
  return out;
}

const STACK_SWITCHING: Row[] = [
  ['cont.new', 0xe0, 'type', ''],
  ['cont.bind', 0xe1, 'typeType', ''],
  ['suspend', 0xe2, 'tag', ''],
  ['resume', 0xe3, 'resume', ''],
  ['resume_throw', 0xe4, 'resumeThrow', ''],
  ['resume_throw_ref', 0xe5, 'resume', ''], // exnref operand instead of a tag's payload
  ['switch', 0xe6, 'typeTag', ''],
];

// GC instructions are decoded and parsed so errors can name them, but the
// engine does not run them yet (the decoder reports "not supported yet").
const GC_FB: Row[] = [
  ['struct.new', 0, 'type', ''], ['struct.new_default', 1, 'type', ''],
  ['struct.get', 2, 'typeField', ''], ['struct.get_s', 3, 'typeField', ''],
  ['struct.get_u', 4, 'typeField', ''], ['struct.set', 5, 'typeField', ''],
  ['array.new', 6, 'type', ''], ['array.new_default', 7, 'type', ''],
  ['array.new_fixed', 8, 'typeLen', ''], ['array.new_data', 9, 'typeData', ''],
  ['array.new_elem', 10, 'typeElem', ''], ['array.get', 11, 'type', ''],
  ['array.get_s', 12, 'type', ''], ['array.get_u', 13, 'type', ''],
  ['array.set', 14, 'type', ''], ['array.len', 15, 'none', ''],
  ['array.fill', 16, 'type', ''], ['array.copy', 17, 'typeType', ''],
  ['array.init_data', 18, 'typeData', ''], ['array.init_elem', 19, 'typeElem', ''],
  ['ref.test', 20, 'refType', ''], ['ref.test_null', 21, 'refType', ''],
  ['ref.cast', 22, 'refType', ''], ['ref.cast_null', 23, 'refType', ''],
  ['br_on_cast', 24, 'brOnCast', ''], ['br_on_cast_fail', 25, 'brOnCast', ''],
  ['any.convert_extern', 26, 'none', ''], ['extern.convert_any', 27, 'none', ''],
  ['ref.i31', 28, 'none', ''], ['i31.get_s', 29, 'none', ''], ['i31.get_u', 30, 'none', ''],
];

export const PREFIX_GC = 0xfb;
export const PREFIX_MISC = 0xfc;
export const PREFIX_SIMD = 0xfd;
export const PREFIX_ATOMIC = 0xfe;

/** Every instruction, in no particular order. */
export const OPCODES: readonly OpInfo[] = [
  ...rows(0, 'core', [...CONTROL, ...MEMORY, ...NUMERIC, ...REFERENCE]),
  ...rows(0, 'exceptions', EXCEPTIONS),
  ...rows(0, 'legacy-exceptions', LEGACY_EXCEPTIONS),
  ...rows(0, 'tail-call', TAIL_CALL),
  ...rows(0, 'function-references', FUNCTION_REFERENCES),
  ...rows(0, 'stack-switching', STACK_SWITCHING),
  ...rows(PREFIX_MISC, 'core', MISC_FC),
  ...rows(PREFIX_ATOMIC, 'threads', atomicRows()),
  ...rows(PREFIX_GC, 'gc', GC_FB),
];

const byId = new Map<number, OpInfo>();
const byName = new Map<string, OpInfo>();
for (const info of OPCODES) {
  if (byId.has(info.id) || byName.has(info.name)) throw new Error(`opcode table: duplicate ${info.name}`);
  byId.set(info.id, info);
  byName.set(info.name, info);
}
// ref.eq is in the one-byte space but belongs to GC.
(byId.get(0xd3) as { feature: Feature }).feature = 'gc';

export function opInfo(id: number): OpInfo | undefined {
  return byId.get(id);
}
export function opByName(name: string): OpInfo | undefined {
  return byName.get(name);
}

/**
 * Opcode ids by text name, for code that is not on the interpreter's hot path
 * (validator, disassembler): `case Op['i32.add']:`. A misspelt name is caught
 * by the unit test that checks every name used in the sources.
 */
export const Op: Readonly<Record<string, number>> = Object.freeze(
  Object.fromEntries(OPCODES.map((o) => [o.name, o.id])),
);

/** Old text names the spec still accepts, mapped to today's names. */
export const OBSOLETE_NAMES: ReadonlyMap<string, string> = new Map([
  ['get_local', 'local.get'], ['set_local', 'local.set'], ['tee_local', 'local.tee'],
  ['get_global', 'global.get'], ['set_global', 'global.set'],
  ['current_memory', 'memory.size'], ['grow_memory', 'memory.grow'],
  ['i32.wrap/i64', 'i32.wrap_i64'], ['i64.extend_s/i32', 'i64.extend_i32_s'],
  ['i64.extend_u/i32', 'i64.extend_i32_u'], ['f32.demote/f64', 'f32.demote_f64'],
  ['f64.promote/f32', 'f64.promote_f32'],
  ['i32.trunc_s/f32', 'i32.trunc_f32_s'], ['i32.trunc_u/f32', 'i32.trunc_f32_u'],
  ['i32.trunc_s/f64', 'i32.trunc_f64_s'], ['i32.trunc_u/f64', 'i32.trunc_f64_u'],
  ['i64.trunc_s/f32', 'i64.trunc_f32_s'], ['i64.trunc_u/f32', 'i64.trunc_f32_u'],
  ['i64.trunc_s/f64', 'i64.trunc_f64_s'], ['i64.trunc_u/f64', 'i64.trunc_f64_u'],
  ['f32.convert_s/i32', 'f32.convert_i32_s'], ['f32.convert_u/i32', 'f32.convert_i32_u'],
  ['f32.convert_s/i64', 'f32.convert_i64_s'], ['f32.convert_u/i64', 'f32.convert_i64_u'],
  ['f64.convert_s/i32', 'f64.convert_i32_s'], ['f64.convert_u/i32', 'f64.convert_i32_u'],
  ['f64.convert_s/i64', 'f64.convert_i64_s'], ['f64.convert_u/i64', 'f64.convert_i64_u'],
  ['i32.reinterpret/f32', 'i32.reinterpret_f32'], ['i64.reinterpret/f64', 'i64.reinterpret_f64'],
  ['f32.reinterpret/i32', 'f32.reinterpret_i32'], ['f64.reinterpret/i64', 'f64.reinterpret_i64'],
]);
