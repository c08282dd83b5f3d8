// Issue 15: the defects a real Snowflake account would hit, each pinned by a test that failed on
// the code before the fix. Statement text is checked against the plan where the plan is the
// product; deploy --only is driven through the real CLI and the real snowflake-sdk against the
// recording wire double, on a connection with no default database or schema.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { after, test } from 'node:test';
import { streamLogger } from '../src/core/log';
import { seedMysql } from '../src/core/mysql/seed';
import { LOAD_TASKS, TASKS, type XmlSource } from '../src/core/manifest';
import { loadSuites, renderExpectation } from '../src/core/quality';
import { resolveDeployConfig } from '../src/core/snowflake/deploy-config';
import { buildDeployPlan, DEPLOY_PARTS, renderPlanScript, type PlanStatement } from '../src/core/snowflake/plan';
import { XML_DECLARATION_PATTERN } from '../src/core/snowflake/xml-load-procedure';
import { snowflakeLiteral } from '../src/core/sql/identifiers';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { runCliAsync, snowflakeHome, SnowflakeDouble } from './helpers/snowflake-double';
import { requireMysql, tempDatabase } from './helpers/mysql';
import { literalsAfter, readSnowflakeLiteral } from './helpers/snowflake-literal';

const REPO = join(__dirname, '..');
const tmp = mkdtempSync(join(tmpdir(), 'sf-defects-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const dataDir = join(tmp, 'data');
mkdirSync(dataDir);
for (const s of LOAD_TASKS.map((t) => t.source!).filter((x) => x.kind !== 'mysql')) writeFileSync(join(dataDir, (s as { file: string }).file), 'x\n');

const cfg = resolveDeployConfig({ mysqlHostPort: 'mysql.internal.example:3307' });
const plan = (only?: (typeof DEPLOY_PARTS)[number][]) => buildDeployPlan({ config: cfg, dataDir, only });
const sqlOf = (p: PlanStatement[], start: string) => {
  const st = p.find((s) => s.sql.startsWith(start));
  assert.ok(st, `no statement starting ${start}`);
  return st.sql;
};

test('defect 1: the validation procedure has no correlated EXISTS (Snowflake allows it only in WHERE); the FK check is a LEFT JOIN to the distinct keys', () => {
  const proc = sqlOf(plan(['procedures']), 'CREATE OR REPLACE PROCEDURE usp_generateValidationResults()');
  assert.doesNotMatch(proc, /\bEXISTS\s*\(/i);
  const fk = renderExpectation('expect_column_values_to_be_in_related_table', { column: 'customer_id', related_table: 'silver_customers', related_column: 'customer_id' }, { table: 'SILVER_ORDERS' }, 'snowflake');
  assert.match(fk.metrics, /LEFT JOIN \(SELECT DISTINCT "CUSTOMER_ID" AS related_key FROM "SILVER_CUSTOMERS"\) AS rel ON rel\.related_key = batch\."CUSTOMER_ID"/);
  assert.doesNotMatch(fk.metrics + fk.sample, /EXISTS/);
  // The suites do use the FK check, so the procedure carries the join.
  assert.match(proc, /LEFT JOIN \(SELECT DISTINCT/);
});

test('defect 2: Snowflake literals escape backslashes: the email regex and the PARSE_JSON configs read back as written', () => {
  const suites = loadSuites(join(REPO, 'sql', 'quality'));
  const email = suites.flatMap((s) => s.expectations).map((e) => e.kwargs.regex).find((r) => typeof r === 'string' && r.includes('@')) as string;
  assert.equal(email, '^[^@ ]+@[^@ ]+\\.[A-Za-z]{2,}$');
  const proc = sqlOf(plan(['procedures']), 'CREATE OR REPLACE PROCEDURE usp_generateValidationResults()');
  const regexes = literalsAfter(proc, 'REGEXP_INSTR(CAST(v AS VARCHAR), ');
  assert.ok(regexes.includes(email), `the email regex as Snowflake reads it: ${JSON.stringify(regexes)}`);
  // Every expectation config handed to PARSE_JSON is, once Snowflake has read the literal, the
  // JSON of the suite's expectation (the old '' -only quoting gave PARSE_JSON an invalid \. escape).
  const configs = literalsAfter(proc, 'PARSE_JSON(');
  const expected = suites.filter((s) => /^(BRONZE|SILVER)_/.test(s.table)).flatMap((s) => s.expectations.map((e) => JSON.stringify({ expectation_type: e.expectation_type, kwargs: e.kwargs })));
  assert.deepEqual([...configs].sort(), [...expected].sort());
  for (const c of configs) JSON.parse(c);
  // The function on awkward text: quotes, backslashes, a JSON with escapes, line breaks, NUL, $$.
  for (const v of ["it's", 'C:\\temp\\new', JSON.stringify({ re: '\\d+\\.\\d+', q: 'say "hi"\n' }), 'a\nb\r\nc', 'nul\0after1', 'end $$ of body', '\\x41 \\u0041 \\101', '']) {
    const lit = snowflakeLiteral(v);
    assert.deepEqual(readSnowflakeLiteral(lit), { value: v, end: lit.length }, lit);
    assert.ok(!lit.includes('\n') && !lit.includes('$$'), lit);
  }
});

test('defect 2: the secret placeholders, the network rule and the MySQL CALLs use the same literal function', () => {
  const p = plan();
  const rule = sqlOf(p, 'CREATE OR REPLACE NETWORK RULE');
  assert.equal(readSnowflakeLiteral(rule, rule.indexOf("VALUE_LIST = (") + 'VALUE_LIST = ('.length).value, 'mysql.internal.example:3307');
  const history = readFileSync(join(REPO, 'src', 'core', 'snowflake', 'history.ts'), 'utf8');
  assert.doesNotMatch(history, /'\$\{/, 'history.ts builds no literal by hand');
  const snowflakeSources = ['plan.ts', 'drift.ts', 'operate.ts', 'history.ts', 'validation-procedure.ts', 'load-mysql.ts', 'xml-load-procedure.ts', 'sql-procedure.ts']
    .map((f) => join('src', 'core', 'snowflake', f)).concat(join('src', 'cli', 'commands', 'export-chart-snowflake.ts'));
  for (const f of snowflakeSources) {
    assert.doesNotMatch(readFileSync(join(REPO, f), 'utf8'), /\bquoteLiteral\b/, `${f} uses snowflakeLiteral, not DuckDB's quoteLiteral`);
  }
});

test('defect 4: deploy --only tasks / procedures / iceberg set USE ROLE, WAREHOUSE, DATABASE, SCHEMA first (CLI, connection without defaults)', async () => {
  const d = await SnowflakeDouble.start();
  try {
    // connections.toml with account, user and password only: no database, schema, warehouse, role.
    const env = { SNOWFLAKE_HOME: snowflakeHome(d, tmp) };
    const context = ['USE ROLE "RETAIL_PIPELINE_ROLE"', 'USE WAREHOUSE "RETAIL_WH"', 'USE DATABASE "RETAIL_PIPELINE"', 'USE SCHEMA "RETAIL_PIPELINE"."RETAIL"'];
    for (const [part, next] of [['tasks', 'ALTER TASK IF EXISTS retail_root_task SUSPEND'], ['procedures', 'CREATE OR REPLACE PROCEDURE usp_loadMySQLData('], ['iceberg', 'CREATE ICEBERG TABLE IF NOT EXISTS GOLD_']] as const) {
      const before = d.sqlTexts.length;
      const r = await runCliAsync(['deploy', '--connection', 'double', '--data', dataDir, '--only', part], env);
      assert.equal(r.code, 0, r.stderr);
      const sent = d.sqlTexts.slice(before);
      assert.deepEqual(sent.slice(0, 4), context, `${part}: ${sent.slice(0, 5).join(' | ')}`);
      assert.ok(sent[4].startsWith(next), `${part}: then ${sent[4].split('\n')[0]}`);
      assert.deepEqual(sent, buildDeployPlan({ config: resolveDeployConfig(), dataDir, only: [part] }).map((s) => s.sql));
    }
    // A full deploy has setup's own context and gets no second one.
    const full = buildDeployPlan({ config: resolveDeployConfig(), dataDir, only: DEPLOY_PARTS.filter((x) => x !== 'admin') });
    assert.equal(full.filter((s) => s.sql === 'USE DATABASE "RETAIL_PIPELINE"').length, 0);
    assert.equal(full[0].sql, 'USE ROLE "RETAIL_PIPELINE_ROLE"');
  } finally {
    await d.stop();
  }
});

test('defect 5: the admin part grants the pipeline role to the deploying user, not only to SYSADMIN', async () => {
  const admin = (deployUser?: string) => buildDeployPlan({ config: resolveDeployConfig({ deployUser }), dataDir, only: ['admin'] }).map((s) => s.sql);
  assert.ok(admin('jdoe').includes('GRANT ROLE "RETAIL_PIPELINE_ROLE" TO USER "JDOE"'));
  const self = admin();
  const set = self.indexOf('SET deploy_user = CURRENT_USER()');
  assert.ok(set >= 0 && self[set + 1] === 'GRANT ROLE "RETAIL_PIPELINE_ROLE" TO USER IDENTIFIER($deploy_user)', self.join('\n'));
  assert.throws(() => resolveDeployConfig({ deployUser: 'x"; drop' }), /Invalid deployUser/);
  const r = await runCliAsync(['deploy', '--dry-run', '--only', 'admin', '--deploy-user', 'ci_deployer'], {});
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^GRANT ROLE "RETAIL_PIPELINE_ROLE" TO USER "CI_DEPLOYER";$/m);
});

test('defect 6: usp_loadMySQLData reads the host from the mysql_hostname secret, partitions its reads, takes pymysql from the artifact repository', () => {
  const p = plan();
  const proc = sqlOf(p, 'CREATE OR REPLACE PROCEDURE usp_loadMySQLData(');
  assert.ok(!proc.includes('mysql.internal.example'), 'no host in the procedure');
  assert.match(proc, /^SECRETS = \('mysql_cred' = mysql_cred, 'mysql_hostname' = mysql_hostname\)$/m);
  assert.match(proc, /^ARTIFACT_REPOSITORY = snowflake\.snowpark\.pypi_shared_repository\nPACKAGES = \('snowflake-snowpark-python', 'pymysql', 'snowflake-telemetry-python'\)$/m);
  assert.match(proc, /_snowflake\.get_generic_secret_string\("mysql_hostname"\)/);
  assert.match(proc, /session\.read\.dbapi\(connect, table=source_table, predicates=partition_predicates\(PARTITION_COLUMN\[source_table\]\)/);
  const secret = sqlOf(p, 'CREATE OR REPLACE SECRET mysql_hostname');
  assert.equal(secret, "CREATE OR REPLACE SECRET mysql_hostname\n  TYPE = GENERIC_STRING\n  SECRET_STRING = 'mysql.internal.example:3307'");
  assert.match(sqlOf(p, 'CREATE OR REPLACE EXTERNAL ACCESS INTEGRATION'), /ALLOWED_AUTHENTICATION_SECRETS = \(mysql_cred, mysql_hostname\)/);
  // The secret is created before the integration that allows it, and before the procedure.
  const at = (start: string) => p.findIndex((s) => s.sql.startsWith(start));
  assert.ok(at('CREATE OR REPLACE SECRET mysql_hostname') < at('CREATE OR REPLACE EXTERNAL ACCESS INTEGRATION'));
  assert.ok(at('CREATE OR REPLACE EXTERNAL ACCESS INTEGRATION') < at('CREATE OR REPLACE PROCEDURE usp_loadMySQLData('));
  // Using the shared repository needs SNOWFLAKE.PYPI_REPOSITORY_USER, granted by the admin part.
  assert.ok(plan(['admin']).some((s) => s.sql === 'GRANT DATABASE ROLE SNOWFLAKE.PYPI_REPOSITORY_USER TO ROLE "RETAIL_PIPELINE_ROLE"'));
});

/** partition_predicates of the procedure's Python body, run by Python itself (the modules the
 * procedure imports only inside Snowflake are empty stand-ins: the function uses none of them). */
function procedurePredicates(): Record<string, string[]> {
  const body = join(REPO, 'sql', 'snowflake', 'procedures', 'usp_loadMySQLData.py');
  const script = [
    'import json, sys, types',
    "for m in ['_snowflake', 'pymysql', 'snowflake', 'snowflake.snowpark', 'snowflake.telemetry']: sys.modules[m] = types.ModuleType(m)",
    'sys.modules["snowflake.snowpark"].Session = object',
    'exec(open(sys.argv[1]).read())',
    'print(json.dumps({t: partition_predicates(k) for t, k in PARTITION_COLUMN.items()}))',
  ].join('\n');
  return JSON.parse(execFileSync('python3', ['-c', script, body], { encoding: 'utf8' })) as Record<string, string[]>;
}

test('defect 6: the read partitions of usp_loadMySQLData cover every row exactly once, NULL keys included (real MariaDB, sample data)', async (t) => {
  if (!(await requireMysql(t))) return;
  const db = await tempDatabase();
  try {
    await seedMysql(db.url, join(REPO, 'sample_data'), { log: streamLogger(() => undefined) });
    // A copy without a primary key and with a NULL key: such a row must not fall between partitions.
    await db.admin.query('CREATE TABLE customers_nopk AS SELECT * FROM customers');
    await db.admin.query('ALTER TABLE customers_nopk MODIFY customer_id VARCHAR(8) NULL');
    await db.admin.query("INSERT INTO customers_nopk (customer_id, first_name) VALUES (NULL, 'no key')");
    const preds = procedurePredicates();
    assert.deepEqual(Object.keys(preds).sort(), ['customers', 'inventory', 'order_items', 'orders', 'products']);
    const count = async (table: string, where = '1 = 1') => Number(((await db.admin.query(`SELECT COUNT(*) AS n FROM \`${table}\` WHERE ${where}`))[0] as { n: number }[])[0].n);
    for (const [table, p] of [...Object.entries(preds), ['customers_nopk', preds.customers] as const]) {
      const total = await count(table);
      const parts = await Promise.all(p.map((w) => count(table, w)));
      assert.ok(total > 0, table);
      assert.equal(parts.reduce((a, b) => a + b, 0), total, `${table}: partitions ${parts.join(' + ')} of ${total} rows (a row in two or in none)`);
      assert.equal(await count(table, p.map((w) => `(${w})`).join(' OR ')), total, `${table}: every row in some partition`);
      assert.ok(parts.filter((n) => n > 0).length > 1, `${table}: the reads really split (${parts.join(', ')})`);
    }
  } finally {
    await db.drop();
  }
});

test('defect 7: COMMENT before AFTER in CREATE TASK, unquoted STORAGE_SERIALIZATION_POLICY, the account-level EVENT_TABLE', () => {
  const p = plan();
  const creates = p.filter((s) => s.sql.startsWith('CREATE OR REPLACE TASK'));
  assert.equal(creates.length, 14);
  for (const t of creates) {
    const lines = t.sql.split('\n').map((l) => l.trim().split(' ')[0]);
    const body = lines.slice(0, lines.indexOf('AS'));
    // The documented order: WAREHOUSE, SCHEDULE, …, COMMENT, then AFTER, then AS.
    const order = ['CREATE', 'WAREHOUSE', 'SCHEDULE', 'COMMENT', 'AFTER'];
    assert.deepEqual(body, order.filter((k) => body.includes(k)), t.sql);
  }
  const iceberg = p.filter((s) => s.sql.startsWith('CREATE ICEBERG TABLE'));
  assert.equal(iceberg.length, 2);
  for (const s of iceberg) assert.match(s.sql, /\n  STORAGE_SERIALIZATION_POLICY = OPTIMIZED$/);
  const script = renderPlanScript(p);
  assert.doesNotMatch(script, /ALTER DATABASE \S+ SET EVENT_TABLE/);
  const admin = p.filter((s) => s.part === 'admin').map((s) => s.sql);
  const create = admin.indexOf('CREATE EVENT TABLE IF NOT EXISTS "RETAIL_PIPELINE"."RETAIL"."RETAIL_EVENTS"');
  const set = admin.indexOf('ALTER ACCOUNT SET EVENT_TABLE = "RETAIL_PIPELINE"."RETAIL"."RETAIL_EVENTS"');
  assert.ok(create >= 0 && set > create, admin.join('\n'));
  // The event table is created by the pipeline role (it owns it) and the account set by ACCOUNTADMIN.
  assert.equal(admin.slice(0, create).reverse().find((x) => x.startsWith('USE ROLE')), 'USE ROLE "RETAIL_PIPELINE_ROLE"');
  assert.equal(admin.slice(create, set).reverse().find((x) => x.startsWith('USE ROLE')), 'USE ROLE ACCOUNTADMIN');
});

test('defect 7 / issue 17: both XML load procedures come from the manifest\'s XML mapping and load files with or without a root element', () => {
  const p = plan(['procedures']);
  const xmlTasks = TASKS.filter((t) => t.kind === 'load-xml');
  assert.equal(xmlTasks.length, 2);
  const procs = xmlTasks.map((t) => sqlOf(p, `CREATE OR REPLACE PROCEDURE ${t.procedure}()`));
  for (const [i, t] of xmlTasks.entries()) {
    const src = t.source as XmlSource;
    const sql = procs[i];
    // Read as text, the declaration dropped, wrapped in one synthetic root: many top-level
    // <rowTag> elements (no root) and a file with its own root both parse.
    assert.match(sql, new RegExp(`COPY INTO raw_\\w+\\n    FROM @SOURCE_FILES/${src.file.replace('.', '\\.')}\\n    FILE_FORMAT = \\(TYPE = CSV FIELD_DELIMITER = NONE RECORD_DELIMITER = NONE`));
    assert.doesNotMatch(sql, /TYPE = XML|STRIP_OUTER_ELEMENT/);
    const decl = literalsAfter(sql, 'REGEXP_REPLACE(doc, ')[0];
    assert.ok(new RegExp(decl).test('<?xml version="1.0" encoding="UTF-8"?>\n<customer>') && !new RegExp(decl).test('<customer>'), decl);
    assert.match(sql, /PARSE_XML\('<rows>' \|\| REGEXP_REPLACE\(doc, '[^']+', ''\) \|\| '<\/rows>'\)/);
    assert.match(sql, /LATERAL FLATTEN\(input => parsed\.root, RECURSIVE => TRUE\) AS r\n    WHERE GET\(r\.value, '@'\) = '(\w+)'/);
    assert.equal(literalsAfter(sql, "WHERE GET(r.value, '@') = ")[0], src.rowTag);
    assert.equal(literalsAfter(sql, "WHERE GET(item.value, '@') = ")[0], src.itemTag);
    assert.equal(literalsAfter(sql, 'XMLGET(records.rec, ')[0], src.idTag);
    assert.deepEqual(literalsAfter(sql, 'XMLGET(item.value, '), src.fields.map(([tag]) => tag));
    // TO_ARRAY: a row with a single item (an object, not an array) still yields its row.
    assert.match(sql, /LATERAL FLATTEN\(input => TO_ARRAY\(records\.rec:"\$"\)\) AS item/);
  }
  // One template: the two procedures differ only where the mapping does.
  const generic = (sql: string, i: number) => {
    const t = xmlTasks[i];
    const src = t.source as XmlSource;
    let out = sql.replaceAll(t.procedure!, 'PROC').replaceAll(t.name, 'TASK').replaceAll(t.writes[0], 'BRONZE').replaceAll(t.description, 'DESC')
      .replaceAll(src.file.replace(/\W/g, '_'), 'FILE_').replaceAll(src.file, 'FILE');
    for (const [tag, column] of src.fields) out = out.replaceAll(`'${tag}'`, "'F'").replaceAll(column, 'COL');
    for (const [tag, as] of [[src.rowTag, 'ROW'], [src.itemTag, 'ITEM']]) out = out.replaceAll(`'${tag}'`, `'${as}'`).replaceAll(`<${tag}>`, `<${as}>`);
    return out.replaceAll(src.idTag, 'ID');
  };
  assert.equal(generic(procs[0], 0), generic(procs[1], 1));
});

test('defect 7: the XML procedures\' text step turns each sample file, root-less or not, into one well-formed document with every row element', () => {
  for (const t of TASKS.filter((x) => x.kind === 'load-xml')) {
    const src = t.source as XmlSource;
    const text = readFileSync(join(REPO, 'sample_data', src.file), 'utf8');
    // What the procedure hands PARSE_XML: the declaration dropped, one synthetic root around it.
    const wrapped = `<rows>${text.replace(new RegExp(XML_DECLARATION_PATTERN), '')}</rows>`;
    assert.equal(XMLValidator.validate(wrapped), true, src.file);
    const rows = (doc: unknown, tag: string): number => {
      if (Array.isArray(doc)) return doc.reduce((n: number, d) => n + rows(d, tag), 0);
      if (!doc || typeof doc !== 'object') return 0;
      return Object.entries(doc).reduce((n, [k, v]) => n + (k === tag ? (Array.isArray(v) ? v.length : 1) : rows(v, tag)), 0);
    };
    const found = rows(new XMLParser().parse(wrapped), src.rowTag);
    assert.equal(found, (text.match(new RegExp(`<${src.rowTag}>`, 'g')) ?? []).length, `${src.file}: every <${src.rowTag}>`);
    assert.ok(found > 10, `${src.file}: ${found} <${src.rowTag}> elements`);
  }
  // The root-less file is not one document as it stands: loading it as TYPE = XML would not work.
  assert.notEqual(XMLValidator.validate(readFileSync(join(REPO, 'sample_data', 'customer_preferences.xml'), 'utf8')), true);
});
