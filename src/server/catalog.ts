// The catalog the language server checks names against: the manifest's tables, columns and task
// graph (always there), optionally enriched with the live warehouse's column types and row
// counts (live-catalog.ts). Diagnostics use the manifest only, so they do not change with
// whatever a half-finished run left in the warehouse; hover and completion show both.
import { TABLES, TASKS, type TableDef, type TaskDef } from '../core/manifest';

export interface LiveTable {
  /** Lower-case column name -> the warehouse's type name. */
  readonly columns: Map<string, string>;
  readonly rows?: number;
}

export interface LiveCatalog {
  readonly tables: Map<string, LiveTable>;
  readonly source: string;
  readonly readAt: Date;
}

export class Catalog {
  private readonly byName = new Map(TABLES.map((t) => [t.name, t]));
  private readonly columnsByTable = new Map(TABLES.map((t) => [t.name, t.columns.map((c) => c.name.toLowerCase())]));
  private readonly writers = new Map<string, TaskDef[]>();
  private readonly upstream = new Map<string, Set<string>>();
  live?: LiveCatalog;

  constructor() {
    for (const t of TASKS) for (const w of t.writes) this.writers.set(w, [...(this.writers.get(w) ?? []), t]);
  }

  get tables(): readonly TableDef[] {
    return TABLES;
  }

  get tasks(): readonly TaskDef[] {
    return TASKS;
  }

  table(name: string): TableDef | undefined {
    return this.byName.get(name.toUpperCase());
  }

  task(name: string): TaskDef | undefined {
    return TASKS.find((t) => t.name === name);
  }

  /** Lower-case column names of a catalog table. */
  columns(name: string): string[] | undefined {
    return this.columnsByTable.get(name.toUpperCase());
  }

  writersOf(table: string): TaskDef[] {
    return this.writers.get(table.toUpperCase()) ?? [];
  }

  /** Every task that finishes before `task` starts (the transitive AFTER closure). */
  upstreamOf(task: string): Set<string> {
    let set = this.upstream.get(task);
    if (set) return set;
    set = new Set<string>();
    const queue = [...(this.task(task)?.after ?? [])];
    while (queue.length) {
      const t = queue.shift()!;
      if (set.has(t)) continue;
      set.add(t);
      queue.push(...(this.task(t)?.after ?? []));
    }
    this.upstream.set(task, set);
    return set;
  }

  liveTable(name: string): LiveTable | undefined {
    return this.live?.tables.get(name.toUpperCase());
  }
}
