// Snowflake Scripting blocks (the LANGUAGE SQL procedure bodies the plan creates) parsed into a
// small tree: DECLARE … BEGIN … [EXCEPTION WHEN … THEN …] END, nested BEGIN … END, LET,
// `var := expr`, RETURN, RAISE, SYSTEM$LOG_*(…), SYSTEM$ADD_EVENT(…), and every other statement
// as plain SQL for the engine. Constructs outside that set are refused by name rather than run
// as SQL, so an unsupported body fails loudly instead of doing something else.
// Reference: https://docs.snowflake.com/en/developer-guide/snowflake-scripting/blocks
import { leadingCode, splitStatements, splitTopLevel, type Piece } from './lexer';

export interface Declaration {
  readonly name: string;
  readonly type?: string;
  readonly defaultExpr?: string;
  /** DECLARE … EXCEPTION (code, 'message'): a named exception. */
  readonly exception?: { code: number; message: string };
}

export type Statement =
  | { kind: 'sql'; text: string; line: number; column: number }
  | { kind: 'assign'; name: string; expr: string; line: number; column: number; declareType?: string }
  | { kind: 'return'; expr?: string; line: number; column: number }
  | { kind: 'raise'; name?: string; line: number; column: number }
  | { kind: 'log'; level: string; args: string[]; line: number; column: number }
  | { kind: 'event'; args: string[]; line: number; column: number }
  | { kind: 'block'; block: Block; line: number; column: number };

export interface Handler {
  /** Exception names (upper-cased); OTHER catches all. */
  readonly names: string[];
  readonly body: Statement[];
}

export interface Block {
  readonly declarations: Declaration[];
  readonly body: Statement[];
  readonly handlers: Handler[];
}

export class ScriptSyntaxError extends Error {}

class Cursor {
  private i = 0;
  constructor(private readonly pieces: Piece[]) {}
  peek(): Piece | undefined {
    return this.pieces[this.i];
  }
  next(): Piece {
    const p = this.pieces[this.i++];
    if (!p) throw new ScriptSyntaxError('unexpected end of the block (END missing)');
    return p;
  }
  /** Replaces the current piece by its text after a leading keyword. */
  replaceCurrent(p: Piece): void {
    this.pieces[this.i] = p;
  }
}

/** The piece without its leading `re` match (lines and columns kept on the rest). */
function peel(p: Piece, re: RegExp): Piece | undefined {
  const code = leadingCode(p.text);
  const m = re.exec(code);
  if (!m) return undefined;
  const rest = code.slice(m[0].length);
  const consumed = code.slice(0, m[0].length + (rest.length - rest.trimStart().length));
  const lines = consumed.split('\n');
  return { text: rest.trim(), line: p.line + lines.length - 1, column: lines.length > 1 ? lines[lines.length - 1].length + 1 : p.column + consumed.length };
}

export function parseBlock(body: string): Block {
  const c = new Cursor(splitStatements(body));
  const block = readBlock(c);
  if (c.peek()) throw new ScriptSyntaxError(`unexpected '${c.peek()!.text.split('\n')[0]}' after the block's END (line ${c.peek()!.line})`);
  return block;
}

function readBlock(c: Cursor): Block {
  const declarations: Declaration[] = [];
  let first = c.peek();
  if (!first) throw new ScriptSyntaxError('empty block');
  const afterDeclare = peel(first, /^DECLARE\b/i);
  if (afterDeclare) {
    c.replaceCurrent(afterDeclare);
    for (;;) {
      const p = c.peek();
      if (!p) throw new ScriptSyntaxError('DECLARE without BEGIN');
      if (/^BEGIN\b/i.test(leadingCode(p.text))) break;
      c.next();
      if (p.text) declarations.push(parseDeclaration(p));
    }
    first = c.peek()!;
  }
  const afterBegin = peel(first, /^BEGIN\b/i);
  if (!afterBegin) throw new ScriptSyntaxError(`a block starts with DECLARE or BEGIN, not '${first.text.split('\n')[0]}' (line ${first.line})`);
  c.replaceCurrent(afterBegin);
  const body = readStatements(c, /^(EXCEPTION|END)\b/i);
  const handlers: Handler[] = [];
  const exc = peel(c.peek()!, /^EXCEPTION\b/i);
  if (exc) {
    c.replaceCurrent(exc);
    for (;;) {
      const p = c.peek()!;
      const m = /^WHEN\s+([\s\S]+?)\s+THEN\b/i.exec(leadingCode(p.text));
      if (!m) break;
      c.replaceCurrent(peel(p, /^WHEN\s+[\s\S]+?\s+THEN\b/i)!);
      handlers.push({ names: m[1].split(/\s+OR\s+/i).map((n) => n.trim().toUpperCase()), body: readStatements(c, /^(WHEN|END)\b/i) });
    }
  }
  const end = c.next();
  if (!/^END$/i.test(leadingCode(end.text))) throw new ScriptSyntaxError(`expected END, found '${end.text.split('\n')[0]}' (line ${end.line})`);
  return { declarations, body, handlers };
}

/** Statements until one starts with `stop` (left in the cursor). */
function readStatements(c: Cursor, stop: RegExp): Statement[] {
  const out: Statement[] = [];
  for (;;) {
    const p = c.peek();
    if (!p) throw new ScriptSyntaxError('unexpected end of the block (END missing)');
    const code = leadingCode(p.text);
    if (!code) {
      c.next();
      continue;
    }
    if (stop.test(code)) return out;
    if (/^(DECLARE|BEGIN)\b/i.test(code)) {
      out.push({ kind: 'block', block: readBlock(c), line: p.line, column: p.column });
      continue;
    }
    c.next();
    out.push(parseStatement(p, code));
  }
}

function parseDeclaration(p: Piece): Declaration {
  const code = leadingCode(p.text);
  const exc = /^([A-Za-z_][A-Za-z0-9_$]*)\s+EXCEPTION\s*\(\s*(-?\d+)\s*,\s*'((?:[^']|'')*)'\s*\)$/i.exec(code);
  if (exc) return { name: exc[1].toUpperCase(), exception: { code: Number(exc[2]), message: exc[3].replace(/''/g, "'") } };
  const m = /^([A-Za-z_][A-Za-z0-9_$]*)(?:\s+((?!DEFAULT\b)[A-Za-z_][A-Za-z0-9_]*(?:\s*\([\d\s,]+\))?))?(?:\s+(?:DEFAULT|:=)\s+([\s\S]+))?$/i.exec(code);
  if (!m) throw new ScriptSyntaxError(`cannot read the declaration '${code}' (line ${p.line})`);
  if (/^(CURSOR|RESULTSET)$/i.test(m[2] ?? '')) throw new ScriptSyntaxError(`the emulator does not interpret ${m[2]} declarations (line ${p.line})`);
  return { name: m[1].toUpperCase(), type: m[2]?.toUpperCase(), defaultExpr: m[3]?.trim() };
}

const UNSUPPORTED = /^(IF|FOR|WHILE|REPEAT|LOOP|CASE|OPEN|FETCH|CLOSE|BREAK|CONTINUE|EXECUTE\s+IMMEDIATE|AWAIT|ASYNC)\b/i;

function parseStatement(p: Piece, code: string): Statement {
  const at = { line: p.line, column: p.column };
  const let_ = /^LET\s+([A-Za-z_][A-Za-z0-9_$]*)(?:\s+([A-Za-z_][A-Za-z0-9_]*(?:\s*\([\d\s,]+\))?))?\s*(?::=|\bDEFAULT\b)\s*([\s\S]+)$/i.exec(code);
  if (let_) return { kind: 'assign', name: let_[1].toUpperCase(), expr: let_[3].trim(), declareType: let_[2]?.toUpperCase() ?? 'VARIANT', ...at };
  const assign = /^([A-Za-z_][A-Za-z0-9_$]*)\s*:=\s*([\s\S]+)$/.exec(code);
  if (assign) return { kind: 'assign', name: assign[1].toUpperCase(), expr: assign[2].trim(), ...at };
  const ret = /^RETURN\b\s*([\s\S]*)$/i.exec(code);
  if (ret) return { kind: 'return', expr: ret[1].trim() || undefined, ...at };
  const raise = /^RAISE\b\s*([A-Za-z_][A-Za-z0-9_$]*)?$/i.exec(code);
  if (raise) return { kind: 'raise', name: raise[1]?.toUpperCase(), ...at };
  const log = /^SYSTEM\$LOG(?:_(TRACE|DEBUG|INFO|WARN|ERROR|FATAL))?\s*\(([\s\S]*)\)$/i.exec(code);
  if (log) {
    const args = splitTopLevel(log[2]);
    // SYSTEM$LOG('level', message) names the level as its first argument.
    return log[1] ? { kind: 'log', level: log[1].toUpperCase(), args, ...at } : { kind: 'log', level: '', args, ...at };
  }
  const ev = /^SYSTEM\$ADD_EVENT\s*\(([\s\S]*)\)$/i.exec(code);
  if (ev) return { kind: 'event', args: splitTopLevel(ev[1]), ...at };
  if (UNSUPPORTED.test(code)) throw new ScriptSyntaxError(`the emulator does not interpret '${code.split(/\s/)[0].toUpperCase()}' in Snowflake Scripting yet (line ${p.line})`);
  return { kind: 'sql', text: p.text, ...at };
}
