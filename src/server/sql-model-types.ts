// The shapes of what the language server knows about one SQL file (see sql-model.ts, which
// builds them, and sql-model-queries.ts, which answers questions about them).
import type { Token } from './tokenizer';

export interface Relation {
  readonly kind: 'table' | 'cte' | 'subquery' | 'function';
  /** Table or CTE name as written (last part of a dotted name). */
  readonly name?: string;
  readonly nameToken?: Token;
  /** Lower-case alias, if any. */
  readonly alias?: string;
  readonly aliasToken?: Token;
  readonly cte?: Cte;
  readonly scope?: Scope;
  /** Columns fixed by the syntax: `AS t(a, b)`, or the documented output of a macro (flatten). */
  readonly declaredColumns?: string[];
  /** Token index where the relation starts (for completion and hover ordering). */
  readonly at: number;
}

export interface Scope {
  /** Token index range [start, end) of this SELECT (one arm of a UNION is one scope). */
  readonly start: number;
  readonly end: number;
  readonly depth: number;
  readonly parent?: Scope;
  /** CTE bodies and FROM subqueries cannot see the relations of the query around them. */
  isolated: boolean;
  readonly relations: Relation[];
  /** Token index ranges [a, b) of the select-list items. */
  readonly items: [number, number][];
  /** Names the select list defines (`expr AS name`): ORDER BY, GROUP BY and QUALIFY may use them. */
  readonly aliases: Set<string>;
}

export interface Cte {
  readonly name: string;
  readonly lower: string;
  readonly token: Token;
  /** Tokens of the whole definition `name AS ( … )`. */
  readonly from: number;
  readonly to: number;
  scope?: Scope;
  readonly declaredColumns?: string[];
}

export interface TableRef {
  readonly token: Token;
  readonly relation: Relation;
  readonly scope: Scope;
}

export interface ColumnRef {
  readonly qualifier?: Token;
  /** Undefined for a qualifier being typed (`o.` followed by a clause word). */
  readonly token?: Token;
  readonly scope: Scope;
}

export interface FunctionCall {
  readonly tokens: Token[];
  /** Dotted, lower case: `snowflake.cortex.sentiment`. */
  readonly name: string;
  readonly inMacro: boolean;
}

/** A macro call as core's template parser (src/core/sql/template.ts) found it; its structural
 *  errors are the model's 'template' problems. */
export interface MacroUse {
  readonly name: string;
  readonly nameSpan: { readonly start: number; readonly end: number };
  /** The name's token; undefined when the braces sit inside a comment or string. */
  readonly nameToken?: Token;
  /** Offsets of the `{{ … }}` (or of the call that is a whole argument of another macro). */
  readonly start: number;
  readonly end: number;
  readonly argCount: number;
  readonly nested: boolean;
}

export interface Problem {
  readonly code: 'syntax' | 'template';
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

export interface SqlModel {
  readonly text: string;
  readonly tokens: Token[];
  readonly lines: number[];
  readonly header?: { table: string; start: number; end: number; nameStart: number };
  readonly ctes: Cte[];
  readonly scopes: Scope[];
  readonly scopeOf: (Scope | undefined)[];
  readonly tableRefs: TableRef[];
  readonly columnRefs: ColumnRef[];
  readonly functions: FunctionCall[];
  readonly macros: MacroUse[];
  readonly problems: Problem[];
}
