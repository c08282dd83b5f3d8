// Customer names, emails, phone numbers and addresses. The variety is deliberate: UTF-8 names
// (José, Zoë, Nguyễn), apostrophes (O'Brien), and addresses in the formats real exports mix —
// street + city only, city + USPS code (+ ZIP), city + full state name, with or without an
// apartment — because the silver step has to extract a state from all of them.
import type { Rng } from './prng';
import { STATE_NAMES, US_CITIES } from './us-cities';

const FIRST_NAMES = [
  'James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth',
  'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Christopher', 'Karen',
  'Daniel', 'Emily', 'Matthew', 'Ashley', 'Anthony', 'Michelle', 'Mark', 'Amanda', 'Steven', 'Melissa',
  'José', 'María', 'Zoë', 'Chloé', 'Renée', 'André', 'Sofía', 'Ángel', 'Jürgen', 'Björn', 'Siobhán',
  'Thảo', 'Minh', 'Wei', 'Yuki', 'Priya', 'Aarav', 'Fatima', 'Mohammed', 'Olumide', 'Nadia', 'Kwame',
  'Mei-Ling', 'Anne-Marie', 'Jean-Luc', 'DeShawn', 'LaToya', 'Seán', 'François', 'Noémie',
];

const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen',
  "O'Brien", "O'Connor", "D'Angelo", 'McDonald', 'MacLeod', 'Nguyễn', 'Trần', 'Phạm', 'Núñez', 'Peña',
  'Muñoz', 'Ibáñez', 'Müller', 'Schröder', 'Østergaard', 'Kowalski', 'Wiśniewska', 'Dvořák', 'Kim', 'Park',
  'Chen', 'Wang', 'Patel', 'Singh', 'Okafor', 'Adeyemi', 'Van der Berg', 'De La Cruz', 'Smith-Jones', 'St. John',
];

const STREET_NAMES = [
  'Pine', 'Oak', 'Maple', 'Cedar', 'Elm', 'Main', 'Washington', 'Lake', 'Hill', 'Park', 'Sunset', 'River',
  'Highland', 'Lincoln', 'Jefferson', 'Madison', 'Franklin', 'Church', 'Willow', 'Spring', 'Chestnut',
  'Walnut', 'Meadow', 'Forest', 'Ridge', 'Valley', 'Broadway', 'Market', 'Mill', '5th', '12th', '3rd',
];
const STREET_TYPES = ['St', 'Ave', 'Blvd', 'Rd', 'Dr', 'Ln', 'Way', 'Ct', 'Pl', 'Street', 'Avenue', 'Drive'];
const EMAIL_DOMAINS = ['example.com', 'example.net', 'example.org', 'mail.example.com', 'shop.example'];

export interface Person {
  first: string;
  last: string;
}

export function person(rng: Rng): Person {
  return { first: rng.pick(FIRST_NAMES), last: rng.pick(LAST_NAMES) };
}

/** Ascii local part for an email: "José O'Brien" -> "jose.obrien". */
function asciiSlug(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ø/gi, 'o').replace(/đ/gi, 'd')
    .toLowerCase().replace(/[^a-z0-9]+/g, '');
}

export function email(rng: Rng, p: Person): string {
  const f = asciiSlug(p.first), l = asciiSlug(p.last);
  const local = rng.weighted<string>([
    [`${f}.${l}`, 4], [`${f[0]}${l}`, 2], [`${f}${l}${rng.int(1, 99)}`, 2], [`${l}.${f}`, 1], [`${f}_${rng.int(1960, 2005)}`, 1],
  ]);
  // Reserved example domains (RFC 2606): the data can never mail a real person.
  return `${local}@${rng.pick(EMAIL_DOMAINS)}`;
}

export function phone(rng: Rng, areaCode: string): string {
  // 555-01xx is the range reserved for fiction.
  const line = `01${String(rng.int(0, 99)).padStart(2, '0')}`;
  return rng.weighted<string>([
    [`(${areaCode}) 555-${line}`, 4], [`${areaCode}-555-${line}`, 3], [`+1 ${areaCode} 555 ${line}`, 2], [`${areaCode}.555.${line}`, 1],
  ]);
}

function street(rng: Rng): string {
  const s = `${rng.int(1, 9999)} ${rng.pick(STREET_NAMES)} ${rng.pick(STREET_TYPES)}`;
  if (!rng.chance(0.2)) return s;
  const unit = rng.weighted<string>([
    [`Apt ${rng.int(1, 40)}${rng.pick(['', 'A', 'B', 'C'])}`, 4], [`Unit ${rng.int(1, 300)}`, 2], [`#${rng.int(100, 999)}`, 2], [`Suite ${rng.int(1, 9)}00`, 1],
  ]);
  return rng.chance(0.5) ? `${s} ${unit}` : `${s}, ${unit}`;
}

/** An address and the area code of its city (so the phone number matches it). */
export function address(rng: Rng): { text: string; areaCode: string } {
  const c = rng.pick(US_CITIES);
  const zip = `${c.zip3}${String(rng.int(1, 99)).padStart(2, '0')}`;
  const st = street(rng);
  const formats: [string, number][] = [
    [`${st}, ${c.city}, ${c.state} ${zip}`, 4],
    [`${st}, ${c.city}, ${c.state}`, 2],
    [`${st}, ${c.city}, ${STATE_NAMES[c.state]}`, 2],
    [`${st}, ${c.city} ${c.state} ${zip}`, 1],
  ];
  // Without a state only where the city name settles it.
  if (c.unambiguous) formats.push([`${st}, ${c.city}`, 6]);
  return { text: rng.weighted(formats), areaCode: c.areaCode };
}
