// Every command contributed in package.json has at least one unit test (a commandTest call in
// a test file of this folder), and every commandTest names a contributed command.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO } from '../helpers/cli';
import { contributedCommandIds } from './fake-vscode';

const DIR = join(REPO, 'test', 'extension-unit');

/** The ids of commandTest calls with a literal id, outside comments. */
function testedIds(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of readdirSync(DIR).filter((n) => n.endsWith('.test.ts'))) {
    const code = readFileSync(join(DIR, f), 'utf8').split('\n').filter((l) => !/^\s*(\/\/|\/\*|\*)/.test(l)).join('\n');
    for (const m of code.matchAll(/\bcommandTest\(\s*'([^']+)'/g)) out.set(m[1], [...(out.get(m[1]) ?? []), f]);
  }
  return out;
}

test('every contributed command id has a unit test in test/extension-unit', () => {
  const tested = testedIds();
  const missing = contributedCommandIds(REPO).filter((id) => !tested.has(id));
  assert.deepEqual(missing, [], `commands without a unit test: ${missing.join(', ')}`);
});

test('every commandTest names a contributed command (no test of a renamed or removed id)', () => {
  const ids = new Set(contributedCommandIds(REPO));
  const unknown = [...testedIds().keys()].filter((id) => !ids.has(id));
  assert.deepEqual(unknown, []);
});
