// DDL and account statements: CREATE / DROP / ALTER of tables (plain, temporary, Iceberg, event)
// and of the objects DuckDB has no notion of (kept as metadata in the catalog), GRANT, USE.
import type { SessionContext, StatementResult } from '../engine-api';
import { ACCOUNT_KINDS, qualified, type QualifiedName } from './catalog';
import { icebergUnsupportedType, objectAlreadyExists, objectDoesNotExist, syntaxError, unsupportedStatement } from './errors';
import type { EngineInternals } from './index';
import { statusResult } from './results';
import { showObjects } from './show';
import { quoteIdent, type Token } from './tokens';
import { isGroup, isOp, isTok, isWord, splitCommas, type Node } from './tree';
import { readType } from './types';

/** Object kinds as written after CREATE, longest first. */
const KINDS = ['EXTERNAL ACCESS INTEGRATION', 'FILE FORMAT', 'NETWORK RULE', 'EVENT TABLE', 'ICEBERG TABLE', 'EXTERNAL VOLUME',
  'DATABASE ROLE', 'ROLE', 'WAREHOUSE', 'DATABASE', 'SCHEMA', 'STAGE', 'SECRET', 'TABLE', 'VIEW', 'INTEGRATION'];

const EVENT_TABLE_COLUMNS = `"TIMESTAMP" TIMESTAMP, "START_TIMESTAMP" TIMESTAMP, "OBSERVED_TIMESTAMP" TIMESTAMP, "TRACE" JSON,
  "RESOURCE" JSON, "RESOURCE_ATTRIBUTES" JSON, "SCOPE" JSON, "SCOPE_ATTRIBUTES" JSON, "RECORD_TYPE" VARCHAR, "RECORD" JSON,
  "RECORD_ATTRIBUTES" JSON, "VALUE" JSON, "EXEMPLARS" JSON`;

const PREDEFINED_ROLES = ['ACCOUNTADMIN', 'SYSADMIN', 'SECURITYADMIN', 'USERADMIN', 'ORGADMIN', 'PUBLIC'];

function wordsAt(items: readonly Node[], i: number, n: number): string {
  return items.slice(i, i + n).map((x) => (isTok(x) && x.kind === 'word' ? x.value : '\u0000')).join(' ');
}

function readKind(items: readonly Node[], i: number): { kind: string; next: number } | undefined {
  for (const k of KINDS) {
    const n = k.split(' ').length;
    if (wordsAt(items, i, n) === k) return { kind: k, next: i + n };
  }
  return undefined;
}

function readName(items: readonly Node[], i: number, sql: string): { parts: Token[]; next: number } {
  const parts: Token[] = [];
  let j = i;
  for (;;) {
    const t = items[j];
    if (!isTok(t) || (t.kind !== 'word' && t.kind !== 'qident')) throw syntaxError(sql, isTok(t) ? t.pos : sql.length, `unexpected '${isTok(t) ? t.raw : '('}'`);
    parts.push(t);
    j++;
    if (isOp(items[j], '.')) j++; else break;
  }
  return { parts, next: j };
}

/** KEY = value pairs (values as written, groups flattened) for metadata objects. */
function readProperties(items: readonly Node[]): Record<string, string> {
  const props: Record<string, string> = {};
  for (let i = 0; i < items.length; i++) {
    const k = items[i];
    if (isTok(k) && k.kind === 'word' && isOp(items[i + 1], '=')) {
      const v = items[i + 2];
      props[k.value] = isGroup(v) ? '(…)' : isTok(v) ? v.value : '';
      i += 2;
    }
  }
  return props;
}

/** `ALTER | DROP <kind> [IF EXISTS] <name>`. */
function kindIfExistsName(items: readonly Node[], verb: string, sql: string) {
  const kind = readKind(items, 1);
  if (!kind) throw unsupportedStatement(verb);
  const ifExists = isWord(items[kind.next], 'IF') && isWord(items[kind.next + 1], 'EXISTS');
  return { kind, ifExists, name: readName(items, kind.next + (ifExists ? 2 : 0), sql) };
}

const fq = (q: QualifiedName) => `${quoteIdent(q.database)}.${quoteIdent(q.schema)}.${quoteIdent(q.name)}`;

export async function executeDdl(engine: EngineInternals, items: readonly Node[], sql: string, binds: readonly unknown[], session: SessionContext): Promise<StatementResult> {
  const head = (items[0] as Token).value;
  const { catalog } = engine;
  if (head === 'USE') return use(engine, items, sql, session);
  if (head === 'GRANT' || head === 'REVOKE') { catalog.grants.push(sql); return statusResult('Statement executed successfully.'); }
  if (head === 'SHOW') return showObjects(engine, items, sql, session);
  if (head === 'CREATE') {
    let i = 1;
    const orReplace = isWord(items[i], 'OR') && isWord(items[i + 1], 'REPLACE');
    if (orReplace) i += 2;
    let temporary = false;
    while (isWord(items[i], 'TEMPORARY', 'TEMP', 'TRANSIENT', 'LOCAL', 'VOLATILE')) { temporary ||= (items[i] as Token).value.startsWith('TEMP'); i++; }
    const kind = readKind(items, i);
    if (!kind) throw unsupportedStatement(isTok(items[i]) ? (items[i] as Token).raw : 'CREATE');
    i = kind.next;
    const ifNotExists = isWord(items[i], 'IF') && isWord(items[i + 1], 'NOT') && isWord(items[i + 2], 'EXISTS');
    if (ifNotExists) i += 3;
    if (orReplace && ifNotExists) throw syntaxError(sql, 0, "unexpected 'IF'");
    const name = readName(items, i, sql);
    i = name.next;
    const mode = { orReplace, ifNotExists };
    if (kind.kind === 'TABLE' || kind.kind === 'ICEBERG TABLE' || kind.kind === 'EVENT TABLE') {
      return createTable(engine, kind.kind, temporary, name.parts, items.slice(i), sql, binds, session, mode);
    }
    if (kind.kind === 'DATABASE') {
      const db = name.parts[0].value;
      const exists = catalog.databases.has(db);
      if (exists && ifNotExists) return statusResult(`${db} already exists, statement succeeded.`);
      if (exists && !orReplace) throw objectAlreadyExists(db);
      if (exists) { await engine.run(`USE memory.main`, {} as SessionContext); await engine.run(`DETACH ${quoteIdent(db)}`, {} as SessionContext); }
      await engine.run(`ATTACH ':memory:' AS ${quoteIdent(db)}`, {} as SessionContext);
      await engine.run(`CREATE SCHEMA ${quoteIdent(db)}."PUBLIC"`, {} as SessionContext);
      catalog.databases.add(db);
      catalog.schemas.add(`${db}.PUBLIC`);
      session.database = db;
      session.schema = 'PUBLIC';
      return statusResult(`Database ${db} successfully created.`);
    }
    if (kind.kind === 'SCHEMA') {
      const parts = name.parts.map((p) => p.value);
      const db = parts.length === 2 ? parts[0] : session.database;
      const schema = parts[parts.length - 1];
      if (!db || !catalog.databases.has(db)) throw objectDoesNotExist(db ?? '', 'Database');
      const key = `${db}.${schema}`;
      if (catalog.schemas.has(key)) {
        if (ifNotExists) return statusResult(`${schema} already exists, statement succeeded.`);
        if (!orReplace) throw objectAlreadyExists(schema);
        await engine.run(`DROP SCHEMA ${quoteIdent(db)}.${quoteIdent(schema)} CASCADE`, session);
        for (const t of [...catalog.tables.keys()]) if (t.startsWith(`${key}.`)) catalog.tables.delete(t);
      }
      await engine.run(`CREATE SCHEMA ${quoteIdent(db)}.${quoteIdent(schema)}`, session);
      catalog.schemas.add(key);
      session.database = db;
      session.schema = schema;
      return statusResult(`Schema ${schema} successfully created.`);
    }
    // Metadata-only objects.
    const objName = ACCOUNT_KINDS.has(kind.kind) || kind.kind.endsWith('INTEGRATION') || kind.kind === 'DATABASE ROLE'
      ? name.parts.map((p) => p.value).join('.')
      : qualified(engine.tableName(name.parts, session, `CREATE ${kind.kind}`));
    const storedKind = kind.kind.endsWith('INTEGRATION') ? 'INTEGRATION' : kind.kind;
    if (storedKind === 'ROLE' && PREDEFINED_ROLES.includes(objName) && !ifNotExists) throw objectAlreadyExists(objName);
    const created = catalog.createObject(storedKind, objName, readProperties(items.slice(i)), mode);
    const last = name.parts[name.parts.length - 1].value;
    return statusResult(created ? `${titleCase(kind.kind)} ${last} successfully created.` : `${last} already exists, statement succeeded.`);
  }
  if (head === 'DROP') return drop(engine, items, sql, session);
  if (head === 'ALTER' && isWord(items[1], 'ACCOUNT', 'SESSION')) {
    // ALTER ACCOUNT SET EVENT_TABLE = db.schema.table: the event table must exist.
    const at = items.findIndex((n) => isWord(n, 'EVENT_TABLE'));
    if (at >= 0) {
      const q = engine.tableName(readName(items, at + 2, sql).parts, session, 'ALTER ACCOUNT');
      if (engine.catalog.tables.get(qualified(q))?.kind !== 'EVENT TABLE') throw objectDoesNotExist(qualified(q));
    }
    return statusResult('Statement executed successfully.');
  }
  if (head === 'ALTER') {
    const { kind, ifExists, name } = kindIfExistsName(items, 'ALTER', sql);
    if (kind.kind === 'DATABASE') {
      if (!catalog.databases.has(name.parts[0].value)) { if (ifExists) return statusResult('Statement executed successfully.'); throw objectDoesNotExist(name.parts[0].value, 'Database'); }
      return statusResult('Statement executed successfully.');
    }
    if (kind.kind === 'TABLE' && isWord(items[name.next], 'SWAP') && isWord(items[name.next + 1], 'WITH')) {
      return swapTables(engine, engine.tableName(name.parts, session, 'ALTER TABLE'), engine.tableName(readName(items, name.next + 2, sql).parts, session, 'ALTER TABLE'), session);
    }
    if (kind.kind === 'TABLE' || kind.kind === 'SCHEMA') return statusResult('Statement executed successfully.');
    const objName = ACCOUNT_KINDS.has(kind.kind) ? name.parts.map((p) => p.value).join('.') : qualified(engine.tableName(name.parts, session, 'ALTER'));
    catalog.alterObject(kind.kind, objName, readProperties(items.slice(name.next)), ifExists);
    return statusResult('Statement executed successfully.');
  }
  throw unsupportedStatement(isTok(items[0]) ? (items[0] as Token).raw : '?');
}

const titleCase = (k: string) => k.charAt(0) + k.slice(1).toLowerCase();

async function createTable(engine: EngineInternals, kind: string, temporary: boolean, nameParts: Token[], rest: readonly Node[], sql: string,
  binds: readonly unknown[], session: SessionContext, mode: { orReplace: boolean; ifNotExists: boolean }): Promise<StatementResult> {
  const q = engine.tableName(nameParts, session, 'CREATE TABLE');
  const key = qualified(q);
  const exists = engine.catalog.tables.has(key);
  if (exists && mode.ifNotExists) return statusResult(`${q.name} already exists, statement succeeded.`);
  if (exists && !mode.orReplace) throw objectAlreadyExists(q.name);
  if (!engine.catalog.schemas.has(`${q.database}.${q.schema}`)) throw objectDoesNotExist(`${q.database}.${q.schema}`, 'Schema');
  let columns: string | undefined;
  let i = 0;
  if (isWord(rest[0], 'LIKE')) {
    // CREATE TABLE t LIKE s: s's columns and types, no rows.
    const src = engine.tableName(readName(rest, 1, sql).parts, session, 'CREATE TABLE');
    if (!engine.catalog.tables.has(qualified(src))) throw objectDoesNotExist(qualified(src));
    await engine.run(`CREATE ${exists ? 'OR REPLACE ' : ''}TABLE ${fq(q)} AS SELECT * FROM ${fq(src)} LIMIT 0`, session);
    const now = new Date();
    engine.catalog.tables.set(key, { kind: temporary ? 'TEMPORARY TABLE' : 'BASE TABLE', created: now, lastAltered: now, ...(session.role ? { owner: session.role } : {}) });
    return statusResult(`Table ${q.name} successfully created.`);
  }
  if (kind === 'EVENT TABLE') columns = EVENT_TABLE_COLUMNS;
  else if (isGroup(rest[0], '(')) {
    columns = splitCommas(rest[0].items).map((def) => {
      const col = def[0] as Token;
      const t = readType(def, 1, sql);
      if (kind === 'ICEBERG TABLE' && t.type.semiStructured) throw icebergUnsupportedType(col.value, t.type.snowflake);
      const notNull = def.slice(t.next).some((n, k, a) => isWord(n, 'NOT') && isWord(a[k + 1], 'NULL'));
      return `${quoteIdent(col.value)} ${t.type.duckdb}${notNull ? ' NOT NULL' : ''}`;
    }).join(', ');
    i = 1;
  }
  const asAt = rest.findIndex((n, k) => k >= i && isWord(n, 'AS'));
  const props: Record<string, string> = {};
  for (let k = i; k < (asAt < 0 ? rest.length : asAt); k++) {
    const key2 = rest[k];
    if (isTok(key2) && key2.kind === 'word' && isOp(rest[k + 1], '=') && isTok(rest[k + 2])) props[key2.value] = (rest[k + 2] as Token).value;
  }
  const create = `CREATE ${exists ? 'OR REPLACE ' : ''}TABLE ${fq(q)}`;
  if (asAt >= 0) {
    const body = await engine.translate(rest.slice(asAt + 1), sql, binds, session);
    await engine.run(`${create} AS ${body}`, session);
    if (kind === 'ICEBERG TABLE') {
      const cols = await engine.run(`SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = '${q.database}' AND schema_name = '${q.schema}' AND table_name = '${q.name}' AND data_type = 'JSON'`, session);
      if (cols.rows.length > 0) {
        await engine.run(`DROP TABLE ${fq(q)}`, session);
        throw icebergUnsupportedType(String(cols.rows[0][0]), 'VARIANT');
      }
    }
  } else if (columns !== undefined) await engine.run(`${create} (${columns})`, session);
  else throw syntaxError(sql, 0, "unexpected '<EOF>'");
  if (kind === 'ICEBERG TABLE' && props.CATALOG === undefined) throw syntaxError(sql, 0, "missing CATALOG for ICEBERG TABLE");
  const now = new Date();
  engine.catalog.tables.set(key, {
    kind: kind === 'EVENT TABLE' ? 'EVENT TABLE' : temporary ? 'TEMPORARY TABLE' : 'BASE TABLE',
    ...(kind === 'ICEBERG TABLE' ? { iceberg: props } : {}),
    created: now, lastAltered: now, ...(session.role ? { owner: session.role } : {}),
  });
  return statusResult(`Table ${q.name} successfully created.`);
}

/** ALTER TABLE a SWAP WITH b: the two names trade contents (and metadata) in one transaction. */
async function swapTables(engine: EngineInternals, a: QualifiedName, b: QualifiedName, session: SessionContext): Promise<StatementResult> {
  const ma = engine.catalog.tables.get(qualified(a));
  const mb = engine.catalog.tables.get(qualified(b));
  if (!ma) throw objectDoesNotExist(qualified(a));
  if (!mb) throw objectDoesNotExist(qualified(b));
  const tmp = `${a.name}__SWAP`;
  await engine.run('BEGIN TRANSACTION', session);
  try {
    await engine.run(`ALTER TABLE ${fq(a)} RENAME TO ${quoteIdent(tmp)}`, session);
    await engine.run(`ALTER TABLE ${fq(b)} RENAME TO ${quoteIdent(a.name)}`, session);
    await engine.run(`ALTER TABLE ${fq({ ...a, name: tmp })} RENAME TO ${quoteIdent(b.name)}`, session);
    await engine.run('COMMIT', session);
  } catch (err) {
    await engine.run('ROLLBACK', session).catch(() => undefined);
    throw err;
  }
  const now = new Date();
  engine.catalog.tables.set(qualified(a), { ...mb, lastAltered: now });
  engine.catalog.tables.set(qualified(b), { ...ma, lastAltered: now });
  return statusResult('Statement executed successfully.');
}

async function drop(engine: EngineInternals, items: readonly Node[], sql: string, session: SessionContext): Promise<StatementResult> {
  const { kind, ifExists, name } = kindIfExistsName(items, 'DROP', sql);
  if (kind.kind.endsWith('TABLE') || kind.kind === 'VIEW') {
    const q = engine.tableName(name.parts, session, 'DROP');
    if (!engine.catalog.tables.delete(qualified(q))) {
      if (ifExists) return statusResult(`Drop statement executed successfully (${q.name} already dropped).`);
      throw objectDoesNotExist(qualified(q));
    }
    await engine.run(`DROP TABLE IF EXISTS ${fq(q)}`, session);
    return statusResult(`${q.name} successfully dropped.`);
  }
  const objName = ACCOUNT_KINDS.has(kind.kind) ? name.parts.map((p) => p.value).join('.') : qualified(engine.tableName(name.parts, session, 'DROP'));
  engine.catalog.dropObject(kind.kind.endsWith('INTEGRATION') ? 'INTEGRATION' : kind.kind, objName, ifExists);
  return statusResult(`${name.parts[name.parts.length - 1].value} successfully dropped.`);
}

/** USE ROLE | WAREHOUSE | DATABASE | SCHEMA | [db.]schema: updates the session the server owns. */
function use(engine: EngineInternals, items: readonly Node[], sql: string, session: SessionContext): StatementResult {
  const what = isWord(items[1], 'ROLE', 'WAREHOUSE', 'DATABASE', 'SCHEMA', 'SECONDARY') ? (items[1] as Token).value : 'SCHEMA';
  const name = readName(items, what === 'SCHEMA' && !isWord(items[1], 'SCHEMA') ? 1 : 2, sql).parts.map((p) => p.value);
  const { catalog } = engine;
  if (what === 'ROLE') {
    if (!PREDEFINED_ROLES.includes(name[0]) && !catalog.hasObject('ROLE', name[0])) throw objectDoesNotExist(name[0], 'Role');
    session.role = name[0];
  } else if (what === 'WAREHOUSE') {
    if (!catalog.hasObject('WAREHOUSE', name[0])) throw objectDoesNotExist(name[0], 'Object');
    session.warehouse = name[0];
  } else if (what === 'DATABASE') {
    if (!catalog.databases.has(name[0])) throw objectDoesNotExist(name[0], 'Object');
    session.database = name[0];
    session.schema = 'PUBLIC';
  } else {
    const db = name.length === 2 ? name[0] : session.database;
    const schema = name[name.length - 1];
    if (!db || !catalog.schemas.has(`${db}.${schema}`)) throw objectDoesNotExist(db ? `${db}.${schema}` : schema, 'Object');
    session.database = db;
    session.schema = schema;
  }
  return statusResult('Statement executed successfully.');
}
