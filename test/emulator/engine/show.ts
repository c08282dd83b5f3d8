// SHOW <objects> [LIKE '<pattern>'] [IN SCHEMA <db.schema> | IN DATABASE <db>] for the kinds the
// project's drift check reads (databases, schemas, warehouses, stages, network rules, secrets,
// external access integrations, event tables). Columns are lower-case, as Snowflake's SHOW
// output is; SHOW TASKS belongs to the server's task half.
import type { SessionContext, StatementResult } from '../engine-api';
import { unsupportedStatement } from './errors';
import type { EngineInternals } from './index';
import type { Token } from './tokens';
import { isTok, isWord, type Node } from './tree';

const KINDS: Record<string, string> = {
  DATABASES: 'DATABASE', SCHEMAS: 'SCHEMA', WAREHOUSES: 'WAREHOUSE', STAGES: 'STAGE', 'NETWORK RULES': 'NETWORK RULE',
  SECRETS: 'SECRET', 'EXTERNAL ACCESS INTEGRATIONS': 'INTEGRATION', INTEGRATIONS: 'INTEGRATION', 'EVENT TABLES': 'EVENT TABLE',
  ROLES: 'ROLE', 'FILE FORMATS': 'FILE FORMAT',
};

const SIZE_NAMES: Record<string, string> = { XSMALL: 'X-Small', SMALL: 'Small', MEDIUM: 'Medium', LARGE: 'Large', XLARGE: 'X-Large' };

/** LIKE pattern (case-insensitive, % and _) as a RegExp. */
function likePattern(p: string): RegExp {
  return new RegExp(`^${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.')}$`, 'i');
}

export function showObjects(engine: EngineInternals, items: readonly Node[], _sql: string, session: SessionContext): StatementResult {
  const words = items.slice(1).map((n) => (isTok(n) && n.kind === 'word' ? n.value : ''));
  const phrase = Object.keys(KINDS).sort((a, b) => b.length - a.length).find((k) => words.slice(0, k.split(' ').length).join(' ') === k);
  if (!phrase) throw unsupportedStatement(`SHOW ${words[0] ?? ''}`);
  const kind = KINDS[phrase];
  let like: RegExp | undefined;
  let inDatabase: string | undefined;
  let inSchema: string | undefined;
  for (let i = 1; i < items.length; i++) {
    const n = items[i];
    if (isWord(n, 'LIKE') && isTok(items[i + 1])) like = likePattern((items[i + 1] as Token).value);
    if (isWord(n, 'IN')) {
      const scope = isWord(items[i + 1], 'SCHEMA', 'DATABASE', 'ACCOUNT') ? (items[i + 1] as Token).value : 'SCHEMA';
      const start = scope === (items[i + 1] as Token).value ? i + 2 : i + 1;
      const parts: string[] = [];
      for (let j = start; j < items.length; j += 2) {
        const t = items[j];
        if (!isTok(t) || (t.kind !== 'word' && t.kind !== 'qident')) break;
        parts.push(t.value);
        if (!(isTok(items[j + 1]) && (items[j + 1] as Token).value === '.')) break;
      }
      if (scope === 'DATABASE') inDatabase = parts[0];
      if (scope === 'SCHEMA') inSchema = parts.length === 2 ? `${parts[0]}.${parts[1]}` : `${session.database}.${parts[0]}`;
    }
  }
  const rows: Record<string, unknown>[] = [];
  const { catalog } = engine;
  if (kind === 'DATABASE') for (const d of catalog.databases) rows.push({ name: d });
  else if (kind === 'SCHEMA') {
    for (const s of catalog.schemas) {
      const [db, name] = s.split('.');
      if (!inDatabase || db === inDatabase) rows.push({ name, database_name: db });
    }
  } else if (kind === 'EVENT TABLE') {
    for (const [key, t] of catalog.tables) {
      if (t.kind !== 'EVENT TABLE') continue;
      const [db, schema, name] = key.split('.');
      if (!inSchema || `${db}.${schema}` === inSchema) rows.push({ name, database_name: db, schema_name: schema });
    }
  } else {
    for (const o of catalog.listObjects(kind)) {
      const parts = o.name.split('.');
      const name = parts[parts.length - 1];
      if (inSchema && parts.length === 3 && `${parts[0]}.${parts[1]}` !== inSchema) continue;
      const row: Record<string, unknown> = { name, ...(parts.length === 3 ? { database_name: parts[0], schema_name: parts[1] } : {}) };
      for (const [k, v] of Object.entries(o.properties)) row[k.toLowerCase()] = v;
      if (kind === 'WAREHOUSE') row.size = SIZE_NAMES[String(o.properties.WAREHOUSE_SIZE ?? 'XSMALL')] ?? o.properties.WAREHOUSE_SIZE;
      rows.push(row);
    }
  }
  const filtered = rows.filter((r) => !like || like.test(String(r.name)));
  const names = [...new Set(filtered.flatMap((r) => Object.keys(r)).concat(['name']))];
  names.sort((a, b) => (a === 'name' ? -1 : b === 'name' ? 1 : 0));
  return {
    columns: names.map((name) => ({ name, type: 'text' as const })),
    rows: filtered.map((r) => names.map((n) => (r[n] === undefined ? null : String(r[n])))),
  };
}
