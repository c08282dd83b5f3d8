// Text being typed is rarely valid SQL. Every feature of the language server must answer, not
// throw, on any prefix of a real step file and on copies with random characters deleted, and
// every diagnostic range must lie inside the document. (In-process: the same functions the
// server calls; test/lsp.test.ts covers the protocol.)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { Catalog } from '../src/server/catalog';
import { diagnose } from '../src/server/diagnostics';
import { codeActions, codeLenses, completion, definition, documentSymbols, hover, references } from '../src/server/features';
import { positionAt } from '../src/server/tokenizer';
import { SqlWorkspace } from '../src/server/workspace';
import { REPO, sqlFiles } from './helpers/lsp';

const catalog = new Catalog();

/** A small deterministic PRNG (mulberry32), so a failure names a reproducible case. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function exercise(ws: SqlWorkspace, rel: string, text: string, label: string): void {
  const uri = pathToFileURL(join(REPO, rel)).href;
  const f = ws.change(uri, text)!;
  const lines = text.split('\n');
  let diags;
  try {
    diags = diagnose(f, ws, catalog);
    for (const d of diags) {
      for (const p of [d.range.start, d.range.end]) {
        assert.ok(p.line < lines.length && p.character <= lines[p.line].length, `${label}: range ${JSON.stringify(d.range)} outside the text`);
      }
    }
    codeActions(f, diags);
    documentSymbols(f, ws, catalog);
    codeLenses(f, catalog);
    // At the end (where typing happens) and at a few token positions.
    const end = positionAt(ws.model(f).lines, text.length);
    const probes = [end, ...ws.model(f).tokens.filter((_, k) => k % 17 === 0).map((t) => positionAt(ws.model(f).lines, t.start + 1))];
    for (const p of probes) {
      completion(f, ws, catalog, p);
      hover(f, ws, catalog, p);
      definition(f, ws, catalog, p);
      references(f, ws, catalog, p, true);
    }
  } catch (e) {
    throw new Error(`${label}: ${(e as Error).stack}`);
  }
}

test('every prefix of every step file: all features answer without throwing', () => {
  const ws = new SqlWorkspace(REPO);
  ws.scan();
  let cases = 0;
  for (const rel of sqlFiles(REPO).filter((f) => f.includes('pipeline'))) {
    const text = readFileSync(join(REPO, rel), 'utf8');
    for (let n = 0; n <= text.length; n += 41) {
      exercise(ws, rel, text.slice(0, n), `${rel} prefix ${n}`);
      cases++;
    }
    exercise(ws, rel, text, `${rel} whole`);
  }
  assert.ok(cases > 300, `only ${cases} cases`);
});

test('random deletions and insertions of SQL punctuation: all features answer without throwing', () => {
  const ws = new SqlWorkspace(REPO);
  ws.scan();
  const rnd = prng(7);
  const noise = ['(', ')', '{{', '}}', "'", '"', ',', '.', ' AS ', ' FROM ', ' JOIN x ON ', '--', '/*', '*', 'o.', ' WITH a AS (', ' UNION '];
  for (const rel of sqlFiles(REPO).filter((f) => f.includes('pipeline'))) {
    const good = readFileSync(join(REPO, rel), 'utf8');
    for (let k = 0; k < 20; k++) {
      let text = good;
      for (let e = 0; e < 3; e++) {
        const at = Math.floor(rnd() * text.length);
        text = rnd() < 0.5 ? text.slice(0, at) + text.slice(at + 1 + Math.floor(rnd() * 8)) : text.slice(0, at) + noise[Math.floor(rnd() * noise.length)] + text.slice(at);
      }
      exercise(ws, rel, text, `${rel} variant ${k}`);
    }
    exercise(ws, rel, good, `${rel} restored`);
    assert.deepEqual(diagnose(ws.byPath(join(REPO, rel))!, ws, catalog), [], `${rel}: back to the shipped text, no diagnostics`);
  }
});
