/**
 * A small FileCheck: matches `check:` / `nextln:` / `not:` directives against a test's
 * output text, line by line.
 *   check: P    the next line at or after the cursor containing P
 *   nextln: P   the line right after the previous match contains P
 *   not: P      no line between the previous match and the next match (or the end) contains P
 * P is literal text, except `{{...}}` which is a regular expression.
 */

export type CheckKind = 'check' | 'nextln' | 'not';

export interface CheckDirective {
  kind: CheckKind;
  pattern: string;
  /** Line of the directive in the test file (1-based). */
  line: number;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function compilePattern(pattern: string): RegExp {
  let source = '';
  let rest = pattern;
  while (rest.length > 0) {
    const start = rest.indexOf('{{');
    if (start === -1) {
      source += escapeRegExp(rest);
      break;
    }
    const end = rest.indexOf('}}', start + 2);
    if (end === -1) throw new Error(`unterminated '{{' in pattern '${pattern}'`);
    source += escapeRegExp(rest.slice(0, start)) + `(?:${rest.slice(start + 2, end)})`;
    rest = rest.slice(end + 2);
  }
  return new RegExp(source);
}

/** Returns the failures (empty when every directive holds). */
export function runChecks(output: string, checks: readonly CheckDirective[]): string[] {
  const lines = output.split('\n');
  const failures: string[] = [];
  let cursor = 0; // first line a `check:` may match
  let lastMatch = -1;
  let pendingNots: CheckDirective[] = [];
  const flushNots = (from: number, to: number): void => {
    for (const not of pendingNots) {
      const regex = compilePattern(not.pattern);
      for (let i = from; i < to; i++) {
        if (regex.test(lines[i]!)) failures.push(`line ${not.line}: 'not: ${not.pattern}' matched output line ${i + 1}: ${lines[i]}`);
      }
    }
    pendingNots = [];
  };
  for (const directive of checks) {
    if (directive.kind === 'not') {
      pendingNots.push(directive);
      continue;
    }
    const regex = compilePattern(directive.pattern);
    let found = -1;
    if (directive.kind === 'nextln') {
      const next = lastMatch + 1;
      if (lastMatch >= 0 && next < lines.length && regex.test(lines[next]!)) found = next;
    } else {
      for (let i = cursor; i < lines.length; i++) {
        if (regex.test(lines[i]!)) {
          found = i;
          break;
        }
      }
    }
    if (found === -1) {
      const after = lastMatch >= 0 ? ` after output line ${lastMatch + 1}` : '';
      failures.push(`line ${directive.line}: '${directive.kind}: ${directive.pattern}' not found${after}`);
      return failures;
    }
    flushNots(lastMatch + 1, found);
    lastMatch = found;
    cursor = found + 1;
  }
  flushNots(lastMatch + 1, lines.length);
  return failures;
}
