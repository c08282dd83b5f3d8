// Words the analysis never takes for a column: SQL keywords and type names of both dialects.
// Lenient on purpose: a word missing here could only show up as a false "unknown column", so the
// list errs on the side of too many.

const words = `
select from where group by order having qualify limit offset fetch as on using join left right full inner outer
cross natural lateral asof positional anti semi union all distinct intersect except minus with recursive case when
then else end and or not null is in between like ilike rlike similar escape exists any some true false asc desc
nulls first last over partition rows range groups unbounded preceding following current row window filter within
interval cast try_cast current_date current_timestamp current_time localtime localtimestamp current_user exclude
replace rename top values table create insert into update delete set pivot unpivot sample tablesample collate
materialized if temporary temp view
date timestamp time year month day hour minute second millisecond microsecond week quarter epoch dow doy
varchar string text char character integer int bigint smallint tinyint hugeint double float real decimal numeric
number boolean bool variant object array json struct list map blob binary uuid timestamp_ntz timestamp_ltz
timestamp_tz timestamptz
`;

export const KEYWORDS: ReadonlySet<string> = new Set(words.split(/\s+/).filter(Boolean));

/** Words that end a qualified name being typed (`o.` then FROM) and that start clauses. */
export const CLAUSE_WORDS: ReadonlySet<string> = new Set([
  'select', 'from', 'where', 'group', 'order', 'having', 'qualify', 'limit', 'offset', 'join', 'on', 'using',
  'union', 'intersect', 'except', 'minus', 'left', 'right', 'inner', 'full', 'cross', 'natural', 'window', 'as',
  'lateral', 'asof', 'positional', 'anti', 'semi', 'outer', 'fetch',
]);

/** Clauses that end a FROM list. */
export const FROM_END: ReadonlySet<string> = new Set([
  'where', 'group', 'order', 'having', 'qualify', 'limit', 'offset', 'window', 'union', 'intersect', 'except',
  'minus', 'fetch', 'select',
]);

export const JOIN_WORDS: ReadonlySet<string> = new Set([
  'join', 'left', 'right', 'full', 'inner', 'outer', 'cross', 'natural', 'asof', 'positional', 'anti', 'semi',
]);

export const SET_OPS: ReadonlySet<string> = new Set(['union', 'intersect', 'except', 'minus']);
