// The deploy plan: the ordered SQL a reviewer reads (`deploy --dry-run`) and the driver runs.
// Built from the same manifest and step SQL as the local target. Statements that need
// ACCOUNTADMIN are kept in their own part ("admin") that can be handed to an administrator.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOAD_TASKS, ROOT_SCHEDULE, ROOT_TASK, TABLES, TASKS, type TaskDef } from '../manifest';
import { CORTEX_SENTIMENT_THRESHOLDS } from '../ai/thresholds';
import { sqlDir } from '../paths';
import type { SentimentThresholds } from '../sql/dialect';
import { quoteIdent, quoteLiteral } from '../sql/identifiers';
import { loadStepSql, renderStatement } from '../transform/step-sql';
import type { SnowflakeDeployConfig } from './deploy-config';
import { snowflakeType } from './types';
import { validationProcedure } from './validation-procedure';

export const DEPLOY_PARTS = ['admin', 'setup', 'integrations', 'iceberg', 'stage', 'procedures', 'tasks'] as const;
export type DeployPart = (typeof DEPLOY_PARTS)[number];

export interface PlanStatement {
  readonly part: DeployPart;
  /** One line saying what the statement does (progress and dry-run comments). */
  readonly summary: string;
  /** SQL with secret placeholders such as :mysql_password, never secret values. */
  readonly sql: string;
  /** Placeholders in `sql` that are replaced by secret values only when sent. */
  readonly secrets?: readonly string[];
  /** A PUT of a local file (the driver uploads it). */
  readonly localFile?: string;
}

export interface PlanOptions {
  readonly config: SnowflakeDeployConfig;
  /** Label cut-offs baked into the silver procedure. Default: Cortex's own guide (±0.5),
   *  not the local model's ±0.05: the two models spread their scores differently. */
  readonly sentiment?: SentimentThresholds;
  /** Absolute folder of the source files for the stage part. */
  readonly dataDir: string;
  readonly only?: readonly DeployPart[];
}

/** A configured name as a Snowflake identifier: validated upstream, quoted upper-case (same object as unquoted). */
const id = (name: string) => quoteIdent(name.toUpperCase());

function admin(c: SnowflakeDeployConfig): PlanStatement[] {
  const role = id(c.role);
  const s = (summary: string, sql: string): PlanStatement => ({ part: 'admin', summary, sql });
  return [
    s('use the account administrator role', 'USE ROLE ACCOUNTADMIN'),
    s('create the pipeline role', `CREATE ROLE IF NOT EXISTS ${role}`),
    s('let the role create the database and warehouse', `GRANT CREATE DATABASE, CREATE WAREHOUSE ON ACCOUNT TO ROLE ${role}`),
    s('let the role run tasks', `GRANT EXECUTE TASK, EXECUTE MANAGED TASK ON ACCOUNT TO ROLE ${role}`),
    s('let the role create the external access integration for MySQL', `GRANT CREATE INTEGRATION ON ACCOUNT TO ROLE ${role}`),
    s('let the role call Cortex AI functions', `GRANT DATABASE ROLE SNOWFLAKE.CORTEX_USER TO ROLE ${role}`),
    s('let the role write Iceberg tables on the external volume', `GRANT USAGE ON EXTERNAL VOLUME ${id(c.externalVolume)} TO ROLE ${role}`),
    s('keep the role under SYSADMIN', `GRANT ROLE ${role} TO ROLE SYSADMIN`),
  ];
}

function createTable(name: string): string {
  const t = TABLES.find((x) => x.name === name)!;
  return `CREATE TABLE IF NOT EXISTS ${t.name} (\n${t.columns.map((col) => `  ${col.name.toUpperCase()} ${snowflakeType(col)}`).join(',\n')}\n)`;
}

function setup(c: SnowflakeDeployConfig): PlanStatement[] {
  const s = (summary: string, sql: string): PlanStatement => ({ part: 'setup', summary, sql });
  const [edb, esch, etab] = c.eventTable.split('.').map(id);
  const db = id(c.database);
  return [
    s('use the pipeline role', `USE ROLE ${id(c.role)}`),
    s('create the warehouse (suspended until used)', `CREATE WAREHOUSE IF NOT EXISTS ${id(c.warehouse)}\n  WAREHOUSE_SIZE = ${c.warehouseSize}\n  AUTO_SUSPEND = ${c.autoSuspend}\n  AUTO_RESUME = TRUE\n  INITIALLY_SUSPENDED = TRUE`),
    s('use the warehouse', `USE WAREHOUSE ${id(c.warehouse)}`),
    s('create the database', `CREATE DATABASE IF NOT EXISTS ${db}`),
    s('create the schema', `CREATE SCHEMA IF NOT EXISTS ${db}.${id(c.schema)}`),
    s('use the schema', `USE SCHEMA ${db}.${id(c.schema)}`),
    s('create the source files stage', `CREATE STAGE IF NOT EXISTS SOURCE_FILES\n  DIRECTORY = (ENABLE = TRUE)\n  COMMENT = 'Retail pipeline source files (reviews JSON, preferences and specifications XML)'`),
    s('create the code files stage', `CREATE STAGE IF NOT EXISTS CODEFILES\n  DIRECTORY = (ENABLE = TRUE)\n  COMMENT = 'Retail pipeline charts and code'`),
    s('create the event table', `CREATE EVENT TABLE IF NOT EXISTS ${edb}.${esch}.${etab}`),
    s('send the database\'s telemetry to the event table', `ALTER DATABASE ${db} SET EVENT_TABLE = ${edb}.${esch}.${etab}`),
    s('record logs, traces and metrics of the pipeline\'s procedures', `ALTER DATABASE ${db} SET LOG_LEVEL = 'INFO' TRACE_LEVEL = 'ALWAYS' METRIC_LEVEL = 'ALL'`),
    ...TABLES.filter((t) => t.layer === 'BRONZE' || t.layer === 'QUALITY').map((t) => s(`create ${t.name}`, createTable(t.name))),
  ];
}

function integrations(c: SnowflakeDeployConfig): PlanStatement[] {
  const s = (summary: string, sql: string, secrets?: string[]): PlanStatement => ({ part: 'integrations', summary, sql, secrets });
  return [
    s('allow egress to the MySQL server only', `CREATE OR REPLACE NETWORK RULE mysql_network_rule\n  MODE = EGRESS\n  TYPE = HOST_PORT\n  VALUE_LIST = (${quoteLiteral(c.mysqlHostPort)})`),
    s('store the MySQL credentials as a secret', `CREATE OR REPLACE SECRET mysql_cred\n  TYPE = PASSWORD\n  USERNAME = :mysql_user\n  PASSWORD = :mysql_password`, ['mysql_user', 'mysql_password']),
    s('create the external access integration for MySQL', `CREATE OR REPLACE EXTERNAL ACCESS INTEGRATION mysql_access_integration\n  ALLOWED_NETWORK_RULES = (mysql_network_rule)\n  ALLOWED_AUTHENTICATION_SECRETS = (mysql_cred)\n  ENABLED = TRUE`),
  ];
}

function iceberg(c: SnowflakeDeployConfig): PlanStatement[] {
  return TABLES.filter((t) => t.kind === 'iceberg').map((t) => ({
    part: 'iceberg' as const,
    summary: `create the Iceberg table ${t.name}`,
    sql: `CREATE ICEBERG TABLE IF NOT EXISTS ${t.name} (\n${t.columns.map((col) => `  ${col.name.toUpperCase()} ${snowflakeType(col, true)}`).join(',\n')}\n)\n  CATALOG = 'SNOWFLAKE'\n  EXTERNAL_VOLUME = ${quoteLiteral(c.externalVolume.toUpperCase())}\n  BASE_LOCATION = ${quoteLiteral(`retail_gold_layer/${t.name}/`)}\n  STORAGE_SERIALIZATION_POLICY = 'OPTIMIZED'`,
  }));
}

function stage(dataDir: string): PlanStatement[] {
  const files = LOAD_TASKS.map((t) => t.source!).filter((s) => s.kind !== 'mysql').map((s) => (s as { file: string }).file);
  return files.map((f) => {
    const local = join(dataDir, f);
    return {
      part: 'stage' as const, summary: `upload ${f} to @SOURCE_FILES`, localFile: local,
      sql: `PUT ${quoteLiteral('file://' + local.replace(/\\/g, '/'))} @SOURCE_FILES AUTO_COMPRESS = FALSE OVERWRITE = TRUE`,
    };
  });
}

/** A transform task's procedure: the same step SQL as the local target, rendered for Snowflake. */
function transformProcedure(t: TaskDef, sentiment: SentimentThresholds): string {
  const body = loadStepSql(t.name).map((s) => {
    const select = renderStatement(s, { dialect: 'snowflake', sentiment }).replace(/^(--.*\n)+/, '').trim();
    const write = s.table.kind === 'iceberg' ? `INSERT OVERWRITE INTO ${s.table.name}\n${select}` : `CREATE OR REPLACE TABLE ${s.table.name} AS\n${select}`;
    const indented = write.split('\n').map((l) => `  ${l}`).join('\n');
    return `  -- ${s.file}\n${indented};\n  rows_written := (SELECT COUNT(*) FROM ${s.table.name});\n  SYSTEM$LOG_INFO('${s.table.name}: ' || rows_written || ' rows');\n  summary := summary || '${s.table.name}: ' || rows_written || ' rows; ';`;
  });
  return `CREATE OR REPLACE PROCEDURE ${t.procedure}()
RETURNS VARCHAR
LANGUAGE SQL
EXECUTE AS CALLER
COMMENT = ${quoteLiteral(t.description)}
AS
$$
DECLARE
  rows_written INTEGER DEFAULT 0;
  summary VARCHAR DEFAULT '';
BEGIN
  SYSTEM$ADD_EVENT('step_started', {'task': '${t.name}'});
${body.join('\n')}
  SYSTEM$ADD_EVENT('step_finished', {'task': '${t.name}'});
  RETURN summary;
EXCEPTION
  WHEN OTHER THEN
    SYSTEM$LOG_ERROR('${t.name} failed: ' || SQLERRM);
    RAISE;
END;
$$`;
}

function mysqlProcedure(c: SnowflakeDeployConfig): string {
  const body = readFileSync(join(sqlDir(), 'snowflake', 'procedures', 'usp_loadMySQLData.py'), 'utf8');
  // Names validated by resolveDeployConfig; embedded as Python string constants.
  const constants = `MYSQL_HOST_PORT = ${JSON.stringify(c.mysqlHostPort)}\nMYSQL_DATABASE = ${JSON.stringify(c.mysqlDatabase)}\n`;
  return `CREATE OR REPLACE PROCEDURE usp_loadMySQLData(source VARCHAR, source_table VARCHAR, dest_table VARCHAR)
RETURNS VARCHAR
LANGUAGE PYTHON
RUNTIME_VERSION = '3.11'
PACKAGES = ('snowflake-snowpark-python', 'pymysql')
HANDLER = 'run'
EXTERNAL_ACCESS_INTEGRATIONS = (mysql_access_integration)
SECRETS = ('mysql_cred' = mysql_cred)
EXECUTE AS CALLER
AS
$$
${constants}${body}$$`;
}

function procedures(o: PlanOptions): PlanStatement[] {
  const sentiment = o.sentiment ?? CORTEX_SENTIMENT_THRESHOLDS;
  const p = (summary: string, sql: string): PlanStatement => ({ part: 'procedures', summary, sql });
  const fileProc = (name: string) => readFileSync(join(sqlDir(), 'snowflake', 'procedures', `${name}.sql`), 'utf8').replace(/^(--.*\n)+/, '').trim().replace(/;$/, '');
  const out: PlanStatement[] = [p('create usp_loadMySQLData (Python, over the external access integration)', mysqlProcedure(o.config))];
  for (const t of TASKS) {
    if (!t.procedure || t.procedure === 'usp_loadMySQLData') continue;
    if (t.kind === 'load-json' || t.kind === 'load-xml') out.push(p(`create ${t.procedure}`, fileProc(t.procedure)));
    else if (t.kind === 'transform') out.push(p(`create ${t.procedure} from sql/pipeline/${t.name}/`, transformProcedure(t, sentiment)));
    else if (t.kind === 'validate') out.push(p(`create ${t.procedure} from the suites in sql/quality/`, validationProcedure(join(sqlDir(), 'quality'))));
  }
  return out;
}

function taskCall(t: TaskDef, c: SnowflakeDeployConfig): string {
  if (t.kind === 'root') return `SELECT 'retail pipeline graph started'`;
  if (t.source?.kind === 'mysql') return `CALL usp_loadMySQLData(${quoteLiteral(c.mysqlDatabase)}, ${quoteLiteral(t.source.table)}, ${quoteLiteral(t.writes[0])})`;
  return `CALL ${t.procedure}()`;
}

function tasks(c: SnowflakeDeployConfig): PlanStatement[] {
  const s = (summary: string, sql: string): PlanStatement => ({ part: 'tasks', summary, sql });
  const wh = id(c.warehouse);
  return [
    s('suspend the root task so the graph can be replaced', `ALTER TASK IF EXISTS ${ROOT_TASK} SUSPEND`),
    ...TASKS.filter((t) => t.procedure || t.kind === 'root').map((t) => s(
      `create task ${t.name}`,
      [
        `CREATE OR REPLACE TASK ${t.name}`,
        `  WAREHOUSE = ${wh}`,
        t.kind === 'root' ? `  SCHEDULE = ${quoteLiteral(ROOT_SCHEDULE)}` : `  AFTER ${t.after.join(', ')}`,
        `  COMMENT = ${quoteLiteral(t.description)}`,
        `AS`,
        `  ${taskCall(t, c)}`,
      ].join('\n'),
    )),
    s('resume the root task and every task of its graph', `SELECT SYSTEM$TASK_DEPENDENTS_ENABLE('${ROOT_TASK}')`),
  ];
}

export function buildDeployPlan(o: PlanOptions): PlanStatement[] {
  const parts: Record<DeployPart, () => PlanStatement[]> = {
    admin: () => admin(o.config),
    setup: () => setup(o.config),
    integrations: () => integrations(o.config),
    iceberg: () => iceberg(o.config),
    stage: () => stage(o.dataDir),
    procedures: () => procedures(o),
    tasks: () => tasks(o.config),
  };
  const only = o.only?.length ? o.only : DEPLOY_PARTS;
  return DEPLOY_PARTS.filter((p) => only.includes(p)).flatMap((p) => parts[p]());
}

/** The plan as one SQL script a reviewer can read; secrets appear only as placeholders. */
export function renderPlanScript(plan: readonly PlanStatement[]): string {
  const out: string[] = [];
  let part: DeployPart | undefined;
  for (const st of plan) {
    if (st.part !== part) {
      part = st.part;
      out.push(`\n-- ===== ${part}${part === 'admin' ? ' (run as ACCOUNTADMIN; can be handed to an administrator)' : ''} =====`);
    }
    out.push(`-- ${st.summary}${st.secrets?.length ? ` (secrets bound at deploy time: ${st.secrets.join(', ')})` : ''}\n${st.sql};`);
  }
  return out.join('\n').trim() + '\n';
}
