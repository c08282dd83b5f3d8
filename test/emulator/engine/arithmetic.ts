// Snowflake's NUMBER division as DuckDB macros. DuckDB divides DECIMALs as DOUBLE, so
// ROUND(2569.22 / 4, 2) gives 642.3 (642.305 is 642.30499… as a double) where Snowflake's exact
// NUMBER quotient rounds to 642.31. Snowflake gives a quotient the scale max(S1, min(S1 + 6, 12))
// for a numerator of scale S1 (docs: "Scale and precision in arithmetic operations"), rounded;
// division by zero is an error ("Division by zero", 100051).
//
// sf_div(a, b) computes that quotient exactly in 128-bit integers: both operands scaled to 12
// decimals, the quotient rounded half away from zero at the scale Snowflake would give it. The
// scale depends on the numerator's type, which a macro only learns per call (typeof), so each
// possible scale (6 … 12) is a branch, all carried as DECIMAL(38,12) (exact for every branch;
// 26 integer digits). Known gaps: the result's declared scale is 12, not Snowflake's S; a FLOAT
// numerator (Snowflake: a FLOAT quotient) is rounded at 12 decimals.
// TEMP macros: they live with the connection and are found from any USE context (a plain macro
// would live in the schema current at creation).
import type { DuckDBConnection } from '@duckdb/node-api';

const INTEGER_TYPES = `('TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT')`;

export async function registerArithmetic(conn: DuckDBConnection): Promise<void> {
  await conn.run(`CREATE OR REPLACE TEMP MACRO sf_scaled(x) AS CAST(CAST(x AS DECIMAL(38,12)) * 1000000000000 AS HUGEINT)`);
  // The numerator's scale S1 -> the quotient's scale.
  await conn.run(`CREATE OR REPLACE TEMP MACRO sf_div_scale(a) AS CASE
    WHEN typeof(a) LIKE 'DECIMAL(%' THEN greatest(CAST(regexp_extract(typeof(a), ',\\s*(\\d+)\\)', 1) AS INTEGER), least(CAST(regexp_extract(typeof(a), ',\\s*(\\d+)\\)', 1) AS INTEGER) + 6, 12))
    WHEN typeof(a) IN ${INTEGER_TYPES} THEN 6 ELSE 12 END`);
  // round(a / b * 10^k) half away from zero, on the scaled integers.
  await conn.run(`CREATE OR REPLACE TEMP MACRO sf_div_units(a, b, p) AS
    SIGN(sf_scaled(a)) * SIGN(sf_scaled(b)) * ((2 * ABS(sf_scaled(a)) * p + ABS(sf_scaled(b))) // (2 * ABS(sf_scaled(b))))`);
  const branches = [6, 7, 8, 9, 10, 11, 12].map((k) =>
    `WHEN ${k} THEN CAST(CAST(sf_div_units(a, b, CAST(${10 ** k} AS HUGEINT)) AS DECIMAL(38,0)) * CAST(${(10 ** -k).toFixed(k)} AS DECIMAL(38,${k})) AS DECIMAL(38,12))`);
  await conn.run(`CREATE OR REPLACE TEMP MACRO sf_div(a, b) AS CASE
    WHEN b = 0 THEN error('Division by zero')
    ELSE (CASE sf_div_scale(a) ${branches.join(' ')} END) END`);
}
