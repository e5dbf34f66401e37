// Which words the text format knows. The spec's reference lexer rejects an
// unknown word as "unknown operator" before the parser sees it, while a known
// word in the wrong place is an "unexpected token"; the spec tests check for
// that difference, so the parser asks here before choosing its message.

import { opByName } from '../syntax/opcodes.js';
import { parseF64, parseNat } from './numbers.js';

const WORDS = `
module binary quote definition instance type rec sub final func struct array cont field mut
param result local import export table memory global tag start elem data declare item offset
then else end do catch catch_ref catch_all catch_all_ref delegate on switch shared pagesize
i32 i64 f32 f64 v128 i8 i16 ref null funcref externref anyref eqref i31ref structref arrayref
nullref nullfuncref nullexternref exnref nullexnref contref nullcontref
any eq i31 none nofunc noextern exn noexn nocont extern
register invoke get assert_return assert_trap assert_exhaustion assert_malformed assert_invalid
assert_unlinkable assert_uninstantiable assert_exception assert_suspension input output
thread wait either ref.extern ref.host nan:canonical nan:arithmetic
`;

const KEYWORDS: ReadonlySet<string> = new Set(WORDS.split(/\s+/).filter((w) => w.length > 0));

export function isKnownKeyword(text: string): boolean {
  if (KEYWORDS.has(text) || opByName(text) !== undefined) return true;
  if (text.startsWith('offset=') || text.startsWith('align=')) {
    try {
      return parseNat(text.slice(text.indexOf('=') + 1)) !== null;
    } catch {
      return true;
    }
  }
  try {
    return parseF64(text) !== null || parseNat(text) !== null;
  } catch {
    return true; // a well-formed number that is out of range
  }
}
