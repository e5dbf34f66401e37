// Reading the raw text around the cursor, for features that must work even
// when the text does not lex (completion right after typing `$`).

/** WAT idchars: printable ASCII except space and `"(),;[]{}`. */
export function isIdChar(c: number): boolean {
  if (c < 0x21 || c > 0x7e) return false;
  return !'"(),;[]{}'.includes(String.fromCharCode(c));
}

/** The run of idchars around `offset` (a word, a number or a `$id`). */
export function wordAt(text: string, offset: number): { start: number; end: number; text: string } {
  let start = offset;
  while (start > 0 && isIdChar(text.charCodeAt(start - 1))) start--;
  let end = offset;
  while (end < text.length && isIdChar(text.charCodeAt(end))) end++;
  return { start, end, text: text.slice(start, end) };
}

/**
 * The words before `offset` on the way back to the previous `(`, `)` or
 * keyword: nearest first. Each word says whether a `(` opens right before it.
 * Comments are not skipped; this is for completion context only.
 */
export function wordsBefore(text: string, offset: number, max: number): { text: string; afterParen: boolean }[] {
  const out: { text: string; afterParen: boolean }[] = [];
  let p = offset;
  while (out.length < max) {
    while (p > 0 && /\s/.test(text[p - 1]!)) p--;
    if (p === 0 || !isIdChar(text.charCodeAt(p - 1))) break;
    const end = p;
    while (p > 0 && isIdChar(text.charCodeAt(p - 1))) p--;
    const word = text.slice(p, end);
    let q = p;
    while (q > 0 && /\s/.test(text[q - 1]!)) q--;
    out.push({ text: word, afterParen: text[q - 1] === '(' });
    if (text[q - 1] === '(') break;
  }
  return out;
}

/** Is `name` a well-formed plain `$id`? */
export function isValidId(name: string): boolean {
  if (name.length < 2 || name[0] !== '$') return false;
  for (let i = 1; i < name.length; i++) if (!isIdChar(name.charCodeAt(i))) return false;
  return true;
}
