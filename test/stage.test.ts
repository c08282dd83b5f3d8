import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { LocalStage, StagePathError } from '../src/core/stage/local-stage';

test('local stage: put, list, get, remove', () => {
  const ws = mkdtempSync(join(tmpdir(), 'rp-stage-'));
  try {
    const src = join(ws, 'reviews.json');
    writeFileSync(src, '[{"a":1}]');
    const stage = new LocalStage(ws, 'SOURCE_FILES');
    const put = stage.put(src);
    assert.equal(put.name, 'reviews.json');
    assert.equal(put.size, 9);
    stage.put({ name: 'charts/top.html', data: '<html></html>' });
    assert.deepEqual(stage.list().map((f) => f.name), ['charts/top.html', 'reviews.json']);
    assert.deepEqual(stage.list('charts/').map((f) => f.name), ['charts/top.html']);
    const got = stage.get('@SOURCE_FILES/reviews.json', join(ws, 'out'));
    assert.equal(readFileSync(got, 'utf8'), '[{"a":1}]');
    stage.remove('reviews.json');
    assert.deepEqual(stage.list().map((f) => f.name), ['charts/top.html']);
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});

test('local stage refuses names that leave the stage and invalid stage names', () => {
  const ws = mkdtempSync(join(tmpdir(), 'rp-stage-'));
  try {
    const stage = new LocalStage(ws, 'CODEFILES');
    for (const bad of ['../../etc/passwd', '/etc/passwd', 'a/../../b', '..', 'x\0y', '']) {
      assert.throws(() => stage.put({ name: bad, data: 'x' }), StagePathError, bad);
    }
    assert.throws(() => stage.get('../warehouse.duckdb', ws), StagePathError);
    assert.equal(existsSync(join(ws, '.retail', 'stages', 'etc')), false);
    assert.throws(() => new LocalStage(ws, 'x"; drop table y; --'), /Invalid stage name/);
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});
