/**
 * Tokenizer of the IR text format. Tracks line and column (1-based) for error messages.
 * Comments are tokens: a comment after other tokens on its line is `trailing` and holds
 * data (source offset, value names); a full-line comment is ignored by the parser.
 */

export type TokenKind = 'word' | 'number' | 'punct' | 'name' | 'comment' | 'newline' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Source text (for `name`: the decoded name without `$`; for `comment`: text after `;`). */
  text: string;
  line: number;
  column: number;
  /** Comments only: other tokens precede it on its line. */
  trailing: boolean;
}

export class IrParseError extends Error {
  override name = 'IrParseError';
  constructor(
    readonly detail: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${line}:${column}: ${detail}`);
  }
}

const WORD = /[A-Za-z_][A-Za-z0-9_.]*/y;
const NUMBER = /[+-]?(?:inf|nan:0x[0-9a-fA-F]+|0x[0-9a-fA-F]+|(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)/y;
const PLAIN_NAME = /[A-Za-z0-9_.\-]+/y;
const JSON_STRING = /"(?:[^"\\\n]|\\.)*"/y;
const IDENT_CHAR = /[A-Za-z0-9_.]/;

function matchAt(pattern: RegExp, text: string, position: number): string | null {
  pattern.lastIndex = position;
  const match = pattern.exec(text);
  return match === null ? null : match[0];
}

/** A `$name` or `$"json"` starting at `position` (at the `$`): the decoded name and its length. */
export function scanName(text: string, position: number): { name: string; length: number } | null {
  const plain = matchAt(PLAIN_NAME, text, position + 1);
  if (plain !== null) return { name: plain, length: plain.length + 1 };
  const quoted = matchAt(JSON_STRING, text, position + 1);
  if (quoted === null) return null;
  try {
    return { name: JSON.parse(quoted) as string, length: quoted.length + 1 };
  } catch {
    return null;
  }
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let lineStart = 0;
  let lineHasTokens = false;
  let position = 0;
  const push = (kind: TokenKind, tokenText: string, start: number, trailing = false): void => {
    tokens.push({ kind, text: tokenText, line, column: start - lineStart + 1, trailing });
    if (kind !== 'newline') lineHasTokens = true;
  };
  while (position < text.length) {
    const char = text[position]!;
    if (char === '\n') {
      push('newline', '\n', position);
      position++;
      line++;
      lineStart = position;
      lineHasTokens = false;
      continue;
    }
    if (char === ' ' || char === '\t' || char === '\r') {
      position++;
      continue;
    }
    if (char === ';') {
      const end = text.indexOf('\n', position);
      const stop = end === -1 ? text.length : end;
      push('comment', text.slice(position + 1, stop), position, lineHasTokens);
      position = stop;
      continue;
    }
    if (char === '-' && text[position + 1] === '>') {
      push('punct', '->', position);
      position += 2;
      continue;
    }
    const number = matchAt(NUMBER, text, position);
    if (number !== null && !IDENT_CHAR.test(text[position + number.length] ?? ' ')) {
      push('number', number, position);
      position += number.length;
      continue;
    }
    const word = matchAt(WORD, text, position);
    if (word !== null) {
      push('word', word, position);
      position += word.length;
      continue;
    }
    if ('()[]{},:='.includes(char)) {
      push('punct', char, position);
      position++;
      continue;
    }
    if (char === '$') {
      const scanned = scanName(text, position);
      if (scanned === null) throw new IrParseError("expected a name after '$'", line, position - lineStart + 1);
      push('name', scanned.name, position);
      position += scanned.length;
      continue;
    }
    throw new IrParseError(`unexpected character '${char}'`, line, position - lineStart + 1);
  }
  push('eof', '', position);
  return tokens;
}
