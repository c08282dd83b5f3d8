// US state from a free-text address, the local stand-in for asking Cortex
// "Which US state is this address in?". Read from the end of the address, the way a person does:
//   1. an explicit state at the end: code ("Austin, TX 78701", "austin tx") or full name
//      ("Austin, Texas"), after an optional ZIP and an optional "USA";
//   2. else a ZIP code at the end, through the `zipcodes` package (ZIP -> state);
//   3. else the city in the last part ("5165 Pine St, Phoenix"), through the GeoNames gazetteer
//      (us-cities.ts), which answers only when one state clearly dominates.
// Anything else (ambiguous city, unknown place, a foreign address, garbage) is null: a wrong
// state would silently mis-attribute revenue in the state analytics, a null is visible.
import { createRequire } from 'node:module';
import { placeKey, placeWords } from './place-names';
import { readGazetteerSnapshot, type GazetteerSnapshot } from './gazetteer-snapshot';
import { lookupUsCity } from './us-cities';

interface ZipcodesModule {
  lookup(zip: string): { state: string; country: string } | undefined;
  states: { full: Record<string, string> };
  codes: Record<string, { state: string; country: string }>;
}

/** Words that end a street part ("Pine St", "Central Ave NE") or name a unit ("Apt 4B"). */
const STREET_WORDS = new Set([
  'ST', 'STREET', 'AVE', 'AV', 'AVENUE', 'RD', 'ROAD', 'BLVD', 'BOULEVARD', 'DR', 'DRIVE', 'LN', 'LANE', 'WAY',
  'CT', 'COURT', 'PL', 'PLACE', 'SQ', 'SQUARE', 'PKWY', 'PARKWAY', 'HWY', 'HIGHWAY', 'TER', 'TERRACE', 'CIR',
  'CIRCLE', 'TRL', 'TRAIL', 'PLZ', 'PLAZA', 'MALL', 'ROW', 'ALY', 'ALLEY', 'EXPY', 'FWY',
  'N', 'S', 'E', 'W', 'NE', 'NW', 'SE', 'SW',
]);
const UNIT_WORDS = new Set(['APT', 'APARTMENT', 'SUITE', 'STE', 'UNIT', 'FLOOR', 'FL', 'RM', 'ROOM', 'BLDG']);
const COUNTRY_US = new Set(['US', 'USA', 'UNITED STATES', 'UNITED STATES OF AMERICA', 'AMERICA']);
const ZIP_AT_END = /(?:^|\s)(\d{5})(?:-\d{4})?$/;

interface StateNames {
  codes: Set<string>;
  /** Full name in words ("NEW YORK") -> code. */
  byName: Map<string, string>;
  longestName: number;
}

let zipcodes: ZipcodesModule | undefined;
let foreignCountries: Set<string> | undefined;

/** Names of other countries, long and short ("United Kingdom", "UK"), from the ICU data in
 *  Node's Intl: an address ending in one is not in the US, whatever towns share the name
 *  ("Brazil, IN", "Italy, TX"). */
function countryNames(): Set<string> {
  if (foreignCountries) return foreignCountries;
  const names = new Set<string>();
  const A = 'A'.charCodeAt(0);
  for (const style of ['long', 'short'] as const) {
    const display = new Intl.DisplayNames(['en'], { type: 'region', style, fallback: 'none' });
    for (let i = 0; i < 26; i++) {
      for (let j = 0; j < 26; j++) {
        const code = String.fromCharCode(A + i, A + j);
        const name = code === 'US' ? undefined : display.of(code);
        if (name) names.add(placeKey(name));
      }
    }
  }
  return (foreignCountries = names);
}
let stateNames: StateNames | undefined;

function zipData(): ZipcodesModule {
  return (zipcodes ??= createRequire(__filename)('zipcodes') as ZipcodesModule);
}

/** State names (place-key form) -> code for the 50 states and DC, from the `zipcodes` package. */
function stateNamesFromPackage(): Record<string, string> {
  const z = zipData();
  const usCodes = new Set<string>();
  for (const c of Object.values(z.codes)) if (c.country === 'US') usCodes.add(c.state);
  const out: Record<string, string> = {};
  for (const [name, code] of Object.entries(z.states.full)) if (usCodes.has(code)) out[placeKey(name)] = code;
  return out;
}

/** The ZIP and state-name part of the build-time snapshot (see gazetteer-snapshot.ts). */
export function zipSnapshot(): Pick<GazetteerSnapshot, 'zips' | 'stateNames'> {
  const zips: Record<string, string> = {};
  for (const [zip, c] of Object.entries(zipData().codes)) if (c.country === 'US' && /^\d{5}$/.test(zip)) zips[zip] = c.state;
  return { zips, stateNames: stateNamesFromPackage() };
}

function zipState(zip: string): string | undefined {
  const snap = readGazetteerSnapshot();
  if (snap) return snap.zips[zip];
  const hit = zipData().lookup(zip);
  return hit && hit.country === 'US' ? hit.state : undefined;
}

/** The 50 states and DC, with their names, from the `zipcodes` package (not typed by hand). */
function states(): StateNames {
  if (stateNames) return stateNames;
  const byName = new Map<string, string>(Object.entries(readGazetteerSnapshot()?.stateNames ?? stateNamesFromPackage()));
  const codes = new Set(byName.values());
  const longestName = Math.max(...[...byName.keys()].map((k) => k.split(' ').length));
  return (stateNames = { codes, byName, longestName });
}

/** A state named by the last words: {code, words used} or undefined. `before` is the word
 *  before `words` in the previous part of the address, if any. */
function trailingState(words: string[], before?: string): { code: string; used: number; byName: boolean } | undefined {
  const { codes, byName, longestName } = states();
  for (let n = Math.min(longestName, words.length); n >= 1; n--) {
    const code = byName.get(words.slice(words.length - n).join(' '));
    if (code) return { code, used: n, byName: true };
  }
  const last = words[words.length - 1];
  const prev = words.length > 1 ? words[words.length - 2] : before;
  // A two-letter code needs a place before it, and not a street word or a number: "Central Ave
  // NE" is a direction, "Apt 4, IN" would be a guess.
  if (last && codes.has(last) && prev !== undefined && !STREET_WORDS.has(prev) && !/\d/.test(prev)) {
    return { code: last, used: 1, byName: false };
  }
  return undefined;
}

function cityState(name: string): string | null {
  const v = lookupUsCity(name);
  return v.kind === 'state' ? v.state : null;
}

/** Two-letter US state of an address, or null when the address does not tell. */
export function extractState(address: string | null | undefined): string | null {
  if (!address) return null;
  const parts = address.split(/[,;\n]+/).map((p) => p.trim()).filter(Boolean);
  while (parts.length && COUNTRY_US.has(placeKey(parts[parts.length - 1]))) parts.pop();
  if (!/[a-z]/i.test(parts.join(' '))) return null; // "12345", "12345 67890": numbers, no place

  // 1-2. ZIP and/or explicit state at the end of the last part.
  let zip: string | undefined;
  const zm = ZIP_AT_END.exec(parts[parts.length - 1]);
  if (zm) {
    zip = zm[1];
    const rest = parts[parts.length - 1].slice(0, zm.index).trim();
    if (rest) parts[parts.length - 1] = rest;
    else parts.pop();
  }
  if (parts.length) {
    const words = placeWords(parts[parts.length - 1]);
    const prevPart = parts.length > 1 ? placeWords(parts[parts.length - 2]) : [];
    const st = trailingState(words, prevPart[prevPart.length - 1]);
    if (st) {
      const wholePart = st.used === words.length;
      // "12 Main St, Washington": the only place given may be a city (Washington, DC) rather than
      // the state; when the gazetteer reads that name as a city of another state, or cannot tell,
      // neither can we. "Seattle, Washington" has its city and is not in doubt.
      const placeRightAfterStreet = wholePart ? parts.length === 2 : STREET_WORDS.has(words[words.length - st.used - 1]);
      if (st.byName && placeRightAfterStreet) {
        const asCity = lookupUsCity(words.slice(words.length - st.used).join(' '));
        if (asCity.kind === 'ambiguous' || (asCity.kind === 'state' && asCity.state !== st.code)) return null;
      }
      // A state name alone ("Texas") is no address; with a ZIP or a street before it, it is.
      if (!(wholePart && parts.length === 1 && !zip)) return st.code;
    }
  }
  if (zip) {
    const hit = zipState(zip);
    if (hit) return hit;
  }
  if (!parts.length) return null;

  // 3. The city: the last part when a street comes before it, or the words after the street in
  // a single-part address ("5165 Pine St Phoenix").
  const tail = parts[parts.length - 1];
  if (countryNames().has(placeKey(tail))) return null;
  if (parts.length > 1) return /\d/.test(tail) ? null : cityState(tail); // "Apt 4B": no city given
  const words = placeWords(tail);
  let streetEnd = -1;
  words.forEach((w, i) => {
    if (STREET_WORDS.has(w) || UNIT_WORDS.has(w)) streetEnd = i;
  });
  if (streetEnd < 0 || streetEnd === words.length - 1) return null;
  const city = words.slice(streetEnd + 1);
  if (city.some((w) => /\d/.test(w))) return null;
  return cityState(city.join(' '));
}
