// The SQL twin of the JS review checks (sources/json-reviews.ts addElement) for the direct load
// (json-direct.ts): DuckDB's read_json gives every known key of a review as a JSON value, and
// for each bronze column this says where that value is plain (JSON.parse + typeProblem +
// values.ts would store exactly what the SQL value is) and what the value is. A row that is not
// plain is not rejected here: it goes through addElement in JavaScript, which canonicalises or
// rejects it with the reason of the splitter path. Like plain-sql.ts, these predicates may be
// stricter than the JS checks, never looser (test/json-direct.test.ts compares both loads).
import type { ColumnDef, TableDef } from '../manifest';
import { quoteIdent } from '../sql/identifiers';
import { plainCastSql, plainValueSql } from './plain-sql';

/** The bronze columns this SQL knows, in order, with the JSON key each is read from. */
const COLUMNS: readonly (readonly [name: string, type: string])[] = [
  ['review_id', 'VARCHAR'], ['product_id', 'VARCHAR'], ['customer_id', 'VARCHAR'], ['rating', 'DECIMAL(3,1)'],
  ['title', 'VARCHAR'], ['content', 'VARCHAR'], ['review_date', 'DATE'], ['verified_purchase', 'BOOLEAN'],
  ['helpful_votes', 'INTEGER'], ['aspects', 'VARIANT'],
];

/** Whether `def` has exactly the columns this SQL was written for (else the splitter loads it). */
export function knowsReviewTable(def: TableDef): boolean {
  return def.columns.length === COLUMNS.length && def.columns.every((c, i) => c.name === COLUMNS[i][0] && c.type === COLUMNS[i][1]);
}

const q = quoteIdent;
const jsonType = (k: string) => `json_type(${q(k)})`;
/** Missing key (SQL NULL) or JSON null: both are a missing value to JSON.parse + values.ts. */
const absent = (k: string) => `(${q(k)} IS NULL OR ${jsonType(k)} = 'NULL')`;
/** The string a JSON string holds (NULL for null or a missing key). */
const str = (k: string) => `(${q(k)} ->> '$')`;
/** A JSON string without NUL (the JS path's staging and DuckDB's VARCHAR need not agree on it). */
const plainString = (k: string) => `(${jsonType(k)} = 'VARCHAR' AND NOT contains(${str(k)}, chr(0)))`;
const NUMBER_TYPES = `('UBIGINT', 'BIGINT', 'DOUBLE')`;

/**
 * A JSON number as DuckDB writes it, in plain digits: at most 9 before the point and 6 after,
 * no sign. Such a text has at most 15 significant digits, so the double JSON.parse makes of the
 * same source prints (String, JSON.stringify) as this text without trailing zeros (4.0 -> 4).
 */
const PLAIN_NUMBER = '(0|[1-9][0-9]{0,8})(\\.[0-9]{1,6})?';
/** A name JSON.stringify writes as it is: printable ASCII without '"' or '\'. */
const PLAIN_NAME = '[ !#-\\[\\]-~]*';

/**
 * DuckDB writes a JSON value minified, keys in their order, strings escaped: an aspects text of
 * this form is an array of objects with a plain name first and at most a plain rating after it,
 * so no duplicate key, no other key and nothing JSON.stringify would write differently except
 * the numbers' trailing zeros.
 */
const ASPECT = `\\{"name":"${PLAIN_NAME}"(,"rating":(${PLAIN_NUMBER}|null))?\\}`;
const PLAIN_ASPECTS = `\\[(${ASPECT}(,${ASPECT})*)?\\]`;
/** A rating of a plain aspects text as JavaScript writes it: 4.0 -> 4, 4.50 -> 4.5. */
const JS_RATING = ['"rating":([0-9]+)(?:(\\.[0-9]*[1-9])0*|\\.0+)?([,}])', '"rating":\\1\\2\\3'];

/** Per bronze column: SQL true where the row's value is plain, and the value (typed as bronze). */
function columnSql(col: ColumnDef): { plain: string; value: string } {
  const k = col.name;
  switch (k) {
    case 'review_id': // the key: a string with a visible character, as plain-sql.ts asks
      return { plain: `(${plainString(k)} AND ${plainValueSql(col, str(k))})`, value: str(k) };
    case 'product_id': case 'customer_id': case 'title': case 'content':
      return { plain: `(${absent(k)} OR ${plainString(k)})`, value: str(k) };
    case 'rating': case 'helpful_votes': {
      const pattern = k === 'rating' ? '(0|[1-9][0-9]?)(\\.[0-9])?' : '0|[1-9][0-9]{0,8}';
      const types = k === 'rating' ? NUMBER_TYPES : `('UBIGINT', 'BIGINT')`;
      return {
        plain: `(${absent(k)} OR (${jsonType(k)} IN ${types} AND regexp_full_match(CAST(${q(k)} AS VARCHAR), '${pattern}')))`,
        value: `CASE WHEN ${absent(k)} THEN NULL ELSE TRY_CAST(CAST(${q(k)} AS VARCHAR) AS ${col.type}) END`,
      };
    }
    case 'review_date': {
      // JSON.parse's o.date ?? o.review_date: each a string when present.
      const v = `coalesce(${str('date')}, ${str('review_date')})`;
      const strings = ['date', 'review_date'].map((d) => `(${absent(d)} OR ${jsonType(d)} = 'VARCHAR')`).join(' AND ');
      return { plain: `(${strings} AND (${v} IS NULL OR ${plainValueSql(col, v)}))`, value: `TRY_${plainCastSql(col, v)}` };
    }
    case 'verified_purchase':
      return { plain: `(${absent(k)} OR ${jsonType(k)} = 'BOOLEAN')`, value: `CASE WHEN ${jsonType(k)} = 'BOOLEAN' THEN CAST(${q(k)} AS VARCHAR) = 'true' END` };
    case 'aspects': {
      const text = `CAST(${q(k)} AS VARCHAR)`;
      return {
        plain: `(${absent(k)} OR regexp_full_match(${text}, '${PLAIN_ASPECTS}'))`,
        value: `CASE WHEN ${absent(k)} THEN NULL ELSE TRY_CAST(regexp_replace(${text}, '${JS_RATING[0]}', '${JS_RATING[1]}', 'g') AS JSON) END`,
      };
    }
    default:
      throw new Error(`internal: no review SQL for column ${k}`);
  }
}

/** SQL true where a staged review row is plain (every column), NULL counting as not plain. */
export function plainReviewSql(def: TableDef): string {
  return def.columns.map((c) => `coalesce(${columnSql(c).plain}, false)`).join(' AND ');
}

/** The typed bronze columns of a plain staged review row. */
export function reviewValuesSql(def: TableDef): string {
  return def.columns.map((c) => `${columnSql(c).value} AS ${q(c.name)}`).join(', ');
}
