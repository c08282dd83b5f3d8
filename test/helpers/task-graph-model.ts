// Snowflake's documented task-graph rules applied to a list of statements, so a test can say what
// the graph looks like after a deploy sent them (the recording double only records). The rules:
// - CREATE TASK: "Newly created or cloned tasks are created suspended" (CREATE TASK).
// - CREATE OR REPLACE drops the old task; a task whose predecessor is removed becomes a
//   standalone (or new root) task: the former children lose that AFTER link.
// - A task of a graph can be created or changed (CREATE, ALTER TASK … MODIFY AS / SET) only while
//   its root is suspended; ALTER changes the task in place and keeps its links.
// - SYSTEM$TASK_DEPENDENTS_ENABLE(root) resumes the root and every task reachable from it.
// Anything else (procedures, USE …, SHOW …) leaves the graph as it is.

interface ModelTask {
  after: string[];
  started: boolean;
}

const bare = (n: string) => n.trim().split('.').pop()!.replace(/^"|"$/g, '').toUpperCase();

export class TaskGraphModel {
  private readonly tasks = new Map<string, ModelTask>();

  constructor(initial: readonly { name: string; after: readonly string[]; started: boolean }[]) {
    for (const t of initial) this.tasks.set(bare(t.name), { after: t.after.map(bare), started: t.started });
  }

  get size(): number {
    return this.tasks.size;
  }

  /** The root of `name`'s graph (following the first predecessor up). */
  private rootOf(name: string): string {
    let n = name;
    for (let guard = 0; guard < 1000; guard++) {
      const t = this.tasks.get(n);
      if (!t || !t.after.length) return n;
      n = t.after[0];
    }
    throw new Error(`cycle at ${name}`);
  }

  apply(sql: string): void {
    const suspend = /^ALTER TASK (?:IF EXISTS )?(\S+) SUSPEND$/.exec(sql);
    if (suspend) {
      const t = this.tasks.get(bare(suspend[1]));
      if (t) t.started = false;
      return;
    }
    const enable = /^SELECT SYSTEM\$TASK_DEPENDENTS_ENABLE\('([^']+)'\)$/.exec(sql);
    if (enable) {
      for (const n of this.reachable(bare(enable[1]))) this.tasks.get(n)!.started = true;
      return;
    }
    const alter = /^ALTER TASK (\S+) (MODIFY AS|SET) /.exec(sql);
    if (alter) {
      const name = bare(alter[1]);
      if (!this.tasks.has(name)) throw new Error(`ALTER TASK ${name}: no such task`);
      const root = this.rootOf(name);
      if (this.tasks.get(root)!.started) throw new Error(`ALTER TASK ${name}: the root task ${root} must be suspended first`);
      return;
    }
    const create = /^CREATE OR REPLACE TASK (\S+)\n/.exec(sql);
    if (!create) return;
    const name = bare(create[1]);
    const head = sql.split('\nAS\n')[0];
    const after = /^\s*AFTER (.+)$/m.exec(head)?.[1].split(',').map(bare) ?? [];
    for (const p of after) {
      if (!this.tasks.has(p)) throw new Error(`CREATE TASK ${name}: predecessor ${p} does not exist`);
      const root = this.rootOf(p);
      if (this.tasks.get(root)!.started) throw new Error(`CREATE TASK ${name}: the root task ${root} must be suspended first`);
    }
    if (this.tasks.has(name)) {
      this.tasks.delete(name);
      for (const t of this.tasks.values()) t.after = t.after.filter((a) => a !== name);
    }
    this.tasks.set(name, { after, started: false });
  }

  /** `root` and every task that (transitively) runs after it. */
  reachable(root: string): Set<string> {
    const out = new Set([bare(root)]);
    for (let grew = true; grew;) {
      grew = false;
      for (const [n, t] of this.tasks) {
        if (!out.has(n) && t.after.some((a) => out.has(a))) {
          out.add(n);
          grew = true;
        }
      }
    }
    return out;
  }

  /** Each task's predecessors, sorted (to compare with the manifest's AFTER clauses). */
  predecessors(): Record<string, string[]> {
    return Object.fromEntries([...this.tasks].map(([n, t]) => [n, [...t.after].sort()]));
  }

  /** Tasks the root's runs would not run: not reachable from it, or suspended. */
  unreachableOrSuspended(root: string): string[] {
    const reach = this.reachable(root);
    return [...this.tasks].filter(([n, t]) => !reach.has(n) || !t.started).map(([n, t]) => `${n}${reach.has(n) ? '' : ' (not in the graph)'}${t.started ? '' : ' (suspended)'}`);
  }
}
