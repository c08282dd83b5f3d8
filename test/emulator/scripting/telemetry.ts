// The emulated event table: what Snowflake writes for a procedure call when the database's
// EVENT_TABLE, LOG_LEVEL and TRACE_LEVEL are set — one SPAN per CALL (start, end, status),
// LOG rows for SYSTEM$LOG_*, SPAN_EVENT rows for SYSTEM$ADD_EVENT — with Snowflake's columns
// (TIMESTAMP, START_TIMESTAMP, TRACE, RESOURCE_ATTRIBUTES, SCOPE, RECORD_TYPE, RECORD,
// RECORD_ATTRIBUTES, VALUE …), inserted into the event table through the engine.
// Reference: https://docs.snowflake.com/en/developer-guide/logging-tracing/event-table-columns
import { randomBytes } from 'node:crypto';
import type { SessionContext, SqlEngine } from '../engine-api';
import type { ScriptTelemetry } from './interpret';

/** Snowflake's event table columns, as CREATE EVENT TABLE makes them. */
export const EVENT_TABLE_COLUMNS = `(TIMESTAMP TIMESTAMP_NTZ, START_TIMESTAMP TIMESTAMP_NTZ, OBSERVED_TIMESTAMP TIMESTAMP_NTZ, TRACE OBJECT,
  RESOURCE OBJECT, RESOURCE_ATTRIBUTES OBJECT, SCOPE OBJECT, SCOPE_ATTRIBUTES OBJECT, RECORD_TYPE VARCHAR, RECORD OBJECT,
  RECORD_ATTRIBUTES OBJECT, VALUE VARIANT, EXEMPLARS ARRAY)`;

const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];

export interface CallResource {
  readonly database: string;
  readonly schema: string;
  /** e.g. USP_LOADBRONZETOSILVER():VARCHAR */
  readonly executable: string;
  readonly queryId: string;
  readonly warehouse?: string;
  readonly role?: string;
}

export interface EventTableSettings {
  /** database.schema.table, quoted as needed, or undefined when none is set. */
  eventTable(database: string): string | undefined;
  logLevel(database: string): string;
  traceLevel(database: string): string;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const iso = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');

/** Telemetry of one procedure call: its span, logs and events. */
export class CallTelemetry implements ScriptTelemetry {
  readonly traceId = hex(16);
  readonly spanId = hex(8);
  private readonly started = new Date();

  constructor(
    private readonly engine: SqlEngine,
    private readonly session: SessionContext,
    private readonly settings: EventTableSettings,
    private readonly resource: CallResource,
    private readonly spanName: string,
  ) {}

  private get table(): string | undefined {
    return this.settings.eventTable(this.resource.database);
  }

  private resourceAttributes() {
    const r = this.resource;
    return {
      'snow.database.name': r.database, 'snow.schema.name': r.schema, 'snow.executable.name': r.executable, 'snow.executable.type': 'PROCEDURE',
      'snow.query.id': r.queryId, 'snow.warehouse.name': r.warehouse ?? null, 'snow.session.role.primary.name': r.role ?? null, 'telemetry.sdk.language': 'sql',
    };
  }

  private async insert(row: { start?: Date; end: Date; type: string; record: unknown; attributes?: unknown; value?: unknown }): Promise<void> {
    const table = this.table;
    if (!table) return;
    await this.engine.execute(
      `INSERT INTO ${table} (TIMESTAMP, START_TIMESTAMP, OBSERVED_TIMESTAMP, TRACE, RESOURCE_ATTRIBUTES, SCOPE, RECORD_TYPE, RECORD, RECORD_ATTRIBUTES, VALUE)
SELECT ?::TIMESTAMP_NTZ, ?::TIMESTAMP_NTZ, ?::TIMESTAMP_NTZ, PARSE_JSON(?), PARSE_JSON(?), PARSE_JSON(?), ?, PARSE_JSON(?), PARSE_JSON(?), PARSE_JSON(?)`,
      [iso(row.end), row.start ? iso(row.start) : null, iso(row.end), JSON.stringify({ trace_id: this.traceId, span_id: this.spanId }),
        JSON.stringify(this.resourceAttributes()), JSON.stringify({ name: 'snow.sql' }), row.type, JSON.stringify(row.record),
        row.attributes === undefined ? null : JSON.stringify(row.attributes), row.value === undefined ? null : JSON.stringify(row.value)],
      this.session,
    );
  }

  async log(level: string, message: string): Promise<void> {
    const wanted = this.settings.logLevel(this.resource.database).toUpperCase();
    if (wanted === 'OFF' || LEVELS.indexOf(level) < LEVELS.indexOf(wanted)) return;
    await this.insert({ end: new Date(), type: 'LOG', record: { severity_text: level }, value: message });
  }

  async event(name: string, attributes: Record<string, unknown>): Promise<void> {
    if (this.settings.traceLevel(this.resource.database).toUpperCase() === 'OFF') return;
    await this.insert({ end: new Date(), type: 'SPAN_EVENT', record: { name }, attributes });
  }

  /** The call's SPAN row, written when it ends. */
  async finish(error?: string): Promise<void> {
    if (this.settings.traceLevel(this.resource.database).toUpperCase() === 'OFF') return;
    const status = error ? { code: 'STATUS_CODE_ERROR', message: error } : { code: 'STATUS_CODE_OK' };
    await this.insert({ start: this.started, end: new Date(), type: 'SPAN', record: { name: this.spanName, kind: 'SPAN_KIND_INTERNAL', status } });
  }
}
