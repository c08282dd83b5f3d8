// What each target can do, as data: the extension publishes these as context keys
// (retailPipeline.<capability>) so package.json's `when` clauses show a command only where it
// works, instead of every command asking "local or Snowflake?" when it runs; the CLI can read
// the same table. No `vscode` here.

export type TargetKind = 'local' | 'snowflake';

export interface TargetCapabilities {
  /** Commands act on an account through a connection (a login may be needed). */
  readonly needsConnection: boolean;
  /** Deploy Setup / Procedures / Task Graph: the pipeline is deployed as objects in the account. */
  readonly canDeploy: boolean;
  /** Execute / Suspend / Resume Task Graph: a task graph lives in the account and runs there. */
  readonly canOperateTaskGraph: boolean;
  /** A warehouse in the workspace's state folder: Preview Table, Iceberg folders, local stages,
   * the dashboard and chart export, and runs of part of the graph in this window. */
  readonly hasLocalWarehouse: boolean;
}

export const CAPABILITIES: Readonly<Record<TargetKind, TargetCapabilities>> = {
  local: { needsConnection: false, canDeploy: false, canOperateTaskGraph: false, hasLocalWarehouse: true },
  snowflake: { needsConnection: true, canDeploy: true, canOperateTaskGraph: true, hasLocalWarehouse: false },
};

/** The context keys for a target: retailPipeline.target and one boolean per capability. */
export function capabilityContextKeys(kind: TargetKind): Record<string, string | boolean> {
  const keys: Record<string, string | boolean> = { 'retailPipeline.target': kind };
  for (const [name, value] of Object.entries(CAPABILITIES[kind])) keys[`retailPipeline.${name}`] = value as boolean;
  return keys;
}

/** A stored or configured value that names a kind of target. */
export const isTargetKind = (v: unknown): v is TargetKind => typeof v === 'string' && Object.hasOwn(CAPABILITIES, v);
