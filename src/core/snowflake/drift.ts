// Drift: what is deployed on the account (SHOW …, INFORMATION_SCHEMA) compared with what the
// deploy plan would create, object by object, so `diff --connection` lists what a deploy would
// change. Objects the plan creates with CREATE … IF NOT EXISTS are compared too: a deploy would
// NOT fix a drifted table, which is exactly when a reviewer needs to know.
import { TABLES, TASKS } from '../manifest';
import { quoteIdent, snowflakeLiteral } from '../sql/identifiers';
import type { Row, SnowflakeClient } from './client';
import type { SnowflakeDeployConfig } from './deploy-config';
import type { PlanStatement } from './plan';
import { snowflakeType } from './types';

export type ObjectKind = 'database' | 'schema' | 'warehouse' | 'stage' | 'event table' | 'table' | 'iceberg table'
  | 'network rule' | 'secret' | 'integration' | 'procedure' | 'task';

export interface DriftItem {
  readonly kind: ObjectKind;
  readonly name: string;
  /** create: missing on the account; update: differs (see details); none: as planned. */
  readonly change: 'create' | 'update' | 'none';
  readonly details: readonly string[];
  /** Whether `deploy` would fix it (CREATE OR REPLACE) or leave it (CREATE … IF NOT EXISTS). */
  readonly deployFixes: boolean;
}

interface Desired {
  kind: ObjectKind;
  name: string;
  replaces: boolean;
  statement: PlanStatement;
}

const KINDS: [RegExp, ObjectKind][] = [
  [/^EXTERNAL ACCESS INTEGRATION$/, 'integration'], [/^NETWORK RULE$/, 'network rule'], [/^ICEBERG TABLE$/, 'iceberg table'],
  [/^EVENT TABLE$/, 'event table'], [/^TABLE$/, 'table'], [/^WAREHOUSE$/, 'warehouse'], [/^DATABASE$/, 'database'], [/^SCHEMA$/, 'schema'],
  [/^STAGE$/, 'stage'], [/^SECRET$/, 'secret'], [/^PROCEDURE$/, 'procedure'], [/^TASK$/, 'task'],
];
const CREATE = /^CREATE (OR REPLACE )?(EXTERNAL ACCESS INTEGRATION|NETWORK RULE|ICEBERG TABLE|EVENT TABLE|TABLE|WAREHOUSE|DATABASE|SCHEMA|STAGE|SECRET|PROCEDURE|TASK) (IF NOT EXISTS )?([^\s(]+)/;

/** The last part of a possibly qualified, possibly quoted name, as Snowflake stores it. */
export const bareName = (n: string) => n.split('.').pop()!.replace(/^"|"$/g, '').toUpperCase();

/** The objects the plan creates. */
export function desiredObjects(plan: readonly PlanStatement[]): Desired[] {
  const out: Desired[] = [];
  for (const st of plan) {
    const m = CREATE.exec(st.sql);
    if (!m) continue;
    const kind = KINDS.find(([re]) => re.test(m[2]))![1];
    out.push({ kind, name: bareName(m[4]), replaces: !!m[1], statement: st });
  }
  return out;
}

/** Column type families as INFORMATION_SCHEMA.COLUMNS.DATA_TYPE reports them. */
export function typeFamily(t: string): string {
  const u = t.toUpperCase();
  if (/^(VARCHAR|STRING|TEXT|CHAR)/.test(u)) return 'TEXT';
  if (/^(NUMBER|DECIMAL|NUMERIC|INT|INTEGER|BIGINT|SMALLINT)/.test(u)) return 'NUMBER';
  if (/^(FLOAT|DOUBLE|REAL)/.test(u)) return 'FLOAT';
  if (/^TIMESTAMP_LTZ/.test(u)) return 'TIMESTAMP_LTZ';
  if (/^TIMESTAMP_TZ/.test(u)) return 'TIMESTAMP_TZ';
  if (/^TIMESTAMP/.test(u)) return 'TIMESTAMP_NTZ';
  return u.replace(/\(.*$/, '');
}

const squash = (s: string) => s.replace(/\r\n/g, '\n').split('\n').map((l) => l.trimEnd()).join('\n').trim();
const procBody = (sql: string) => {
  const a = sql.indexOf('$$');
  const b = sql.lastIndexOf('$$');
  return a >= 0 && b > a ? sql.slice(a + 2, b) : '';
};
const taskBody = (sql: string) => sql.split('\nAS\n')[1] ?? '';
/** SHOW TASKS predecessors: a JSON array of (quoted, qualified) names. */
function predecessors(v: unknown): string[] {
  if (v === null || v === undefined || v === '') return [];
  let list: unknown = v;
  if (typeof v === 'string') {
    try {
      list = JSON.parse(v);
    } catch {
      list = v.split(',');
    }
  }
  return (Array.isArray(list) ? list : []).map((x) => bareName(String(x).trim())).sort();
}
const SIZES: Record<string, string> = { XSMALL: 'X-SMALL', SMALL: 'SMALL', MEDIUM: 'MEDIUM', LARGE: 'LARGE' };
const lower = (r: Row) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k.toLowerCase(), v]));

/** Read what is deployed and compare it with the plan. */
export async function detectDrift(client: SnowflakeClient, c: SnowflakeDeployConfig, plan: readonly PlanStatement[]): Promise<DriftItem[]> {
  const desired = desiredObjects(plan);
  const db = quoteIdent(c.database.toUpperCase());
  const schema = `${db}.${quoteIdent(c.schema.toUpperCase())}`;
  const has = (k: ObjectKind) => desired.some((d) => d.kind === k);
  const show = async (sql: string) => (await client.execute(sql, { summary: sql })).map(lower);

  const dbExists = (await show(`SHOW DATABASES LIKE ${snowflakeLiteral(c.database.toUpperCase())}`)).length > 0;
  const schemaExists = dbExists && (await show(`SHOW SCHEMAS LIKE ${snowflakeLiteral(c.schema.toUpperCase())} IN DATABASE ${db}`)).length > 0;
  // Nothing below the schema can exist without it; skip the reads that would fail.
  const inSchema = async (sql: string) => (schemaExists ? show(sql) : []);

  const warehouses = has('warehouse') ? await show(`SHOW WAREHOUSES LIKE ${snowflakeLiteral(c.warehouse.toUpperCase())}`) : [];
  const stages = has('stage') ? await inSchema(`SHOW STAGES IN SCHEMA ${schema}`) : [];
  const rules = has('network rule') ? await inSchema(`SHOW NETWORK RULES IN SCHEMA ${schema}`) : [];
  const secrets = has('secret') ? await inSchema(`SHOW SECRETS IN SCHEMA ${schema}`) : [];
  const integrations = has('integration') ? await show(`SHOW EXTERNAL ACCESS INTEGRATIONS LIKE 'MYSQL_ACCESS_INTEGRATION'`) : [];
  const tasks = has('task') ? await inSchema(`SHOW TASKS IN SCHEMA ${schema}`) : [];
  const [edb, esch, etab] = c.eventTable.split('.').map((p) => p.toUpperCase());
  const eventTables = has('event table') && (edb !== c.database.toUpperCase() || esch !== c.schema.toUpperCase() || schemaExists)
    ? await show(`SHOW EVENT TABLES LIKE ${snowflakeLiteral(etab)} IN SCHEMA ${quoteIdent(edb)}.${quoteIdent(esch)}`).catch(() => [])
    : [];
  const columns = (has('table') || has('iceberg table')) && schemaExists
    ? await client.execute(`SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE FROM ${db}.INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION`,
      { binds: [c.schema.toUpperCase()], summary: 'read INFORMATION_SCHEMA.COLUMNS' })
    : [];
  const procedures = has('procedure') && schemaExists
    ? await client.execute(`SELECT PROCEDURE_NAME, ARGUMENT_SIGNATURE, PROCEDURE_DEFINITION FROM ${db}.INFORMATION_SCHEMA.PROCEDURES WHERE PROCEDURE_SCHEMA = ?`,
      { binds: [c.schema.toUpperCase()], summary: 'read INFORMATION_SCHEMA.PROCEDURES' })
    : [];

  const named = (rows: Record<string, unknown>[], name: string) => rows.find((r) => String(r.name).toUpperCase() === name);
  const out: DriftItem[] = [];
  for (const d of desired) {
    const item = (change: DriftItem['change'], details: string[] = []) => out.push({ kind: d.kind, name: d.name, change, details, deployFixes: d.replaces || change === 'create' });
    switch (d.kind) {
      case 'database': item(dbExists ? 'none' : 'create'); break;
      case 'schema': item(schemaExists ? 'none' : 'create'); break;
      case 'warehouse': {
        const w = named(warehouses, d.name);
        if (!w) { item('create'); break; }
        const details: string[] = [];
        const size = String(w.size ?? '').toUpperCase().replace(/^XSMALL$/, 'X-SMALL');
        if (size && size !== SIZES[c.warehouseSize]) details.push(`size is ${w.size}, planned ${c.warehouseSize}`);
        if (w.auto_suspend !== undefined && Number(w.auto_suspend) !== c.autoSuspend) details.push(`AUTO_SUSPEND is ${w.auto_suspend}, planned ${c.autoSuspend}`);
        if (w.auto_resume !== undefined && String(w.auto_resume).toLowerCase() !== 'true') details.push('AUTO_RESUME is off, planned on');
        item(details.length ? 'update' : 'none', details);
        break;
      }
      case 'stage': item(named(stages, d.name) ? 'none' : 'create'); break;
      case 'network rule': item(named(rules, d.name) ? 'none' : 'create'); break;
      // A secret's value cannot be read back: only its presence is compared.
      case 'secret': item(named(secrets, d.name) ? 'none' : 'create'); break;
      case 'integration': item(named(integrations, d.name) ? 'none' : 'create'); break;
      case 'event table': item(named(eventTables, d.name) ? 'none' : 'create'); break;
      case 'table':
      case 'iceberg table': {
        const have = columns.filter((r) => String(r.TABLE_NAME).toUpperCase() === d.name);
        if (!have.length) { item('create'); break; }
        const def = TABLES.find((t) => t.name.toUpperCase() === d.name);
        const want = (def?.columns ?? []).map((col) => ({ name: col.name.toUpperCase(), family: typeFamily(snowflakeType(col, d.kind === 'iceberg table')) }));
        const details: string[] = [];
        for (const w of want) {
          const h = have.find((r) => String(r.COLUMN_NAME).toUpperCase() === w.name);
          if (!h) details.push(`column ${w.name} missing`);
          else if (typeFamily(String(h.DATA_TYPE)) !== w.family) details.push(`column ${w.name} is ${h.DATA_TYPE}, planned ${w.family}`);
        }
        for (const h of have) if (!want.some((w) => w.name === String(h.COLUMN_NAME).toUpperCase())) details.push(`column ${h.COLUMN_NAME} is not in the plan`);
        item(details.length ? 'update' : 'none', details);
        break;
      }
      case 'procedure': {
        const p = procedures.find((r) => String(r.PROCEDURE_NAME).toUpperCase() === d.name);
        if (!p) { item('create'); break; }
        const same = squash(String(p.PROCEDURE_DEFINITION ?? '')) === squash(procBody(d.statement.sql));
        item(same ? 'none' : 'update', same ? [] : ['body differs from the plan (step SQL or procedure file changed)']);
        break;
      }
      case 'task': {
        const t = named(tasks, d.name);
        if (!t) { item('create'); break; }
        const def = TASKS.find((x) => x.name.toUpperCase() === d.name);
        const details: string[] = [];
        const wantAfter = (def?.after ?? []).map((a) => a.toUpperCase()).sort();
        const haveAfter = predecessors(t.predecessors);
        if (wantAfter.join(',') !== haveAfter.join(',')) details.push(`AFTER ${haveAfter.join(', ') || '(none)'}, planned ${wantAfter.join(', ') || '(none)'}`);
        const wantSchedule = /SCHEDULE = '([^']+)'/.exec(d.statement.sql)?.[1] ?? null;
        if ((t.schedule ? String(t.schedule) : null) !== wantSchedule) details.push(`SCHEDULE ${t.schedule ?? '(none)'}, planned ${wantSchedule ?? '(none)'}`);
        if (String(t.warehouse ?? '').toUpperCase() !== c.warehouse.toUpperCase()) details.push(`WAREHOUSE ${t.warehouse ?? '(none)'}, planned ${c.warehouse.toUpperCase()}`);
        if (squash(String(t.definition ?? '')) !== squash(taskBody(d.statement.sql))) details.push(`runs ${JSON.stringify(String(t.definition ?? ''))}, planned ${JSON.stringify(squash(taskBody(d.statement.sql)))}`);
        if (String(t.state ?? '').toLowerCase() !== 'started') details.push(`state ${t.state}, planned started (SYSTEM$TASK_DEPENDENTS_ENABLE)`);
        item(details.length ? 'update' : 'none', details);
        break;
      }
    }
  }
  return out;
}

/** The tasks to re-create when `changed` are: each of them and every descendant. CREATE OR
 * REPLACE TASK drops the old task, and removing a task's predecessor leaves it a standalone
 * (or new root) task: the former children fall out of the graph, and
 * SYSTEM$TASK_DEPENDENTS_ENABLE(root) no longer reaches them. Re-creating the descendants after
 * it (the plan's order is dependency order) re-links them with their AFTER clauses, while the
 * root is suspended, as Snowflake requires for changing any task of a graph. */
export function tasksToRecreate(changed: Iterable<string>): Set<string> {
  const out = new Set([...changed].map((n) => n.toUpperCase()));
  for (let grew = true; grew;) {
    grew = false;
    for (const t of TASKS) {
      if (!out.has(t.name.toUpperCase()) && t.after.some((a) => out.has(a.toUpperCase()))) {
        out.add(t.name.toUpperCase());
        grew = true;
      }
    }
  }
  return out;
}

/** The graph's suspend before and enable after the task statements. */
const GRAPH_TOGGLE = /^(ALTER TASK IF EXISTS \S+ SUSPEND|SELECT SYSTEM\$TASK_DEPENDENTS_ENABLE\(.*\))$/;

/**
 * The ALTER TASK statements that fix a drifted task in place, keeping the task and so its
 * children's links: MODIFY AS for the body, SET WAREHOUSE for the warehouse (ALTER TASK); a
 * suspended task needs nothing, SYSTEM$TASK_DEPENDENTS_ENABLE resumes it. undefined when the
 * AFTER clause or the schedule differ: the task is re-created then.
 */
function inPlaceFixes(st: PlanStatement, item: DriftItem): PlanStatement[] | undefined {
  const name = /^CREATE OR REPLACE TASK (\S+)/.exec(st.sql)?.[1];
  const warehouse = /^ {2}WAREHOUSE = (\S+)$/m.exec(st.sql)?.[1];
  if (!name || !warehouse) return undefined;
  const out: PlanStatement[] = [];
  for (const d of item.details) {
    if (d.startsWith('runs ')) out.push({ part: st.part, summary: `change the body of task ${name} in place`, sql: `ALTER TASK ${name} MODIFY AS ${taskBody(st.sql).trim()}` });
    else if (d.startsWith('WAREHOUSE ')) out.push({ part: st.part, summary: `change the warehouse of task ${name} in place`, sql: `ALTER TASK ${name} SET WAREHOUSE = ${warehouse}` });
    else if (!d.startsWith('state ')) return undefined;
  }
  return out;
}

/** The plan without the procedures and tasks that are deployed exactly as planned (the only
 * objects whose content drift compares; secrets, rules and integrations are always re-sent).
 * A task whose body or warehouse drifted is changed in place (inPlaceFixes); one whose AFTER or
 * schedule drifted, or that is missing, is re-created with every descendant (tasksToRecreate);
 * all of it between the root's suspend and SYSTEM$TASK_DEPENDENTS_ENABLE. When no task
 * differs, the graph is not suspended and re-enabled either, so its runs go on. The USE context
 * is always kept. */
export function skipUnchanged(plan: readonly PlanStatement[], items: readonly DriftItem[]): { plan: PlanStatement[]; skipped: PlanStatement[] } {
  const desired = desiredObjects(plan);
  if (desired.length !== items.length) throw new Error('drift items do not match the plan');
  const changedTasks = desired.map((d, i) => ({ d, item: items[i] })).filter(({ d, item }) => d.kind === 'task' && item.change !== 'none');
  const fixes = new Map<PlanStatement, PlanStatement[]>();
  for (const { d, item } of changedTasks) {
    const f = item.change === 'update' ? inPlaceFixes(d.statement, item) : undefined;
    if (f) fixes.set(d.statement, f);
  }
  const recreate = tasksToRecreate(changedTasks.filter(({ d }) => !fixes.has(d.statement)).map(({ d }) => d.name));
  const replaced = new Set(desired.filter((d, i) => (d.kind === 'procedure' && items[i].change === 'none') || (d.kind === 'task' && !recreate.has(d.name))).map((d) => d.statement));
  const out: PlanStatement[] = [];
  const skipped: PlanStatement[] = [];
  for (const st of plan) {
    if (replaced.has(st) || (!changedTasks.length && GRAPH_TOGGLE.test(st.sql))) {
      skipped.push(st);
      out.push(...(fixes.get(st) ?? []));
    } else out.push(st);
  }
  return { plan: out, skipped };
}
