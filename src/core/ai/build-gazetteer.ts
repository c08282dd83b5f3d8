// Entry point run by scripts/build.mjs: writes dist/gazetteer.json (see gazetteer-snapshot.ts).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SNAPSHOT_FILE, type GazetteerSnapshot } from './gazetteer-snapshot';
import { citySnapshot } from './us-cities';
import { zipSnapshot } from './us-state';

const out = process.argv[2];
if (!out) throw new Error('usage: build-gazetteer OUT_DIR');
const snapshot: GazetteerSnapshot = { version: 1, ...citySnapshot(), ...zipSnapshot() };
writeFileSync(join(out, SNAPSHOT_FILE), JSON.stringify(snapshot));
