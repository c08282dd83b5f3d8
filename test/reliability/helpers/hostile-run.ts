// The hostile run of the attack tests: a copy of sample_data/ with markup in the fields source
// files control (preference types and values, customer names, product categories, a review
// rating, an XML encoding), loaded by the real CLI into a workspace — with MariaDB, through a
// private MySQL user, then once more with a wrong password; last, a run whose only file fails as
// a whole with markup in its error. Used by test/reliability/attacks-webview.test.ts (XSS) and
// test/reliability/attacks-secrets.test.ts.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seedMysql } from '../../../src/core/mysql/seed';
import { cli, REPO } from '../../helpers/cli';
import { mysqlUnreachableReason, tempDatabase, type TempDatabase } from '../../helpers/mysql';


// Markup that would run if any panel put data into HTML unescaped. Each sets window.__pwned.
export const PAYLOADS = {
  img: '<img src=x onerror="window.__pwned=1;alert(1)">',
  script: '</script><script>window.__pwned=2;alert(2)</script>',
  svg: '<svg onload=window.__pwned=3>',
  cat: '<img src=y onerror=window.__pwned=4>',
  review: '<img src=z onerror=alert(5)>',
  enc: '<img src=e onerror=window.__pwned=9>',
};
const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const csvQuote = (s: string) => `"${s.replace(/"/g, '""')}"`;

export type MysqlUser = Awaited<ReturnType<TempDatabase['user']>>;

interface HostileRunOptions {
  tmp: string;
  WS: string;
  DATA: string;
  WRONG_PASSWORD: string;
  /** Receives everything the CLI printed during the hostile runs. */
  outputs: string[];
}

function hostileData({ tmp, DATA }: HostileRunOptions): void {
  cpSync(join(REPO, 'sample_data'), DATA, { recursive: true });
  const prefs = join(DATA, 'customer_preferences.xml');
  writeFileSync(prefs, readFileSync(prefs, 'utf8')
    // The most frequent pair of the sample, so it is on the top-preferences chart.
    .replace(/<type>Newsletter<\/type>/g, `<type>${xmlEscape(PAYLOADS.img)}</type>`)
    .replace(/<value>Subscribed<\/value>/g, `<value>${xmlEscape(PAYLOADS.script)}</value>`));
  const customers = join(DATA, 'mysql', 'customer_data.csv');
  const lines = readFileSync(customers, 'utf8').split('\n');
  for (let i = 1; i <= 5; i++) lines[i] = lines[i].replace(/^(CUST\d+),[^,]*,/, `$1,${csvQuote(PAYLOADS.svg)},`);
  writeFileSync(customers, lines.join('\n'));
  const products = join(DATA, 'mysql', 'product_data.csv');
  writeFileSync(products, readFileSync(products, 'utf8').replace(/,Electronics,/g, `,${csvQuote(PAYLOADS.cat)},`));
  // One review whose rating is markup: a reject whose reason (logged, in the event table) quotes it.
  const reviews = join(DATA, 'product_reviews.json');
  const all = JSON.parse(readFileSync(reviews, 'utf8')) as Record<string, unknown>[];
  all[0].rating = PAYLOADS.review;
  writeFileSync(reviews, JSON.stringify(all, null, 1));
  // A second data folder whose only file fails as a whole, with markup in the error message.
  mkdirSync(join(tmp, 'data-bad'));
  writeFileSync(join(tmp, 'data-bad', 'product_specifications.xml'), `<?xml version="1.0" encoding="${PAYLOADS.enc}"?>\n<product><product_id>P1</product_id></product>\n`);
}

/** Writes the hostile data and runs the CLI on it; the temporary database (when MariaDB answers) is the caller's to drop. */
export async function hostileRun(o: HostileRunOptions): Promise<{ db?: TempDatabase; mysqlUser?: MysqlUser }> {
  const { tmp, WS, DATA, WRONG_PASSWORD, outputs } = o;
  let db: TempDatabase | undefined;
  let mysqlUser: MysqlUser | undefined;
  hostileData(o);
  try {
    const why = await mysqlUnreachableReason();
    if (!why) {
      db = await tempDatabase();
      mysqlUser = await db.user();
      await seedMysql(db.url, DATA, { log: { log: () => undefined } });
    }
    const env = { RETAIL_LOG_LEVEL: 'debug', RETAIL_MYSQL_URL: '' };
    const run = (args: string[]) => {
      const r = cli([...args, '--workspace', WS], env);
      outputs.push(r.stdout, r.stderr);
      return r;
    };
    const main = run(['run', '--data', DATA, ...(mysqlUser ? ['--mysql-url', mysqlUser.url] : [])]);
    assert.equal(main.code, 0, main.stderr);
    if (mysqlUser) {
      const wrong = mysqlUser.url.replace(encodeURIComponent(mysqlUser.password), WRONG_PASSWORD);
      const denied = run(['run', '--data', DATA, '--only', 'mysql_customer_task', '--mysql-url', wrong]);
      assert.equal(denied.code, 1, denied.stderr);
      assert.match(denied.stderr, /Access denied/);
    }
    // Last, so that Run History opens on it.
    const bad = run(['run', '--data', join(tmp, 'data-bad'), '--only', 'product_specification_task']);
    assert.equal(bad.code, 1, bad.stderr);
  } catch (e) {
    // The caller never gets the database to drop.
    await db?.drop();
    throw e;
  }
  return { db, mysqlUser };
}
