// The linear tokenizer in src/core/ai/vader-fast.ts gives exactly the scores of the unmodified
// vader-sentiment package, on the labelled reviews and on generated ones.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { SentimentIntensityAnalyzer as Original } from 'vader-sentiment';
import { SentimentIntensityAnalyzer as Fast } from '../src/core/ai/vader-fast';
import { REPO } from './helpers/cli';

test('fast VADER tokenization scores every review exactly like the package', () => {
  const labelled = JSON.parse(readFileSync(join(REPO, 'test', 'fixtures', 'ai', 'reviews-labelled.json'), 'utf8'));
  const texts: string[] = (labelled.reviews as { text: string }[]).map((r) => r.text);
  assert.ok(texts.length >= 200);
  const generated = JSON.parse(readFileSync(join(REPO, 'sample_data', 'product_reviews.json'), 'utf8')) as { title: string; content: string }[];
  texts.push(...generated.flatMap((r) => [r.title, r.content, `${r.title}. ${r.content}`]));
  // Punctuation edge cases the dictionary of the original resolves in a particular order.
  texts.push("Great!! product... 'really' good?!? bad!?!", ':) :( :D "quoted" -dash- !!wow!! ??? ok.', "it's not GOOD, it's BAD!!!", 'a, b; c: d- e" f\'');
  assert.ok(texts.length > 500);
  let differ = 0;
  for (const t of texts) {
    const a = Original.polarity_scores(t);
    const b = Fast.polarity_scores(t);
    if (JSON.stringify(a) !== JSON.stringify(b)) { differ++; assert.deepEqual(b, a, t); }
  }
  assert.equal(differ, 0);
});
