// The task DAG drawn as a tree. A tree node has one parent, a DAG task can have several
// predecessors: a task hangs under its single predecessor, or, when it waits for several that
// share one parent (bronze_silver_task after the eight loads), beside them under that parent.
// Its tooltip still names every predecessor. No `vscode` import: tested with node's runner.
import { ROOT_TASK, TASKS, type TaskDef } from '../core/manifest';

export function treeParent(t: TaskDef, tasks: readonly TaskDef[] = TASKS): string | undefined {
  if (t.after.length === 0) return undefined;
  if (t.after.length === 1) return t.after[0];
  const byName = new Map(tasks.map((x) => [x.name, x]));
  const parents = new Set(t.after.map((a) => (byName.get(a) ? treeParent(byName.get(a)!, tasks) : undefined)));
  const [only] = [...parents];
  return parents.size === 1 && only !== undefined ? only : ROOT_TASK;
}

/** Children of a task in the tree (undefined: the top level, i.e. the root task). */
export function treeChildren(parent: string | undefined, tasks: readonly TaskDef[] = TASKS): TaskDef[] {
  return tasks.filter((t) => treeParent(t, tasks) === parent);
}
