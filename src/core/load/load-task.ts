// Runs one load task of the manifest: picks the source reader for its kind (MySQL or the CSV
// fallback, JSON reviews, rowTag XML) and writes the bronze table atomically.
import { join } from 'node:path';
import { table, type TaskDef } from '../manifest';
import type { PipelineContext, StepResult } from '../pipeline/context';
import { readCsv } from '../sources/csv';
import { readReviewsJson } from '../sources/json-reviews';
import { openMysqlTable } from '../sources/mysql';
import { readRowTagXmlOffThread } from '../sources/xml-off-thread';
import { writeBronze, type LoadStats, type Partition } from './bronze-writer';
import { loadCsvDirect } from './csv-direct';
import { loadReviewsDirect } from './json-direct';

export async function runLoadTask(task: TaskDef, ctx: PipelineContext): Promise<StepResult> {
  const src = task.source;
  if (!src) throw new Error(`Task ${task.name} has no source in the manifest`);
  const target = table(task.writes[0]);
  let stats: LoadStats;
  switch (src.kind) {
    case 'json': {
      // DuckDB's reader when the file allows it exactly (json-direct.ts), else the streaming splitter.
      const file = join(ctx.dataDir, src.file);
      stats = await loadReviewsDirect(ctx.wh, file, target, { signal: ctx.signal })
        ?? await writeBronze(ctx.wh, target.name, [readReviewsJson(file, target)], { signal: ctx.signal });
      break;
    }
    case 'xml':
      stats = await writeBronze(ctx.wh, target.name, [readRowTagXmlOffThread(join(ctx.dataDir, src.file), src, target, new Date())], { signal: ctx.signal });
      break;
    case 'mysql': {
      if (!ctx.mysqlUrl) {
        // DuckDB's reader when the file allows it exactly (csv-direct.ts), else our own reader.
        const file = join(ctx.dataDir, 'mysql', src.csvFile);
        stats = await loadCsvDirect(ctx.wh, file, target, { signal: ctx.signal })
          ?? await writeBronze(ctx.wh, target.name, [readCsv(file, target)], { signal: ctx.signal });
        break;
      }
      const source = await openMysqlTable(ctx.mysqlUrl, src.table, target, { partitions: ctx.mysqlPartitions, signal: ctx.signal, log: ctx.log, staged: true });
      try {
        const parts: Partition[] = source.partitions;
        stats = await writeBronze(ctx.wh, target.name, parts, { signal: ctx.signal });
      } finally {
        await source.close();
      }
      break;
    }
  }
  for (const r of stats.rejects.slice(0, 5)) {
    ctx.log.log('WARN', `${task.name}: rejected ${r.source} ${r.record}: ${r.reason}`);
  }
  if (stats.rejected > 5) ctx.log.log('WARN', `${task.name}: ${stats.rejected - 5} more rejects in ${target.name}_REJECTS`);
  return {
    rowsIn: stats.read, rowsOut: stats.loaded, rejected: stats.rejected, tables: { [target.name]: stats.loaded },
    returnValue: `${target.name}: ${stats.loaded} rows loaded, ${stats.rejected} rejected of ${stats.read} read`,
  };
}
