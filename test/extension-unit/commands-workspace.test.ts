// Commands that need no warehouse: the log, names, step SQL, MySQL connection, sample data,
// the Pipeline tree's Refresh, and what they say when no folder is open. Each through its
// registered handler (register-commands.ts), on a real Ctx over the fake `vscode` module.
import { createHarness, removeWorkspace, sampleWorkspace, type Harness } from './harness';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach } from 'node:test';
import { TABLES, task } from '../../src/core/manifest';
import { MYSQL_URL_KEY } from '../../src/extension/secrets';
import { commandTest } from './command-test';

let h: Harness | undefined;
const folders: string[] = [];
function open(withData = true, settings: Record<string, unknown> = {}): Harness {
  const ws = withData === undefined ? undefined : sampleWorkspace(withData);
  if (ws) folders.push(ws);
  return (h = createHarness(ws, settings));
}
afterEach(() => {
  h?.dispose();
  h = undefined;
  for (const f of folders.splice(0)) removeWorkspace(f);
});

commandTest('retailPipeline.showLog', 'reveals the one log channel', async () => {
  const { vs, run } = open(false);
  await run('retailPipeline.showLog');
  assert.equal(vs.log.filter((l) => l.level === 'show').length, 1);
});

commandTest('retailPipeline.copyName', 'a table row copies the table name; a column row its column; no row copies nothing', async () => {
  const { vs, run } = open(false);
  const def = TABLES.find((t) => t.name === 'SILVER_ORDERS')!;
  await run('retailPipeline.copyName', { kind: 'table', def });
  assert.equal(vs.clipboard, 'SILVER_ORDERS');
  await run('retailPipeline.copyName', { kind: 'column', col: def.columns.find((c) => c.name === 'state'), table: def });
  assert.equal(vs.clipboard, 'state');
  vs.clipboard = 'untouched';
  await run('retailPipeline.copyName');
  assert.equal(vs.clipboard, 'untouched');
});

commandTest('retailPipeline.openStepSql', 'a transform task with several step SQL files asks which, then opens it', async () => {
  const { vs, run } = open(false);
  vs.answer('quickPick', (items: unknown) => (items as { label: string }[])[1]);
  await run('retailPipeline.openStepSql', 'silver_gold_task');
  const pick = vs.shown.find((s) => s.kind === 'quickPick')!;
  assert.equal(pick.message, 'Step SQL of silver_gold_task');
  assert.equal((pick.offered as unknown[]).length, 3);
  assert.equal(vs.openedDocuments.length, 1);
  const file = vs.openedDocuments[0].uri!;
  assert.match(file, /silver_gold_task/);
  assert.match(readFileSync(file, 'utf8'), /select|insert|create/i);
});

commandTest('retailPipeline.openStepSql', 'user error: the root task has no step SQL (shown without "Show Log")', async () => {
  const { vs, run } = open(false);
  assert.equal(task('retail_root_task').kind, 'root');
  await run('retailPipeline.openStepSql', 'retail_root_task');
  assert.deepEqual(vs.shown.map((s) => [s.kind, s.offered]), [['error', []]]);
  assert.match(vs.messages('error')[0], /retail_root_task has no step SQL/);
  assert.equal(vs.openedDocuments.length, 0);
});

commandTest('retailPipeline.openStepSql', 'cancellation: the task quick pick dismissed opens nothing', async () => {
  const { vs, run } = open(false);
  await run('retailPipeline.openStepSql');
  assert.equal(vs.shown[0].kind, 'quickPick');
  assert.equal(vs.openedDocuments.length, 0);
  assert.deepEqual(vs.messages('error'), []);
});

commandTest('retailPipeline.setMysqlConnection', 'stores URL + password in secret storage only; the log names the URL without the password', async () => {
  const { vs, run, ext } = open(false);
  vs.answer('inputBox', 'mysql://loader@127.0.0.1:3306/retail_db', 'pw-Unit-9');
  await run('retailPipeline.setMysqlConnection');
  const stored = ext.secrets.values.get(MYSQL_URL_KEY)!;
  assert.equal(new URL(stored).password, 'pw-Unit-9');
  assert.equal(new URL(stored).username, 'loader');
  assert.ok(vs.log.some((l) => /MySQL connection saved: mysql:\/\/loader:\*\*\*\*@127\.0\.0\.1/.test(l.text)));
  assert.ok(!vs.log.some((l) => l.text.includes('pw-Unit-9')), 'password not logged');
  assert.equal(vs.settings.size, 0, 'nothing written to settings');
});

commandTest('retailPipeline.setMysqlConnection', 'cancellation: the password box dismissed stores nothing', async () => {
  const { vs, run, ext } = open(false);
  vs.answer('inputBox', 'mysql://loader@127.0.0.1:3306/retail_db');
  await run('retailPipeline.setMysqlConnection');
  assert.equal(vs.shown.filter((s) => s.kind === 'inputBox').length, 2);
  assert.equal(ext.secrets.values.size, 0);
});

commandTest('retailPipeline.setMysqlConnection', 'user error: a URL that is not mysql:// is refused by the box', async () => {
  const { vs, run } = open(false);
  vs.answer('inputBox', 'postgres://x@host/db');
  await run('retailPipeline.setMysqlConnection');
  // The fake input box throws when the box's own validateInput refuses the answer: the command fails.
  assert.match(vs.messages('error')[0], /fails validation/);
});

commandTest('retailPipeline.clearMysqlConnection', 'removes the stored URL; loads then read the CSV files', async () => {
  const { vs, run, ext } = open(false);
  await ext.secrets.store(MYSQL_URL_KEY, 'mysql://root:pw@127.0.0.1:3306/retail_db');
  await run('retailPipeline.clearMysqlConnection');
  assert.equal(ext.secrets.values.has(MYSQL_URL_KEY), false);
  assert.ok(vs.log.some((l) => /loads read the CSV files/.test(l.text)));
});

commandTest('retailPipeline.seedMysql', 'nothing to seed from: no MySQL connection stored, the offer to set one declined', async () => {
  const { vs, run } = open();
  await run('retailPipeline.seedMysql');
  assert.deepEqual(vs.messages('info'), ['Retail Pipeline: no MySQL connection is set.']);
  assert.equal(vs.progress.length, 0, 'no seeding started');
});

commandTest('retailPipeline.seedMysql', 'user error: no folder open', async () => {
  const { vs, run } = (h = createHarness(undefined));
  await run('retailPipeline.seedMysql');
  assert.match(vs.messages('error')[0], /Open a folder first/);
});

commandTest('retailPipeline.generateSampleData', 'writes every data file at scale 1 into the data folder setting', async () => {
  const { vs, run, ctx } = open(false, { dataFolder: 'generated' });
  vs.answer('inputBox', '1');
  await run('retailPipeline.generateSampleData');
  const out = join(ctx.workspace!, 'generated');
  assert.ok(existsSync(join(out, 'product_reviews.json')));
  assert.ok(existsSync(join(out, 'mysql', 'order_data.csv')));
  assert.match(vs.messages('info')[0], /generated \d+ files in/);
});

commandTest('retailPipeline.generateSampleData', 'cancellation: declining to overwrite a non-empty folder leaves it as it was', async () => {
  const { vs, run, ctx } = open(true);
  const reviews = join(ctx.workspace!, 'sample_data', 'product_reviews.json');
  writeFileSync(reviews, '[]');
  vs.answer('inputBox', '1');
  vs.answer('warning', undefined);
  await run('retailPipeline.generateSampleData');
  assert.match(vs.messages('warning')[0], /is not empty: overwrite/);
  assert.equal(readFileSync(reviews, 'utf8'), '[]');
  assert.equal(vs.progress.length, 0);
});

commandTest('retailPipeline.generateSampleData', 'user error: a scale the box refuses', async () => {
  const { vs, run, ctx } = open(false);
  vs.answer('inputBox', '0');
  await run('retailPipeline.generateSampleData');
  assert.match(vs.messages('error')[0], /A whole number from 1 to 9999/);
  assert.ok(!existsSync(join(ctx.workspace!, 'sample_data')) || readdirSync(join(ctx.workspace!, 'sample_data')).length === 0);
});

commandTest('retailPipeline.refresh', 'local target: the views redraw (onDidChange fires) without opening a warehouse', async () => {
  const { run, ctx } = open(false);
  let fired = 0;
  ctx.onDidChange(() => void fired++);
  await run('retailPipeline.refresh');
  assert.equal(fired, 1);
  assert.equal(existsSync(join(ctx.workspace!, '.retail')), false);
});
