// Tasks and task graphs with Snowflake's rules (https://docs.snowflake.com/en/user-guide/tasks-graphs,
// …/sql-reference/sql/create-task, alter-task, drop-task):
//  - "Executing DDL commands on any task in a tree of tasks requires that the root task is
//    suspended. If the root task is currently resumed, then the command returns a user error":
//    091421 (22000) "Unable to update graph with root task <db>.<schema>.<root> since that root
//    task is not suspended." — for CREATE … AFTER, CREATE OR REPLACE, ALTER (SET, MODIFY,
//    ADD/REMOVE AFTER, SUSPEND/RESUME of a child) and DROP of a task in a started graph.
//  - CREATE OR REPLACE TASK drops the old task; "removing a predecessor … creates a new root task
//    … or a standalone task": its children lose it, and a child left without predecessors
//    becomes a standalone (suspended) task that SYSTEM$TASK_DEPENDENTS_ENABLE(root) no longer
//    reaches.
//  - A new task is suspended; SYSTEM$TASK_DEPENDENTS_ENABLE(root) "recursively resumes all
//    dependent tasks tied to a specified root task" and the root.
import { randomUUID } from 'node:crypto';
import type { SessionContext, StatementResult } from '../engine-api';
import { splitQualified, splitTopLevel } from '../scripting/lexer';
import { resolveName, sfError, status } from '../scripting/procedures';

export interface Task {
  readonly id: string;
  readonly database: string;
  readonly schema: string;
  readonly name: string;
  warehouse?: string;
  schedule?: string;
  /** Predecessors as catalog keys (DB.SCHEMA.NAME). */
  after: string[];
  comment?: string;
  definition: string;
  condition?: string;
  state: 'started' | 'suspended';
  readonly createdOn: Date;
  /** The catalog's change clock when the task last changed (see graphVersion). */
  version: number;
}

export const taskKey = (t: { database: string; schema: string; name: string }) => `${t.database}.${t.schema}.${t.name}`;
const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
export const qualifiedTaskName = (t: Task) => `${t.database}.${t.schema}.${t.name}`;

const NAME = String.raw`(?:"[^"]+"|[A-Za-z0-9_$]+)(?:\.(?:"[^"]+"|[A-Za-z0-9_$]+)){0,2}`;

export class TaskCatalog {
  private readonly tasks = new Map<string, Task>();
  private clock = 0;

  private touch(t: Task): void {
    t.version = ++this.clock;
  }

  /** GRAPH_VERSION: changes whenever any task of the graph changes (RETRY LAST needs it unchanged). */
  graphVersion(root: Task): number {
    return Math.max(...this.graph(root).map((t) => t.version));
  }

  get(key: string): Task | undefined {
    return this.tasks.get(key);
  }

  all(): Task[] {
    return [...this.tasks.values()];
  }

  /** The task named as a statement names it (unqualified: the session's schema). */
  find(ref: string, session: SessionContext, verb: string): Task | undefined {
    const [database, schema, name] = resolveName(ref, session, verb);
    return this.tasks.get(`${database}.${schema}.${name}`);
  }

  children(t: Task): Task[] {
    const k = taskKey(t);
    return this.all().filter((c) => c.after.includes(k));
  }

  /** The root of the graph the task belongs to (itself when it has no predecessor). */
  rootOf(t: Task): Task {
    let cur = t;
    for (let guard = 0; cur.after.length && guard < 1000; guard++) {
      const up = this.tasks.get(cur.after[0]);
      if (!up) break;
      cur = up;
    }
    return cur;
  }

  /** The root and every task reachable from it through AFTER links, in dependency order. */
  graph(root: Task): Task[] {
    const members = this.all().filter((t) => taskKey(this.rootOf(t)) === taskKey(root));
    const out: Task[] = [];
    const done = new Set<string>();
    while (out.length < members.length) {
      const ready = members.filter((t) => !done.has(taskKey(t)) && t.after.every((a) => done.has(a)));
      if (!ready.length) break; // a cycle cannot be created (predecessors must exist first)
      for (const t of ready) {
        done.add(taskKey(t));
        out.push(t);
      }
    }
    return out;
  }

  /** 091421 unless the graph `t` belongs to is suspended at its root. */
  requireSuspendedRoot(t: Task): void {
    const root = this.rootOf(t);
    if (root.state === 'started') {
      throw sfError('091421', `Unable to update graph with root task ${qualifiedTaskName(root)} since that root task is not suspended.`, '22000');
    }
  }

  private byRef(ref: string, session: SessionContext, verb: string, ifExists = false): Task | undefined {
    const t = this.find(ref, session, verb);
    if (!t && !ifExists) {
      const [database, schema, name] = resolveName(ref, session, verb);
      throw sfError('002003', `SQL compilation error:\nTask '${database}.${schema}.${name}' does not exist or not authorized.`, '02000');
    }
    return t;
  }

  create(sql: string, session: SessionContext): StatementResult {
    const m = new RegExp(String.raw`^\s*CREATE\s+(OR\s+REPLACE\s+)?TASK\s+(IF\s+NOT\s+EXISTS\s+)?(${NAME})([\s\S]*?)\bAS\b([\s\S]*)$`, 'i').exec(sql);
    if (!m) throw sfError('001003', `SQL compilation error:\nsyntax error line 1 at position 0 unexpected '${sql.trim().slice(0, 30)}'.`, '42000');
    const [database, schema, name] = resolveName(m[3], session, 'CREATE TASK');
    const key = `${database}.${schema}.${name}`;
    const props = m[4];
    const existing = this.tasks.get(key);
    if (existing && !m[1]) {
      if (m[2]) return status(`${name} already exists, statement succeeded.`);
      throw sfError('002002', `SQL compilation error:\nObject '${name}' already exists.`, '42710');
    }
    const afterText = /\bAFTER\s+([\s\S]+?)(?=\s+(?:WAREHOUSE|SCHEDULE|COMMENT|WHEN|CONFIG|ALLOW_OVERLAPPING_EXECUTION|USER_TASK\w*|SUSPEND_TASK\w*|ERROR_INTEGRATION|TASK_AUTO_RETRY_ATTEMPTS|FINALIZE)\b|\s*$)/i.exec(props)?.[1];
    const after = afterText ? splitTopLevel(afterText).map((p) => this.predecessorKey(p, session)) : [];
    for (const p of after) this.requireSuspendedRoot(this.tasks.get(p)!);
    if (existing) {
      this.requireSuspendedRoot(existing);
      this.remove(existing);
    }
    const t: Task = {
      id: randomUUID(), database, schema, name, after, state: 'suspended', createdOn: new Date(), version: ++this.clock,
      warehouse: unquote(/\bWAREHOUSE\s*=\s*("[^"]+"|[A-Za-z0-9_$]+)/i.exec(props)?.[1]),
      schedule: /\bSCHEDULE\s*=\s*'([^']*)'/i.exec(props)?.[1],
      comment: /\bCOMMENT\s*=\s*'((?:[^'\\]|\\.|'')*)'/i.exec(props)?.[1]?.replace(/''/g, "'"),
      condition: /\bWHEN\s+([\s\S]+)$/i.exec(props)?.[1]?.trim(),
      definition: m[5].trim().replace(/;\s*$/, ''),
    };
    if (t.schedule && t.after.length) throw sfError('002051', 'SQL compilation error:\nA task with a predecessor cannot have a schedule.', '42601');
    this.tasks.set(key, t);
    return status(`Task ${name} successfully created.`);
  }

  private predecessorKey(ref: string, session: SessionContext): string {
    const p = this.byRef(ref, session, 'CREATE TASK')!;
    return taskKey(p);
  }

  /** Drops the task; its children lose it as a predecessor (and are suspended when left alone). */
  private remove(t: Task): void {
    const k = taskKey(t);
    this.tasks.delete(k);
    for (const c of this.all()) {
      if (!c.after.includes(k)) continue;
      c.after = c.after.filter((a) => a !== k);
      this.touch(c);
      if (!c.after.length) c.state = 'suspended';
    }
  }

  alter(sql: string, session: SessionContext): StatementResult {
    const m = new RegExp(String.raw`^\s*ALTER\s+TASK\s+(IF\s+EXISTS\s+)?(${NAME})\s+([\s\S]+)$`, 'i').exec(sql);
    if (!m) throw sfError('001003', `SQL compilation error:\nsyntax error line 1 at position 0 unexpected '${sql.trim().slice(0, 30)}'.`, '42000');
    const t = this.byRef(m[2], session, 'ALTER TASK', !!m[1]);
    if (!t) return status('Statement executed successfully.');
    const action = m[3].trim().replace(/;\s*$/, '');
    const isRoot = !t.after.length;
    if (/^SUSPEND$/i.test(action)) {
      if (!isRoot) this.requireSuspendedRoot(t);
      t.state = 'suspended';
    } else if (/^RESUME$/i.test(action)) {
      if (!isRoot) this.requireSuspendedRoot(t);
      t.state = 'started';
    } else {
      this.requireSuspendedRoot(t);
      let mm: RegExpExecArray | null;
      if ((mm = /^MODIFY\s+AS\s+([\s\S]+)$/i.exec(action))) t.definition = mm[1].trim();
      else if ((mm = /^MODIFY\s+WHEN\s+([\s\S]+)$/i.exec(action))) t.condition = mm[1].trim();
      else if ((mm = /^(ADD|REMOVE)\s+AFTER\s+([\s\S]+)$/i.exec(action))) {
        const keys = splitTopLevel(mm[2]).map((p) => this.predecessorKey(p, session));
        if (mm[1].toUpperCase() === 'ADD') {
          for (const k of keys) this.requireSuspendedRoot(this.tasks.get(k)!);
          t.after = [...new Set([...t.after, ...keys])];
        } else {
          t.after = t.after.filter((a) => !keys.includes(a));
        }
      } else if ((mm = /^SET\s+([\s\S]+)$/i.exec(action))) {
        const s = mm[1];
        const wh = /\bWAREHOUSE\s*=\s*("[^"]+"|[A-Za-z0-9_$]+)/i.exec(s)?.[1];
        if (wh) t.warehouse = unquote(wh);
        const sched = /\bSCHEDULE\s*=\s*'([^']*)'/i.exec(s)?.[1];
        if (sched !== undefined) t.schedule = sched;
        const comment = /\bCOMMENT\s*=\s*'((?:[^'\\]|\\.|'')*)'/i.exec(s)?.[1];
        if (comment !== undefined) t.comment = comment.replace(/''/g, "'");
      } else if ((mm = /^UNSET\s+([\s\S]+)$/i.exec(action))) {
        for (const p of mm[1].split(',').map((x) => x.trim().toUpperCase())) {
          if (p === 'SCHEDULE') t.schedule = undefined;
          if (p === 'COMMENT') t.comment = undefined;
          if (p === 'WAREHOUSE') t.warehouse = undefined;
        }
      } else throw sfError('001003', `SQL compilation error:\nsyntax error line 1 at position 0 unexpected '${action.split(/\s/)[0]}'.`, '42000');
      this.touch(t);
    }
    return status('Statement executed successfully.');
  }

  drop(sql: string, session: SessionContext): StatementResult {
    const m = new RegExp(String.raw`^\s*DROP\s+TASK\s+(IF\s+EXISTS\s+)?(${NAME})\s*;?\s*$`, 'i').exec(sql);
    if (!m) throw sfError('001003', `SQL compilation error:\nsyntax error line 1 at position 0 unexpected '${sql.trim().slice(0, 30)}'.`, '42000');
    const t = this.byRef(m[2], session, 'DROP TASK', !!m[1]);
    if (!t) return status('Statement executed successfully.');
    this.requireSuspendedRoot(t);
    this.remove(t);
    return status(`${t.name} successfully dropped.`);
  }

  /** SYSTEM$TASK_DEPENDENTS_ENABLE('<name>'): the root and everything under it, started. */
  dependentsEnable(nameLiteral: string, session: SessionContext): Task {
    const t = this.byRef(nameLiteral, session, 'SYSTEM$TASK_DEPENDENTS_ENABLE')!;
    const root = this.rootOf(t);
    for (const x of this.graph(root)) x.state = 'started';
    return root;
  }

  /** SHOW TASKS [LIKE '…'] [IN SCHEMA s | IN DATABASE d | IN ACCOUNT]: rows as Snowflake lists them. */
  show(sql: string, session: SessionContext): StatementResult {
    const like = /\bLIKE\s+'((?:[^']|'')*)'/i.exec(sql)?.[1];
    const inMatch = /\bIN\s+(SCHEMA|DATABASE|ACCOUNT)\b\s*([^\s;]*)/i.exec(sql);
    let filter: (t: Task) => boolean = (t) => t.database === session.database && t.schema === session.schema;
    if (inMatch?.[1].toUpperCase() === 'ACCOUNT') filter = () => true;
    else if (inMatch?.[1].toUpperCase() === 'DATABASE') {
      const db = inMatch[2] ? splitQualified(inMatch[2])[0] : session.database;
      filter = (t) => t.database === db;
    } else if (inMatch?.[1].toUpperCase() === 'SCHEMA') {
      const parts = splitQualified(inMatch[2]);
      const [db, sch] = parts.length === 2 ? parts : [session.database, parts[0]];
      filter = (t) => t.database === db && t.schema === sch;
    } else if (!session.database || !session.schema) {
      throw sfError('090106', 'Cannot perform SHOW TASKS. This session does not have a current schema. Call \'USE SCHEMA\', or use a qualified name.', '22000');
    }
    const re = like ? new RegExp(`^${like.replace(/''/g, "'").replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.')}$`, 'i') : undefined;
    const rows = this.all().filter(filter).filter((t) => !re || re.test(t.name)).sort((a, b) => a.name.localeCompare(b.name));
    const columns = ['created_on', 'name', 'id', 'database_name', 'schema_name', 'owner', 'comment', 'warehouse', 'schedule', 'predecessors', 'state', 'definition', 'condition', 'allow_overlapping_execution']
      .map((name) => ({ name, type: name === 'created_on' ? 'timestamp_ltz' as const : 'text' as const }));
    return {
      columns,
      rows: rows.map((t) => [t.createdOn, t.name, t.id, t.database, t.schema, session.role ?? 'PUBLIC', t.comment ?? '', t.warehouse ?? null, t.schedule ?? null,
        JSON.stringify(t.after.map((a) => a.split('.').map(q).join('.'))), t.state, t.definition, t.condition ?? null, 'false']),
    };
  }
}

function unquote(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  return s.startsWith('"') ? s.slice(1, -1) : s.toUpperCase();
}
