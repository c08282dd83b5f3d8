// What the engine knows beside DuckDB's own catalog: each Snowflake database is an attached
// in-memory DuckDB database of the same name (so DB.SCHEMA.T resolves natively), and the objects
// DuckDB has no notion of (roles, warehouses, stages, file formats, secrets, network rules,
// integrations, grants) are metadata here, with Snowflake's IF NOT EXISTS / OR REPLACE rules.
import type { SessionContext } from '../engine-api';
import { objectAlreadyExists, objectDoesNotExist, SnowflakeError } from './errors';
import type { Token } from './tokens';

export interface QualifiedName { readonly database: string; readonly schema: string; readonly name: string }

export const qualified = (q: QualifiedName) => `${q.database}.${q.schema}.${q.name}`;

/** Account-level kinds have a bare name; the rest live in a schema. */
export const ACCOUNT_KINDS = new Set(['ROLE', 'WAREHOUSE', 'DATABASE', 'INTEGRATION', 'EXTERNAL VOLUME']);

export interface TableMeta {
  /** As INFORMATION_SCHEMA.TABLES.TABLE_TYPE says it. */
  kind: 'BASE TABLE' | 'TEMPORARY TABLE' | 'EVENT TABLE' | 'VIEW';
  iceberg?: Readonly<Record<string, string>>;
  created: Date;
  lastAltered: Date;
  /** The role that created it (TABLE_OWNER). */
  owner?: string;
}

export interface ObjectMeta { readonly kind: string; readonly properties: Readonly<Record<string, string>> }

/** "Cannot perform CREATE TABLE. This session does not have a current database. Call 'USE
 *  DATABASE', or use a qualified name." (090105, as Snowflake answers it). */
function noCurrent(what: 'database' | 'schema', action: string): SnowflakeError {
  const use = what === 'database' ? 'USE DATABASE' : 'USE SCHEMA';
  return new SnowflakeError(what === 'database' ? '090105' : '090106', '22000',
    `Cannot perform ${action}. This session does not have a current ${what}. Call '${use}', or use a qualified name.`);
}

export class Catalog {
  readonly databases = new Set<string>();
  readonly schemas = new Set<string>();
  readonly tables = new Map<string, TableMeta>();
  private readonly objects = new Map<string, ObjectMeta>();
  readonly grants: string[] = [];

  /** Resolves a 1–3 part name against the session, as Snowflake does. */
  resolve(parts: readonly Token[], session: SessionContext, action: string): QualifiedName {
    const names = parts.map((p) => p.value);
    if (names.length === 3) return { database: names[0], schema: names[1], name: names[2] };
    if (names.length === 2) {
      if (!session.database) throw noCurrent('database', action);
      return { database: session.database, schema: names[0], name: names[1] };
    }
    if (!session.database) throw noCurrent('database', action);
    if (!session.schema) throw noCurrent('schema', action);
    return { database: session.database, schema: session.schema, name: names[0] };
  }

  private key(kind: string, name: string) { return `${kind}:${name}`; }

  hasObject(kind: string, name: string): boolean { return this.objects.has(this.key(kind, name)); }
  getObject(kind: string, name: string): ObjectMeta | undefined { return this.objects.get(this.key(kind, name)); }

  /** CREATE [OR REPLACE] <kind> [IF NOT EXISTS] <name>: true when it was (re)created. */
  createObject(kind: string, name: string, properties: Record<string, string>, mode: { orReplace: boolean; ifNotExists: boolean }): boolean {
    const k = this.key(kind, name);
    if (this.objects.has(k)) {
      if (mode.ifNotExists) return false;
      if (!mode.orReplace) throw objectAlreadyExists(name);
    }
    this.objects.set(k, { kind, properties });
    return true;
  }

  alterObject(kind: string, name: string, properties: Record<string, string>, ifExists: boolean): void {
    const k = this.key(kind, name);
    const o = this.objects.get(k);
    if (!o) { if (ifExists) return; throw objectDoesNotExist(name); }
    this.objects.set(k, { kind, properties: { ...o.properties, ...properties } });
  }

  dropObject(kind: string, name: string, ifExists: boolean): void {
    if (!this.objects.delete(this.key(kind, name)) && !ifExists) throw objectDoesNotExist(name);
  }

  listObjects(kind: string): { name: string; properties: Readonly<Record<string, string>> }[] {
    const prefix = `${kind}:`;
    return [...this.objects].filter(([k]) => k.startsWith(prefix)).map(([k, o]) => ({ name: k.slice(prefix.length), properties: o.properties }));
  }

  requireStage(q: QualifiedName): void {
    if (!this.hasObject('STAGE', qualified(q))) throw objectDoesNotExist(qualified(q), 'Stage');
  }

  touch(q: QualifiedName): void {
    const t = this.tables.get(qualified(q));
    if (t) t.lastAltered = new Date();
  }
}
