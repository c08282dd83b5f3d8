// The emulator's SQL engine on a real in-process DuckDB, one Snowflake semantic per test:
// identifier casing, string escapes, VARIANT paths and casts, FLATTEN, OBJECT_CONSTRUCT,
// ARRAY_AGG … WITHIN GROUP, IFF, DECODE, QUALIFY, INSERT OVERWRITE, metadata objects with
// IF NOT EXISTS / OR REPLACE, and the restrictions Snowflake enforces, with its error codes.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { csvLine } from '../../src/core/csv/write';
import { CSV_FILE_FORMAT } from '../../src/core/snowflake/load-mysql';
import type { SessionContext, SqlEngine } from './engine-api';
import { openEngine } from './engine';

let engine: SqlEngine;
const session: SessionContext = { sessionId: 's1' };
const run = (sql: string, binds: unknown[] = []) => engine.execute(sql, binds, session);
const rows = async (sql: string, binds: unknown[] = []) => (await run(sql, binds)).rows;
/** Asserts the statement fails with Snowflake's code and (part of) its message. */
async function refused(sql: string, code: string, message: string | RegExp): Promise<void> {
  await assert.rejects(run(sql), (err: unknown) => {
    const sf = (err as { snowflake?: { code: string; message: string } }).snowflake;
    assert.ok(sf, `not a Snowflake error: ${String(err)}`);
    assert.equal(sf.code, code, sf.message);
    if (typeof message === 'string') assert.equal(sf.message, message); else assert.match(sf.message, message);
    return true;
  });
}

before(async () => {
  engine = await openEngine();
  await run('CREATE DATABASE IF NOT EXISTS "RETAIL_PIPELINE"');
  await run('CREATE SCHEMA IF NOT EXISTS "RETAIL_PIPELINE"."RETAIL"');
  await run('USE SCHEMA "RETAIL_PIPELINE"."RETAIL"');
});
after(async () => engine.close());

test('unquoted identifiers fold to upper case; quoted ones keep their case', async () => {
  await run('CREATE TABLE people (id INTEGER, "mixedCase" VARCHAR, name VARCHAR)');
  await run("INSERT INTO people VALUES (1, 'a', 'Ann'), (2, 'b', 'Bob')");
  const r = await run('SELECT id, "mixedCase", Name AS nickName FROM People ORDER BY ID');
  assert.deepEqual(r.columns.map((c) => c.name), ['ID', 'mixedCase', 'NICKNAME']);
  assert.deepEqual(r.rows, [[1, 'a', 'Ann'], [2, 'b', 'Bob']]);
  // A quoted name is case-sensitive: "people" is not PEOPLE.
  await refused('SELECT * FROM "people"', '002003', "SQL compilation error:\nObject 'RETAIL_PIPELINE.RETAIL.people' does not exist or not authorized.");
  assert.equal((await rows('SELECT COUNT(*) FROM "PEOPLE"'))[0][0], 2n);
  const t = await rows("SELECT TABLE_NAME, ROW_COUNT, TABLE_TYPE FROM RETAIL_PIPELINE.INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'PEOPLE'");
  assert.deepEqual(t, [['PEOPLE', 2, 'BASE TABLE']]);
});

test('string literals take backslash escapes and doubled quotes, as Snowflake reads them', async () => {
  const [[a, b, c, d]] = await rows("SELECT 'a\\nb', 'it''s', 'back\\\\slash', 'q\\'q'");
  assert.equal(a, 'a\nb');
  assert.equal(b, "it's");
  assert.equal(c, 'back\\slash');
  assert.equal(d, "q'q");
  const [[dollar]] = await rows('SELECT $$no \\n escape$$');
  assert.equal(dollar, 'no \\n escape');
});

test('VARIANT paths, subscripts and casts; a JSON string casts to its text', async () => {
  const [[name, second, rating, missing, obj, asText]] = await rows(`SELECT v:name::VARCHAR, v:tags[1]::VARCHAR, v:rating::NUMBER(3,1),
      v:nope::VARCHAR, v:inner, v:inner.k::VARCHAR
    FROM (SELECT PARSE_JSON('{"name": "Ann", "tags": ["x", "y"], "rating": "3.5", "inner": {"k": "v"}}') AS v)`);
  assert.equal(name, 'Ann');
  assert.equal(second, 'y');
  assert.equal(rating, 3.5);
  assert.equal(missing, null);
  assert.deepEqual(obj, { k: 'v' });
  assert.equal(asText, 'v');
  // Path keys are case-sensitive and keep their case, unlike identifiers.
  const [[upper]] = await rows(`SELECT v:Name::VARCHAR FROM (SELECT PARSE_JSON('{"name": 1}') AS v)`);
  assert.equal(upper, null);
  // A VARIANT compared with a string literal compares as VARIANT.
  const [[eq]] = await rows(`SELECT GET(PARSE_JSON('{"@": "preference"}'), '@') = 'preference'`);
  assert.equal(eq, true);
});

test('f(…)[0]:answer reads the first answer of an array-valued function result', async () => {
  const [[state, isArr]] = await rows(`SELECT SNOWFLAKE.CORTEX.EXTRACT_ANSWER('5165 Pine St, Phoenix, AZ 85001', 'What is the US state?')[0]:answer::VARCHAR,
      IS_ARRAY(SNOWFLAKE.CORTEX.EXTRACT_ANSWER('x', 'q'))`);
  assert.equal(state, 'AZ');
  assert.equal(isArr, true);
});

test('FLATTEN gives SEQ, KEY, PATH, INDEX, VALUE, THIS; NULL input gives no rows', async () => {
  await run(`CREATE OR REPLACE TABLE docs (id INTEGER, v VARIANT)`);
  await run(`INSERT INTO docs SELECT 1, PARSE_JSON('[{"n": "a"}, {"n": "b"}]')`);
  await run(`INSERT INTO docs SELECT 2, PARSE_JSON('{"k1": 10, "k2": 20}')`);
  await run(`INSERT INTO docs SELECT 3, NULL`);
  const arr = await rows(`SELECT d.id, f.index, f.key, f.path, f.value:n::VARCHAR FROM docs AS d, LATERAL FLATTEN(input => d.v) AS f WHERE d.id = 1 ORDER BY f.index`);
  assert.deepEqual(arr, [[1, 0n, null, '[0]', 'a'], [1, 1n, null, '[1]', 'b']]);
  const obj = await rows(`SELECT f.key, f.value::INTEGER FROM docs AS d, TABLE(FLATTEN(input => d.v)) AS f WHERE d.id = 2 ORDER BY f.key`);
  assert.deepEqual(obj, [['k1', 10], ['k2', 20]]);
  const none = await rows(`SELECT COUNT(*) FROM docs AS d, LATERAL FLATTEN(input => d.v) AS f WHERE d.id = 3`);
  assert.deepEqual(none, [[0n]]);
});

test('OBJECT_CONSTRUCT drops NULL values, _KEEP_NULL keeps them; ARRAY_AGG WITHIN GROUP orders and skips NULLs', async () => {
  const [[o, k]] = await rows(`SELECT OBJECT_CONSTRUCT('a', 1, 'b', NULL, 'c', 'x'), OBJECT_CONSTRUCT_KEEP_NULL('a', 1, 'b', NULL)`);
  assert.deepEqual(o, { a: 1, c: 'x' });
  assert.deepEqual(k, { a: 1, b: null });
  const [[agg]] = await rows(`SELECT ARRAY_AGG(OBJECT_CONSTRUCT('T', t)) WITHIN GROUP (ORDER BY t DESC) FROM (SELECT 'a' AS t UNION ALL SELECT 'c' UNION ALL SELECT 'b')`);
  assert.deepEqual(agg, [{ T: 'c' }, { T: 'b' }, { T: 'a' }]);
  const [[plain]] = await rows(`SELECT ARRAY_AGG(x) WITHIN GROUP (ORDER BY x) FROM (SELECT 2 AS x UNION ALL SELECT NULL UNION ALL SELECT 1)`);
  assert.deepEqual(plain, [1, 2]);
});

test('IFF, DECODE (NULL matches NULL) and QUALIFY', async () => {
  const [[a, b, c, d]] = await rows(`SELECT IFF(1 > 0, 'yes', 'no'), DECODE('B', 'A', 1, 'B', 2, 0), DECODE(NULL, NULL, 'null matched', 'no'), DECODE('Z', 'A', 1)`);
  assert.deepEqual([a, b, c, d], ['yes', 2, 'null matched', null]);
  const q = await rows(`SELECT g, v FROM (SELECT 'x' AS g, 1 AS v UNION ALL SELECT 'x', 2 UNION ALL SELECT 'y', 3)
    QUALIFY ROW_NUMBER() OVER (PARTITION BY g ORDER BY v DESC) = 1 ORDER BY g`);
  assert.deepEqual(q, [['x', 2], ['y', 3]]);
});

test('INSERT OVERWRITE replaces the rows; CREATE … IF NOT EXISTS / OR REPLACE / plain CREATE of an existing object', async () => {
  await run('CREATE TABLE IF NOT EXISTS counts (n INTEGER)');
  await run('INSERT INTO counts VALUES (1), (2), (3)');
  const r = await run('INSERT OVERWRITE INTO counts SELECT 9');
  assert.equal(r.rowsAffected, 1);
  assert.deepEqual(await rows('SELECT n FROM counts'), [[9]]);
  await run('CREATE TABLE IF NOT EXISTS counts (n INTEGER)');
  assert.deepEqual(await rows('SELECT n FROM counts'), [[9]], 'IF NOT EXISTS keeps the table');
  await refused('CREATE TABLE counts (n INTEGER)', '002002', "SQL compilation error:\nObject 'COUNTS' already exists.");
  await run('CREATE OR REPLACE TABLE counts (n INTEGER)');
  assert.deepEqual(await rows('SELECT COUNT(*) FROM counts'), [[0n]]);
  await run('DROP TABLE counts');
  await refused('DROP TABLE counts', '002003', "SQL compilation error:\nObject 'RETAIL_PIPELINE.RETAIL.COUNTS' does not exist or not authorized.");
  await run('DROP TABLE IF EXISTS counts');
  await refused('ALTER DATABASE no_such_db SET LOG_LEVEL = INFO', '002003', /Database 'NO_SUCH_DB' does not exist/);
  await run('ALTER DATABASE IF EXISTS no_such_db SET LOG_LEVEL = INFO');
  for (const kind of ['STAGE st', 'NETWORK RULE nr MODE = EGRESS TYPE = HOST_PORT VALUE_LIST = (\'h:1\')', 'FILE FORMAT ff TYPE = JSON']) {
    await run(`CREATE ${kind.replace(/^(\w+( \w+)?) (\w+)/, '$1 IF NOT EXISTS $3')}`);
    await run(`CREATE OR REPLACE ${kind}`);
    await refused(`CREATE ${kind}`, '002002', /already exists/);
  }
  await run("CREATE WAREHOUSE IF NOT EXISTS wh WAREHOUSE_SIZE = XSMALL");
  await run('CREATE ROLE IF NOT EXISTS r1');
  await run('GRANT ROLE r1 TO ROLE SYSADMIN');
  await run('USE WAREHOUSE wh');
  assert.equal(session.warehouse, 'WH');
});

test('restrictions: unknown functions, missing objects, correlated EXISTS outside WHERE, VARIANT in an Iceberg table', async () => {
  await refused('SELECT NO_SUCH_FN(1)', '002140', 'SQL compilation error:\nUnknown function NO_SUCH_FN');
  await refused('SELECT * FROM no_such_table', '002003', "SQL compilation error:\nObject 'RETAIL_PIPELINE.RETAIL.NO_SUCH_TABLE' does not exist or not authorized.");
  await run('CREATE OR REPLACE TABLE a (id INTEGER)');
  await run('CREATE OR REPLACE TABLE b (id INTEGER)');
  await refused('SELECT a.id, EXISTS (SELECT 1 FROM b WHERE b.id = a.id) AS has_b FROM a', '002031', 'SQL compilation error:\nUnsupported subquery type cannot be evaluated');
  await refused('SELECT CASE WHEN EXISTS (SELECT 1 FROM b WHERE b.id = a.id) THEN 1 END FROM a', '002031', /Unsupported subquery type/);
  // In WHERE, and uncorrelated anywhere, EXISTS is fine.
  await run('SELECT a.id FROM a WHERE EXISTS (SELECT 1 FROM b WHERE b.id = a.id)');
  await run('SELECT EXISTS (SELECT 1 FROM b) AS any_b');
  await refused(`CREATE ICEBERG TABLE ice (id STRING, v VARIANT) CATALOG = 'SNOWFLAKE' EXTERNAL_VOLUME = 'vol' BASE_LOCATION = 'x/'`, '091386', "SQL compilation error:\nUnsupported data type 'VARIANT' for iceberg tables.");
  await run(`CREATE ICEBERG TABLE IF NOT EXISTS ice (id STRING, n NUMBER(18,2)) CATALOG = 'SNOWFLAKE' EXTERNAL_VOLUME = 'vol' BASE_LOCATION = 'x/'`);
  const [[isIceberg]] = await rows("SELECT IS_ICEBERG FROM RETAIL_PIPELINE.INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'ICE'");
  assert.equal(isIceberg, 'YES');
});

test('typed literals: DATE / TIMESTAMP \'…\'', async () => {
  const [[d, t]] = await rows("SELECT DATE '2024-03-05', TIMESTAMP '2024-03-05 06:07:08'");
  assert.equal((d as Date).toISOString(), '2024-03-05T00:00:00.000Z');
  assert.equal((t as Date).toISOString(), '2024-03-05T06:07:08.000Z');
});

test('NULL takes casts; the context functions read the session', async () => {
  const r = await run('SELECT NULL::TIMESTAMP_LTZ AS t, CURRENT_DATABASE(), CURRENT_SCHEMA(), CURRENT_USER()');
  assert.deepEqual(r.rows, [[null, 'RETAIL_PIPELINE', 'RETAIL', null]]);
  assert.equal(r.columns[0].type, 'timestamp_ltz');
});

test('binds: ? in order and :n by number, inlined with their types', async () => {
  const [[a, b, c]] = await rows('SELECT ?, ? + 1, :1', ['x', 41]);
  assert.deepEqual([a, b, c], ['x', 42, 'x']);
});

test('PUT + COPY INTO: JSON STRIP_OUTER_ARRAY with ON_ERROR = CONTINUE skips the bad record, ABORT_STATEMENT fails naming file and line', async () => {
  await run('CREATE STAGE IF NOT EXISTS load_stage');
  const reviews = Buffer.from('[\n{"id": 1},\n{"id": 2,,},\n{"id": 3, "big": 12345678901234567890}\n]');
  await engine.putFile('@LOAD_STAGE', 'reviews.json', reviews, session);
  await run('CREATE OR REPLACE TABLE raw_json (v VARIANT)');
  const r = await run('COPY INTO raw_json FROM @LOAD_STAGE/reviews.json FILE_FORMAT = (TYPE = JSON STRIP_OUTER_ARRAY = TRUE) ON_ERROR = CONTINUE');
  assert.deepEqual(r.columns.map((c) => c.name).slice(0, 6), ['file', 'status', 'rows_parsed', 'rows_loaded', 'error_limit', 'errors_seen']);
  assert.deepEqual(r.rows[0].slice(0, 4), ['load_stage/reviews.json', 'PARTIALLY_LOADED', 3, 2]);
  assert.equal(r.rows[0][5], 1);
  assert.equal(r.rows[0][7], 3, 'first_error_line');
  assert.deepEqual(await rows('SELECT v:id::INTEGER FROM raw_json ORDER BY 1'), [[1], [3]]);
  // A record keeps its own number text (no round trip through a JS double).
  assert.deepEqual(await rows('SELECT v:big::VARCHAR FROM raw_json WHERE v:id::INTEGER = 3'), [['12345678901234567890']]);
  // Loaded once: without FORCE the same file is skipped.
  const again = await run('COPY INTO raw_json FROM @LOAD_STAGE/reviews.json FILE_FORMAT = (TYPE = JSON STRIP_OUTER_ARRAY = TRUE) ON_ERROR = CONTINUE');
  assert.deepEqual(again.rows, [['Copy executed with 0 files processed.']]);
  await refused('COPY INTO raw_json FROM @LOAD_STAGE/reviews.json FILE_FORMAT = (TYPE = JSON STRIP_OUTER_ARRAY = TRUE) FORCE = TRUE', '100069', /File 'load_stage\/reviews.json', line 3/);
  await assert.rejects(engine.putFile('@NO_SUCH_STAGE', 'x.json', Buffer.from('[]'), session), /Stage 'RETAIL_PIPELINE.RETAIL.NO_SUCH_STAGE' does not exist/);
  const listed = await run('LIST @LOAD_STAGE');
  assert.deepEqual(listed.columns.map((c) => c.name), ['name', 'size', 'md5', 'last_modified']);
  assert.deepEqual(listed.rows.map((r) => r.slice(0, 2)), [['load_stage/reviews.json', reviews.length]]);
});

test('COPY INTO XML: many top-level elements load one row each (Snowflake shape "@", "$", "@attr"); STRIP_OUTER_ELEMENT loads the root\'s children', async () => {
  const doc = '<?xml version="1.0"?>\n<customer id="7"><customer_id>C1</customer_id><preference><type>A</type><value>x</value></preference><preference><type>B</type><value>y</value></preference></customer>\n<customer><customer_id>C2</customer_id></customer>';
  await engine.putFile('@LOAD_STAGE', 'prefs.xml', Buffer.from(doc), session);
  await run('CREATE OR REPLACE TABLE raw_xml (v VARIANT)');
  const r = await run('COPY INTO raw_xml FROM @LOAD_STAGE/prefs.xml FILE_FORMAT = (TYPE = XML STRIP_OUTER_ELEMENT = FALSE) ON_ERROR = ABORT_STATEMENT');
  assert.deepEqual(r.rows[0].slice(1, 4), ['LOADED', 2, 2]);
  const got = await rows(`SELECT XMLGET(v, 'customer_id'):"$"::VARCHAR, v:"@"::VARCHAR, v:"@id"::VARCHAR, XMLGET(v, 'preference', 1):"$" FROM raw_xml ORDER BY 1`);
  assert.deepEqual(got, [['C1', 'customer', '7', [{ '@': 'type', $: 'B' }, { '@': 'value', $: 'y' }]], ['C2', 'customer', null, null]]);
  const prefs = await rows(`SELECT XMLGET(i.value, 'type'):"$"::VARCHAR FROM raw_xml AS r, LATERAL FLATTEN(input => r.v:"$") AS i WHERE GET(i.value, '@') = 'preference' ORDER BY 1`);
  assert.deepEqual(prefs, [['A'], ['B']]);
  await engine.putFile('@LOAD_STAGE', 'specs.xml', Buffer.from('<root><product><id>P1</id></product><product><id>P2</id></product></root>'), session);
  await run('CREATE OR REPLACE TABLE raw_specs (v VARIANT)');
  await run('COPY INTO raw_specs FROM @LOAD_STAGE/specs.xml FILE_FORMAT = (TYPE = XML STRIP_OUTER_ELEMENT = TRUE)');
  assert.deepEqual(await rows(`SELECT XMLGET(v, 'id'):"$"::VARCHAR FROM raw_specs ORDER BY 1`), [['P1'], ['P2']]);
});

test('COPY INTO CSV with FIELD_DELIMITER = NONE RECORD_DELIMITER = NONE loads the whole file as one value; PARSE_XML + FLATTEN RECURSIVE read it', async () => {
  await run('CREATE OR REPLACE TABLE raw_doc (doc VARCHAR)');
  await run(`COPY INTO raw_doc FROM @LOAD_STAGE/prefs.xml FILE_FORMAT = (TYPE = CSV FIELD_DELIMITER = NONE RECORD_DELIMITER = NONE ESCAPE_UNENCLOSED_FIELD = NONE FIELD_OPTIONALLY_ENCLOSED_BY = NONE) FORCE = TRUE`);
  const ids = await rows(`WITH parsed AS (SELECT PARSE_XML('<rows>' || REGEXP_REPLACE(doc, '^\\\\s*<\\\\?xml[^>]*\\\\?>', '') || '</rows>') AS root FROM raw_doc)
    SELECT XMLGET(r.value, 'customer_id'):"$"::VARCHAR FROM parsed, LATERAL FLATTEN(input => parsed.root, RECURSIVE => TRUE) AS r WHERE GET(r.value, '@') = 'customer' ORDER BY 1`);
  assert.deepEqual(ids, [['C1'], ['C2']]);
  await refused(`SELECT PARSE_XML('<a><b></a>')`, '100100', /^Error parsing XML: /);
});

test('TABLE(RESULT_SCAN(id)) reads a kept result back (the load procedures sum their COPY result); an unknown id or column is refused', async () => {
  await run('CREATE OR REPLACE TABLE raw_scan (v VARIANT)');
  await engine.execute('COPY INTO raw_scan FROM @LOAD_STAGE/reviews.json FILE_FORMAT = (TYPE = JSON STRIP_OUTER_ARRAY = TRUE) ON_ERROR = CONTINUE FORCE = TRUE', [], session, { queryId: 'q-copy-1' });
  const r = await run('SELECT COALESCE(SUM("rows_parsed"), 0), COALESCE(SUM("errors_seen"), 0) FROM TABLE(RESULT_SCAN(?))', ['q-copy-1']);
  assert.deepEqual(r.rows.map((x) => x.map(Number)), [[3, 1]]);
  await refused("SELECT * FROM TABLE(RESULT_SCAN('no-such-query'))", '000709', 'Statement no-such-query not found');
  await refused('SELECT SQLID', '000904', /invalid identifier 'SQLID'/);
});

test('NUMBER division is exact with Snowflake\'s scale max(S1, min(S1 + 6, 12)), by zero an error; TO_VARCHAR formats with FF3 / FF6 and TZH:TZM', async () => {
  const [[a, b, c, d]] = await rows('SELECT 2 * 100 / 3, 1 / 3, CAST(10 AS NUMBER(10,2)) / 3, CAST(1.5 AS DOUBLE) / 3');
  assert.deepEqual([a, b, c, d], [66.666667, 0.333333, 3.33333333, 0.5]);
  // Exact NUMBER quotients: 2569.22 / 4 is 642.305, which rounds to 642.31 (as a double it is 642.30499…).
  const [[exact, negative]] = await rows('SELECT ROUND(CAST(2569.22 AS NUMBER(38,2)) / 4, 2), ROUND(CAST(-2569.22 AS NUMBER(38,2)) / 4, 2)');
  assert.deepEqual([exact, negative], [642.31, -642.31]);
  await refused('SELECT 1 / 0', '100051', 'Division by zero');
  const [[ts, compact]] = await rows(`SELECT TO_VARCHAR(CAST('2024-03-05 06:07:08.123456' AS TIMESTAMP_NTZ), 'YYYY-MM-DD"T"HH24:MI:SS.FF3TZH:TZM'),
    TO_VARCHAR(CAST('2024-03-05 06:07:08.123456' AS TIMESTAMP_NTZ), 'YYYYMMDD"T"HH24MISS.FF6"Z"')`);
  assert.equal(ts, '2024-03-05T06:07:08.123+00:00');
  assert.equal(compact, '20240305T060708.123456Z');
});

test('the client-side MySQL load\'s statements: gzip CSV PUT under a path, CREATE TABLE … LIKE, COPY INTO t (cols) with its file format and PURGE, ALTER TABLE … SWAP WITH', async () => {
  await run('CREATE OR REPLACE TABLE bronze_people (id VARCHAR, note VARCHAR, amount NUMBER(10,2))');
  await run("INSERT INTO bronze_people VALUES ('old', 'previous load', 1)");
  // The rows as load-mysql.ts writes them (core/csv/write.ts): a comma, a quote and a newline quoted, NULL an empty field, '' as "".
  const csv = [csvLine(['P1', 'plain', '10.50']), csvLine(['P2', 'has, comma and "quotes"\nand a newline', null]), csvLine(['P3', '', '0'])].join('');
  await engine.putFile('@RETAIL_PIPELINE.RETAIL.LOAD_STAGE/mysql_load/run-1/people/', 'people_1.csv.gz', gzipSync(Buffer.from(csv)), session);
  await run('CREATE OR REPLACE TABLE bronze_people_load LIKE bronze_people');
  const copied = await run(`COPY INTO bronze_people_load (ID, NOTE, AMOUNT)\nFROM @RETAIL_PIPELINE.RETAIL.LOAD_STAGE/mysql_load/run-1/people/\nFILE_FORMAT = (${CSV_FILE_FORMAT})\nON_ERROR = ABORT_STATEMENT\nPURGE = TRUE`);
  assert.deepEqual(copied.rows.map((r) => r.slice(0, 4)), [['load_stage/mysql_load/run-1/people/people_1.csv.gz', 'LOADED', 3, 3]]);
  await run('ALTER TABLE bronze_people_load SWAP WITH bronze_people');
  assert.deepEqual(await rows('SELECT id, note, amount FROM bronze_people ORDER BY id'),
    [['P1', 'plain', 10.5], ['P2', 'has, comma and "quotes"\nand a newline', null], ['P3', '', 0]]);
  assert.deepEqual(await rows('SELECT id FROM bronze_people_load'), [['old']], 'the previous rows are in the swapped-out table');
  const again = await run(`COPY INTO bronze_people_load FROM @RETAIL_PIPELINE.RETAIL.LOAD_STAGE/mysql_load/run-1/people/ FILE_FORMAT = (${CSV_FILE_FORMAT}) FORCE = TRUE`);
  assert.deepEqual(again.rows, [['Copy executed with 0 files processed.']], 'PURGE removed the loaded file');
  await refused(`COPY INTO bronze_people (ID, NOTE) FROM @LOAD_STAGE/prefs.xml FILE_FORMAT = (TYPE = CSV FIELD_DELIMITER = NONE RECORD_DELIMITER = NONE) FORCE = TRUE`, '100069', /Number of columns in file \(1\) does not match that of the corresponding table \(2\)/);
});
