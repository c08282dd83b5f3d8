// The CLI as a new user meets it (issue 17): each case runs the built CLI (dist/cli.js) in a
// fresh folder and checks the exit code, the message and what was (not) left on disk.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { connectionEnvKey, listConnections, resolveConnection, type ConnectionEnvironment } from '../src/core/snowflake/connections';
import { appendConnection } from '../src/extension/connections-file';
import { cli, REPO } from './helpers/cli';

const tmp = mkdtempSync(join(tmpdir(), 'retail-cli-edges-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
/** A new empty folder, as a user's first `cd`. */
const fresh = () => mkdtempSync(join(tmp, `ws${n++}-`));

test('a missing product_reviews.json names the path and says it does not exist', () => {
  const ws = fresh();
  const data = join(ws, 'data');
  cpSync(join(REPO, 'sample_data'), data, { recursive: true });
  rmSync(join(data, 'product_reviews.json'));
  const r = cli(['run', '--only', 'productreview_task', '--data', data, '--workspace', ws, '--json']);
  assert.equal(r.code, 1, r.stderr);
  const task = JSON.parse(r.stdout).tasks.productreview_task;
  assert.equal(task.state, 'FAILED');
  assert.match(task.error, /product_reviews\.json: .*data[\\/]product_reviews\.json does not exist: expected a JSON array of review objects/);
});

test('query without a warehouse says so and creates nothing', () => {
  const ws = fresh();
  const r = cli(['query', 'select * from silver_orders', '--workspace', ws]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /query: there is no warehouse in .* yet .*run `retail-pipeline run` first/);
  assert.doesNotMatch(r.stderr, /Did you mean/);
  assert.equal(existsSync(join(ws, '.retail')), false, 'no empty warehouse left behind');
});

test('retry without any run says there is no graph run to retry (not that the data folder is missing)', () => {
  const ws = fresh();
  const r = cli(['retry', '--workspace', ws]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /no graph run to retry: there is no warehouse/);
  assert.doesNotMatch(r.stderr, /data folder/);
  assert.equal(existsSync(join(ws, '.retail')), false);
});

test('stages: only SOURCE_FILES and CODEFILES exist unless created; put/list of another stage fail without creating it', () => {
  const ws = fresh();
  const file = join(ws, 'notes.txt');
  writeFileSync(file, 'hello');
  const put = cli(['stage', 'put', file, '@NOPE', '--workspace', ws]);
  assert.equal(put.code, 1, put.stdout);
  assert.match(put.stderr, /Stage @NOPE does not exist: the local stages are SOURCE_FILES and CODEFILES/);
  assert.equal(existsSync(join(ws, '.retail', 'stages', 'NOPE')), false);
  const list = cli(['stage', 'list', '@nope', '--workspace', ws]);
  assert.equal(list.code, 1);
  assert.match(list.stderr, /Stage @NOPE does not exist/);
  assert.equal(list.stdout, '');
  // The two stages of the pipeline exist from the start (empty) …
  const empty = cli(['stage', 'list', '@CODEFILES', '--workspace', ws, '--format', 'json']);
  assert.equal(empty.code, 0, empty.stderr);
  assert.deepEqual(JSON.parse(empty.stdout), []);
  // … and a stage created on purpose takes files.
  assert.equal(cli(['stage', 'create', '@NOPE', '--workspace', ws]).code, 0);
  assert.equal(cli(['stage', 'put', file, '@NOPE', '--workspace', ws]).code, 0);
  const listed = cli(['stage', 'list', '@NOPE', '--workspace', ws, '--format', 'json']);
  assert.deepEqual(JSON.parse(listed.stdout).map((f: { name: string }) => f.name), ['@NOPE/notes.txt']);
});

test('a negative number is a value: --timeout -5 is refused for what it is', () => {
  const ws = fresh();
  const r = cli(['run', '--timeout', '-5', '--workspace', ws, '--data', join(REPO, 'sample_data')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--timeout expects a whole number >= 1, got "-5"/);
  assert.doesNotMatch(r.stderr, /ambiguous/);
  assert.match(r.stderr, /^usage: retail-pipeline run /m);
});

test('run --help lists every execution flag, --mysql-partitions included', () => {
  const r = cli(['run', '--help']);
  assert.equal(r.code, 0);
  for (const flag of ['--data', '--mysql-url', '--mysql-partitions', '--concurrency', '--timeout', '--retries', '--log-level', '--wait', '--json', '--only', '--from']) {
    assert.ok(r.stdout.includes(flag), `${flag} in: ${r.stdout}`);
  }
});

test('usage errors exit 2 with the usage line: an unknown task (--only, --from, snowflake call) or suite', () => {
  const ws = fresh();
  const cases: [string[], RegExp, string][] = [
    [['run', '--only', 'bad_task'], /--only: Unknown task "bad_task": expected one of /, 'run'],
    [['run', '--only', 'retail_root_task, bad_task'], /--only: Unknown task "bad_task"/, 'run'],
    [['run', '--from', 'nope'], /--from: Unknown task "nope"/, 'run'],
    [['retry', '--only', 'x'], /Unknown option '--only'/, 'retry'],
    [['snowflake', 'call', 'bad_task'], /call: Unknown task "bad_task"/, 'snowflake'],
    [['snowflake', 'run', '--only', 'bad_task'], /--only: Unknown task "bad_task"/, 'snowflake'],
    [['validate', '--suite', 'no_such_suite'], /Unknown expectation suite "no_such_suite"/, 'validate'],
  ];
  for (const [args, message, command] of cases) {
    const r = cli([...args, '--workspace', ws], { SNOWFLAKE_HOME: join(ws, 'no-snowflake-home') });
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
    assert.match(r.stderr, new RegExp(`^usage: retail-pipeline ${command} `, 'm'), args.join(' '));
  }
});

test('connections.toml is written by a TOML writer: awkward values read back unchanged; an unpaired surrogate is refused', () => {
  const home = fresh();
  const path = join(home, 'connections.toml');
  const awkward = 'a\\b "c" \t d\u007f é 😀';
  appendConnection(path, { name: 'odd', account: 'acct', user: awkward, authenticator: 'SNOWFLAKE', role: 'R\\1' });
  const env = (extra: Record<string, string> = {}): ConnectionEnvironment => ({ env: { SNOWFLAKE_HOME: home, ...extra }, platform: 'linux', homedir: home });
  assert.deepEqual(listConnections(env()).names, ['odd']);
  const r = resolveConnection('odd', env({ [connectionEnvKey('odd', 'password')]: 'pw' }));
  assert.equal(r.options.username, awkward);
  assert.equal(r.options.role, 'R\\1');
  // JSON.stringify wrote "\ud800" here, which no TOML reader accepts; the file stays as it was.
  assert.throws(() => appendConnection(path, { name: 'bad', account: 'acct', user: 'x\ud800y', authenticator: 'SNOWFLAKE' }, ['odd']), /user holds an unpaired surrogate/);
  assert.deepEqual(listConnections(env()).names, ['odd']);
});
