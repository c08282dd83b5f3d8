// The plan's Python procedure usp_loadMySQLData cannot run in the emulator (its CALL is answered
// by the project's MariaDB reader, see README.md), so its text is checked here against what
// Snowflake's documentation requires of it:
//  - the body compiles (python3's own parser);
//  - HANDLER names a top-level function taking the Snowpark session and then the procedure's
//    arguments ("the handler function … The first argument is a Snowpark Session");
//  - every secret the code reads is bound in SECRETS ('alias' = object) and read by that alias
//    (_snowflake.get_username_password for a PASSWORD secret, get_generic_secret_string for a
//    GENERIC_STRING one), and the external access integration allows each of them;
//  - Snowpark's DataFrameReader.dbapi is called with a connection factory (a function of the
//    body), and partitioned the way the docs allow: "column, lower_bound, upper_bound and
//    num_partitions … must all be specified together, otherwise error will be raised" (a stride
//    over a numeric or date column), or `predicates` ("WHERE conditions for partitions") — the
//    retail_db keys are VARCHAR ids, so the plan uses predicates"
//    (https://docs.snowflake.com/developer-guide/snowpark/reference/python/latest/snowpark/api/snowflake.snowpark.DataFrameReader.dbapi).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { resolveDeployConfig } from '../../src/core/snowflake/deploy-config';
import { buildDeployPlan } from '../../src/core/snowflake/plan';

const plan = buildDeployPlan({ config: resolveDeployConfig(), dataDir: '.', only: ['integrations', 'procedures'] });
const create = plan.find((s) => /^CREATE OR REPLACE PROCEDURE usp_loadMySQLData\(/i.test(s.sql))?.sql ?? '';
const body = /\$\$\n?([\s\S]*)\$\$\s*$/.exec(create)?.[1] ?? '';
const integration = plan.find((s) => /^CREATE OR REPLACE EXTERNAL ACCESS INTEGRATION/i.test(s.sql))?.sql ?? '';

/** What python3's ast sees in the body: functions, calls with their arguments. */
interface PythonFacts {
  readonly error?: string;
  /** Top-level functions and their parameters. */
  readonly functions: Record<string, string[]>;
  /** Every function defined anywhere in the body (nested ones included). */
  readonly defs: string[];
  readonly calls: { name: string; args: string[]; keywords: string[] }[];
}

const INSPECT = String.raw`
import ast, json, sys
src = sys.stdin.read()
try:
    tree = ast.parse(src)
except SyntaxError as e:
    print(json.dumps({"error": f"line {e.lineno}: {e.msg}", "functions": {}, "defs": [], "calls": []})); sys.exit(0)
functions = {n.name: [a.arg for a in n.args.args] for n in tree.body if isinstance(n, ast.FunctionDef)}
defs = [n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
calls = []
for n in ast.walk(tree):
    if isinstance(n, ast.Call):
        calls.append({"name": ast.unparse(n.func), "args": [ast.unparse(a) for a in n.args], "keywords": [k.arg for k in n.keywords if k.arg]})
print(json.dumps({"functions": functions, "defs": defs, "calls": calls}))
`;

function inspect(source: string): PythonFacts {
  const r = spawnSync('python3', ['-c', INSPECT], { input: source, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as PythonFacts;
}

const clause = (name: string) => new RegExp(`^${name}\\s*=\\s*(.+)$`, 'im').exec(create)?.[1]?.trim() ?? '';
const listOf = (text: string) => text.replace(/^\(|\)$/g, '').split(',').map((x) => x.trim()).filter(Boolean);

test('the procedure is in the plan, LANGUAGE PYTHON with a body', () => {
  assert.match(create, /\nLANGUAGE PYTHON\n/);
  assert.match(clause('RUNTIME_VERSION'), /^'3\.\d+'$/);
  assert.ok(body.trim().length > 100);
});

test('the body compiles (python3 ast.parse), and the inspector itself rejects broken Python', () => {
  assert.equal(inspect(body).error, undefined);
  assert.match(inspect('def run(:\n  pass\n').error ?? '', /^line 1:/);
});

test('HANDLER is a top-level function taking the session, then the procedure\'s arguments', () => {
  const handler = /^'([A-Za-z_][A-Za-z0-9_]*)'$/.exec(clause('HANDLER'))?.[1];
  assert.ok(handler, `HANDLER = ${clause('HANDLER')}`);
  const params = inspect(body).functions[handler];
  assert.ok(params, `no top-level def ${handler}`);
  const args = /usp_loadMySQLData\(([^)]*)\)/i.exec(create)![1].split(',').map((a) => a.trim().split(/\s+/)[0]);
  assert.equal(params.length, args.length + 1, `def ${handler}(${params.join(', ')}) for (${args.join(', ')})`);
  assert.deepEqual(params.slice(1), args);
});

test('each secret the code reads is bound in SECRETS and allowed by the external access integration', () => {
  const facts = inspect(body);
  const bound = new Map(listOf(clause('SECRETS')).map((p) => {
    const m = /^'([^']+)'\s*=\s*(\S+)$/.exec(p);
    assert.ok(m, `SECRETS entry ${p}`);
    return [m[1], m[2].toUpperCase()] as const;
  }));
  const reads = facts.calls.filter((c) => /^_snowflake\.get_(username_password|generic_secret_string|secret_type|oauth_access_token|cloud_provider_token)$/.test(c.name));
  assert.ok(reads.length, 'the code reads no secret');
  const allowed = listOf(/ALLOWED_AUTHENTICATION_SECRETS\s*=\s*(\([^)]*\))/i.exec(integration)?.[1] ?? '').map((s) => s.toUpperCase());
  for (const r of reads) {
    const alias = /^'([^']+)'$|^"([^"]+)"$/.exec(r.args[0] ?? '');
    assert.ok(alias, `${r.name}(${r.args.join(', ')}) must name a SECRETS alias as a literal`);
    const object = bound.get(alias[1] ?? alias[2]);
    assert.ok(object, `${r.name} reads '${alias[1] ?? alias[2]}', which SECRETS does not bind (${[...bound.keys()].join(', ')})`);
    assert.ok(allowed.includes(object), `the integration does not allow ${object} (ALLOWED_AUTHENTICATION_SECRETS ${allowed.join(', ')})`);
  }
  // The brief's two secrets: the MySQL user/password and its host.
  assert.deepEqual([...bound.keys()].sort(), ['mysql_cred', 'mysql_hostname']);
  assert.ok(reads.some((r) => r.name === '_snowflake.get_username_password' && /mysql_cred/.test(r.args[0])));
  assert.ok(reads.some((r) => r.name === '_snowflake.get_generic_secret_string' && /mysql_hostname/.test(r.args[0])));
  assert.deepEqual(listOf(clause('EXTERNAL_ACCESS_INTEGRATIONS')).map((s) => s.toUpperCase()), ['MYSQL_ACCESS_INTEGRATION']);
});

/** The docs' rule for one dbapi call's keywords; undefined when it holds. */
function dbapiViolation(keywords: readonly string[]): string | undefined {
  if (!keywords.includes('table') && !keywords.includes('query')) return 'neither table= nor query=';
  const stride = ['column', 'lower_bound', 'upper_bound', 'num_partitions'];
  const given = stride.filter((k) => keywords.includes(k));
  if (given.length && given.length < stride.length) return `${given.join(', ')} without ${stride.filter((k) => !given.includes(k)).join(', ')}: the four go together`;
  if (!given.length && !keywords.includes('predicates')) return 'not partitioned (neither the column stride nor predicates)';
  return undefined;
}

test('the dbapi rule itself: the stride options all or none, else predicates', () => {
  assert.equal(dbapiViolation(['table', 'column', 'lower_bound', 'upper_bound', 'num_partitions']), undefined);
  assert.equal(dbapiViolation(['table', 'predicates', 'max_workers']), undefined);
  assert.match(dbapiViolation(['table', 'column', 'num_partitions']) ?? '', /the four go together/);
  assert.match(dbapiViolation(['table', 'fetch_size']) ?? '', /not partitioned/);
  assert.match(dbapiViolation(['predicates']) ?? '', /neither table/);
});

test('session.read.dbapi gets a connection factory of the body and a partitioning the docs allow', () => {
  const facts = inspect(body);
  const dbapi = facts.calls.filter((c) => /\.read\.dbapi$/.test(c.name));
  assert.equal(dbapi.length, 1, `dbapi calls: ${JSON.stringify(dbapi)}`);
  const [call] = dbapi;
  assert.ok(facts.defs.includes(call.args[0]), `the first argument (${call.args[0]}) is a connection factory defined in the body (${facts.defs.join(', ')})`);
  assert.equal(dbapiViolation(call.keywords), undefined, `dbapi(${call.keywords.join(', ')})`);
  assert.match(clause('PACKAGES'), /'snowflake-snowpark-python'/);
  assert.ok(facts.calls.some((c) => /^pymysql\.connect$/.test(c.name)), 'the factory opens a pymysql connection (PACKAGES names pymysql)');
  assert.match(clause('PACKAGES'), /'pymysql'/);
});
