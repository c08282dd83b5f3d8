// The deploy plan: the ordered SQL a reviewer reads (`deploy --dry-run`) and the driver runs.
// Built from the same manifest and step SQL as the local target. Statements that need
// ACCOUNTADMIN are kept in their own part ("admin") that can be handed to an administrator.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOAD_TASKS, ROOT_SCHEDULE, ROOT_TASK, TABLES, TASKS, type TaskDef } from '../manifest';
import { CORTEX_SENTIMENT_THRESHOLDS } from '../ai/thresholds';
import { sqlDir } from '../paths';
import type { SentimentThresholds } from '../sql/dialect';
import { quoteIdent, snowflakeLiteral as lit } from '../sql/identifiers';
import { loadStepSql, renderStatement } from '../transform/step-sql';
import { useContext } from './context';
import type { SnowflakeDeployConfig } from './deploy-config';
import { sqlProcedureHead } from './sql-procedure';
import { snowflakeType } from './types';
import { EVENT_ATTRS_DECLARATION, procedureEnding, taskStartedEvent } from './task-events';
import { validationProcedure } from './validation-procedure';
import { xmlLoadProcedure } from './xml-load-procedure';

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

/** The event table as database, schema, table identifiers. */
const eventTableParts = (c: SnowflakeDeployConfig) => c.eventTable.split('.').map(id);

function admin(c: SnowflakeDeployConfig): PlanStatement[] {
  const role = id(c.role);
  const s = (summary: string, sql: string): PlanStatement => ({ part: 'admin', summary, sql });
  const [edb, esch, etab] = eventTableParts(c);
  const eventTable = `${edb}.${esch}.${etab}`;
  // GRANT ROLE … TO USER, as the original's setup grants its role to the deploying user: with the
  // role granted only to SYSADMIN, a deploying user without SYSADMIN could not USE ROLE it.
  // Without a configured user, the user running this part (CURRENT_USER(), kept in a session
  // variable because GRANT takes a name, given through IDENTIFIER($var)).
  const grantToUser = c.deployUser
    ? [s('grant the pipeline role to the deploying user', `GRANT ROLE ${role} TO USER ${id(c.deployUser)}`)]
    : [
      s('remember the user running this part (the deploying user unless --deploy-user names another)', 'SET deploy_user = CURRENT_USER()'),
      s('grant the pipeline role to the deploying user', `GRANT ROLE ${role} TO USER IDENTIFIER($deploy_user)`),
    ];
  return [
    s('use the account administrator role', 'USE ROLE ACCOUNTADMIN'),
    s('create the pipeline role', `CREATE ROLE IF NOT EXISTS ${role}`),
    s('let the role create the database and warehouse', `GRANT CREATE DATABASE, CREATE WAREHOUSE ON ACCOUNT TO ROLE ${role}`),
    s('let the role run tasks', `GRANT EXECUTE TASK, EXECUTE MANAGED TASK ON ACCOUNT TO ROLE ${role}`),
    s('let the role create the external access integration for MySQL', `GRANT CREATE INTEGRATION ON ACCOUNT TO ROLE ${role}`),
    s('let the role call Cortex AI functions', `GRANT DATABASE ROLE SNOWFLAKE.CORTEX_USER TO ROLE ${role}`),
    s('let the role write Iceberg tables on the external volume', `GRANT USAGE ON EXTERNAL VOLUME ${id(c.externalVolume)} TO ROLE ${role}`),
    // usp_loadMySQLData takes pymysql from PyPI through Snowflake's shared artifact repository
    // (ARTIFACT_REPOSITORY = snowflake.snowpark.pypi_shared_repository), as the original does;
    // using that repository needs this database role.
    s('let the role install PyPI packages (pymysql) through the shared artifact repository', `GRANT DATABASE ROLE SNOWFLAKE.PYPI_REPOSITORY_USER TO ROLE ${role}`),
    s('keep the role under SYSADMIN', `GRANT ROLE ${role} TO ROLE SYSADMIN`),
    ...grantToUser,
    // The account's event table, as the original sets it (ALTER ACCOUNT SET EVENT_TABLE; only
    // ACCOUNTADMIN may). ALTER DATABASE … SET EVENT_TABLE exists too, but "associating an event
    // table with a database is available in Enterprise Edition or higher" (ALTER DATABASE), so a
    // Standard Edition account would fail there; the account-level parameter works on every
    // edition. The table must exist first: it is created here by the pipeline role (which owns
    // it, as the setup part would), then the account is pointed at it.
    s('use the pipeline role to create the event table it owns', `USE ROLE ${role}`),
    s('create the event table\'s database', `CREATE DATABASE IF NOT EXISTS ${edb}`),
    s('create the event table\'s schema', `CREATE SCHEMA IF NOT EXISTS ${edb}.${esch}`),
    s('create the event table', `CREATE EVENT TABLE IF NOT EXISTS ${eventTable}`),
    s('back to the account administrator role', 'USE ROLE ACCOUNTADMIN'),
    s('send the account\'s telemetry to the event table', `ALTER ACCOUNT SET EVENT_TABLE = ${eventTable}`),
  ];
}

function createTable(name: string): string {
  const t = TABLES.find((x) => x.name === name)!;
  return `CREATE TABLE IF NOT EXISTS ${t.name} (\n${t.columns.map((col) => `  ${col.name.toUpperCase()} ${snowflakeType(col)}`).join(',\n')}\n)`;
}

function setup(c: SnowflakeDeployConfig): PlanStatement[] {
  const s = (summary: string, sql: string): PlanStatement => ({ part: 'setup', summary, sql });
  const [edb, esch, etab] = eventTableParts(c);
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
    // DEBUG as the local target's default: the procedures log their row counts at DEBUG.
    s('record logs, traces and metrics of the pipeline\'s procedures', `ALTER DATABASE ${db} SET LOG_LEVEL = 'DEBUG' TRACE_LEVEL = 'ALWAYS' METRIC_LEVEL = 'ALL'`),
    ...TABLES.filter((t) => t.layer === 'BRONZE' || t.layer === 'QUALITY').map((t) => s(`create ${t.name}`, createTable(t.name))),
  ];
}

function integrations(c: SnowflakeDeployConfig): PlanStatement[] {
  const s = (summary: string, sql: string, secrets?: string[]): PlanStatement => ({ part: 'integrations', summary, sql, secrets });
  return [
    s('allow egress to the MySQL server only', `CREATE OR REPLACE NETWORK RULE mysql_network_rule\n  MODE = EGRESS\n  TYPE = HOST_PORT\n  VALUE_LIST = (${lit(c.mysqlHostPort)})`),
    s('store the MySQL credentials as a secret', `CREATE OR REPLACE SECRET mysql_cred\n  TYPE = PASSWORD\n  USERNAME = :mysql_user\n  PASSWORD = :mysql_password`, ['mysql_user', 'mysql_password']),
    // The host as a GENERIC_STRING secret read with _snowflake.get_generic_secret_string, as the
    // original's mysql_hostname: the procedure's body names no host, so moving the server is a
    // redeploy of this part, not of the code.
    s('store the MySQL host:port as a secret', `CREATE OR REPLACE SECRET mysql_hostname\n  TYPE = GENERIC_STRING\n  SECRET_STRING = ${lit(c.mysqlHostPort)}`),
    s('create the external access integration for MySQL', `CREATE OR REPLACE EXTERNAL ACCESS INTEGRATION mysql_access_integration\n  ALLOWED_NETWORK_RULES = (mysql_network_rule)\n  ALLOWED_AUTHENTICATION_SECRETS = (mysql_cred, mysql_hostname)\n  ENABLED = TRUE`),
  ];
}

function iceberg(c: SnowflakeDeployConfig): PlanStatement[] {
  return TABLES.filter((t) => t.kind === 'iceberg').map((t) => ({
    part: 'iceberg' as const,
    summary: `create the Iceberg table ${t.name}`,
    sql: `CREATE ICEBERG TABLE IF NOT EXISTS ${t.name} (\n${t.columns.map((col) => `  ${col.name.toUpperCase()} ${snowflakeType(col, true)}`).join(',\n')}\n)\n  CATALOG = 'SNOWFLAKE'\n  EXTERNAL_VOLUME = ${lit(c.externalVolume.toUpperCase())}\n  BASE_LOCATION = ${lit(`retail_gold_layer/${t.name}/`)}\n  STORAGE_SERIALIZATION_POLICY = OPTIMIZED`,
  }));
}

function stage(dataDir: string): PlanStatement[] {
  const files = LOAD_TASKS.map((t) => t.source!).filter((s) => s.kind !== 'mysql').map((s) => (s as { file: string }).file);
  return files.map((f) => {
    const local = join(dataDir, f);
    return {
      part: 'stage' as const, summary: `upload ${f} to @SOURCE_FILES`, localFile: local,
      sql: `PUT ${lit('file://' + local.replace(/\\/g, '/'))} @SOURCE_FILES AUTO_COMPRESS = FALSE OVERWRITE = TRUE`,
    };
  });
}

/** A transform task's procedure: the same step SQL as the local target, rendered for Snowflake. */
function transformProcedure(t: TaskDef, sentiment: SentimentThresholds): string {
  const body = loadStepSql(t.name).map((s) => {
    const select = renderStatement(s, { dialect: 'snowflake', sentiment }).replace(/^(--.*\n)+/, '').trim();
    const write = s.table.kind === 'iceberg' ? `INSERT OVERWRITE INTO ${s.table.name}\n${select}` : `CREATE OR REPLACE TABLE ${s.table.name} AS\n${select}`;
    const indented = write.split('\n').map((l) => `  ${l}`).join('\n');
    return `  -- ${s.file}\n${indented};\n  rows_written := (SELECT COUNT(*) FROM ${s.table.name});\n  total_written := total_written + rows_written;\n  SYSTEM$LOG_INFO(${lit(`${s.table.name}: `)} || rows_written || ' rows');\n  summary := summary || ${lit(`${s.table.name}: `)} || rows_written || ' rows; ';`;
  });
  // ROWS_IN as the local target counts it: the rows of the tables the task reads, before it runs.
  const inputs = t.reads.filter((r) => !t.writes.includes(r));
  const rowsRead = inputs.length ? `(SELECT ${inputs.map((r) => `(SELECT COUNT(*) FROM ${r})`).join(' + ')})` : '0';
  return `${sqlProcedureHead(t)}
  rows_read INTEGER DEFAULT 0;
  rows_written INTEGER DEFAULT 0;
  total_written INTEGER DEFAULT 0;
  summary VARCHAR DEFAULT '';
${EVENT_ATTRS_DECLARATION}
BEGIN
${taskStartedEvent(t.name)}
  rows_read := ${rowsRead};
  SYSTEM$LOG_DEBUG(${lit(`${t.name}: `)} || rows_read || ${lit(` rows in ${inputs.join(', ')}`)});
${body.join('\n')}
${procedureEnding(t.name, { read: 'rows_read', written: 'total_written', rejected: '0' }, 'summary')}`;
}

function mysqlProcedure(c: SnowflakeDeployConfig): string {
  const body = readFileSync(join(sqlDir(), 'snowflake', 'procedures', 'usp_loadMySQLData.py'), 'utf8');
  // A validated identifier, embedded as a Python string constant. The host is not: it comes from
  // the mysql_hostname secret at run time.
  const constants = `MYSQL_DATABASE = ${JSON.stringify(c.mysqlDatabase)}\n`
    // The task each source table belongs to, for the span events (the manifest names the tasks).
    + `TASK_NAMES = {${LOAD_TASKS.filter((t) => t.source?.kind === 'mysql').map((t) => `${JSON.stringify((t.source as { table: string }).table)}: ${JSON.stringify(t.name)}`).join(', ')}}\n`;
  // ARTIFACT_REPOSITORY: the packages are resolved from PyPI through Snowflake's shared
  // repository (as the original brings pymysql), not from the Anaconda channel, with every
  // package in PACKAGES: the form Snowflake's own CLI (snow snowpark deploy) generates, where the
  // original's ARTIFACT_REPOSITORY_PACKAGES is the older spelling.
  return `CREATE OR REPLACE PROCEDURE usp_loadMySQLData(source VARCHAR, source_table VARCHAR, dest_table VARCHAR)
RETURNS VARCHAR
LANGUAGE PYTHON
RUNTIME_VERSION = '3.11'
ARTIFACT_REPOSITORY = snowflake.snowpark.pypi_shared_repository
PACKAGES = ('snowflake-snowpark-python', 'pymysql', 'snowflake-telemetry-python')
HANDLER = 'run'
EXTERNAL_ACCESS_INTEGRATIONS = (mysql_access_integration)
SECRETS = ('mysql_cred' = mysql_cred, 'mysql_hostname' = mysql_hostname)
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
    if (t.kind === 'load-json') out.push(p(`create ${t.procedure}`, fileProc(t.procedure)));
    else if (t.kind === 'load-xml') out.push(p(`create ${t.procedure} from the manifest's XML mapping`, xmlLoadProcedure(t)));
    else if (t.kind === 'transform') out.push(p(`create ${t.procedure} from sql/pipeline/${t.name}/`, transformProcedure(t, sentiment)));
    else if (t.kind === 'validate') out.push(p(`create ${t.procedure} from the suites in sql/quality/`, validationProcedure(join(sqlDir(), 'quality'))));
  }
  return out;
}

function taskCall(t: TaskDef, c: SnowflakeDeployConfig): string {
  if (t.kind === 'root') return `SELECT 'retail pipeline graph started'`;
  if (t.source?.kind === 'mysql') return `CALL usp_loadMySQLData(${lit(c.mysqlDatabase)}, ${lit(t.source.table)}, ${lit(t.writes[0])})`;
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
        // CREATE TASK's documented order: WAREHOUSE, SCHEDULE, …, COMMENT, then AFTER, then AS.
        `CREATE OR REPLACE TASK ${t.name}`,
        `  WAREHOUSE = ${wh}`,
        ...(t.kind === 'root' ? [`  SCHEDULE = ${lit(ROOT_SCHEDULE)}`] : []),
        `  COMMENT = ${lit(t.description)}`,
        ...(t.kind === 'root' ? [] : [`  AFTER ${t.after.join(', ')}`]),
        `AS`,
        `  ${taskCall(t, c)}`,
      ].join('\n'),
    )),
    s('resume the root task and every task of its graph', `SELECT SYSTEM$TASK_DEPENDENTS_ENABLE(${lit(ROOT_TASK)})`),
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
  const chosen = DEPLOY_PARTS.filter((p) => only.includes(p));
  const plan = chosen.flatMap((p) => parts[p]());
  // Parts deployed without setup (deploy --only tasks, the editor's Deploy Procedures …) create
  // unqualified objects: they first take the pipeline's role / warehouse / database / schema, or
  // they would land wherever the connection's defaults point (or fail without defaults). The
  // admin part sets its own role and creates qualified objects.
  const first = chosen.find((p) => p !== 'admin');
  if (!first || chosen.includes('setup')) return plan;
  const at = plan.findIndex((s) => s.part === first);
  const context = useContext(o.config).map((st): PlanStatement => ({ part: first, ...st }));
  return [...plan.slice(0, at), ...context, ...plan.slice(at)];
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
