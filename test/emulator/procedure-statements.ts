// The plain SQL statements of a LANGUAGE SQL procedure in the deploy plan, in order: the text
// between BEGIN and EXCEPTION (or the last END) split at top-level `;`, without the Snowflake
// Scripting statements the server interprets itself (assignments `x := …`, RETURN, RAISE,
// SYSTEM$ calls, SELECT … INTO :var). The engine tests and the static check both read bodies so.
import { splitStatements, tokenize, type Token } from './engine/tokens';

function isScripting(st: readonly Token[]): boolean {
  if (st[1]?.value === ':=') return true;
  if (/^(SYSTEM\$|RETURN$|RAISE$|LET$)/.test(st[0].value)) return true;
  // SELECT … INTO :a, :b — a scripting assignment from a query.
  return st[0].value === 'SELECT' && st.some((t, i) => t.kind === 'word' && t.value === 'INTO' && st[i + 1]?.kind === 'bind');
}

export function procedureStatements(procedure: string): string[] {
  const body = procedure.slice(procedure.indexOf('$$') + 2, procedure.lastIndexOf('$$'));
  const begin = body.search(/\bBEGIN\b/) + 'BEGIN'.length;
  const exception = body.search(/\n\s*EXCEPTION\b/);
  const inner = body.slice(begin, exception > 0 ? exception : body.lastIndexOf('END'));
  return splitStatements(tokenize(inner))
    .filter((st) => !isScripting(st))
    .map((st) => inner.slice(st[0].pos, st[st.length - 1].pos + st[st.length - 1].raw.length));
}
