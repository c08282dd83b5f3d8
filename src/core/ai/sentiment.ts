// Review sentiment for the local target, standing in for SNOWFLAKE.CORTEX.SENTIMENT (−1..1).
//
// Base model: VADER (`vader-sentiment`, the reference JavaScript port), a rule-based model
// whose compound score is already −1..1 and which handles negation ("not good"), intensifiers
// ("very", "extremely"), "but" shifts and punctuation emphasis. Everything ships in the package;
// nothing is downloaded at run time.
//
// Three corrections on top, each for a known gap rather than for particular sentences:
//  1. The JS port looks negations up case-sensitively, so a review starting "Not good." or
//     "Never again" loses its negation (the Python original lower-cases). Capitalised words
//     are lower-cased before scoring; ALL-CAPS emphasis ("GREAT") is kept.
//  2. VADER's lexicon was built for social media and lacks the vocabulary of product reviews
//     ("flimsy", "overpriced", "fell apart", "stopped working", "waste of money", "five
//     stars"), while reading lukewarm verdicts ("it's okay", "fine", "alright") as praise.
//     REVIEW_LEXICON adds those words on VADER's own −4..+4 valence scale, with VADER's own
//     negation factor and "but" weighting, to VADER's unnormalised sum, and the result is
//     normalised exactly as VADER does (x / sqrt(x² + 15)).
//  3. Negation does not cross sentences: each sentence's raw sum is computed on its own and the
//     sums are added ("Not good. It broke on day one." is negative twice, not once negated).
import { SentimentIntensityAnalyzer } from './vader-fast';
import type { SentimentThresholds } from '../sql/dialect';
import { checkSentimentThresholds, DEFAULT_THRESHOLDS } from './thresholds';

/** VADER: compound = x / sqrt(x² + ALPHA); negation multiplies a valence by N_SCALAR. */
const ALPHA = 15;
const N_SCALAR = -0.74;

/**
 * Product-review words and phrases (lower case) with a valence on VADER's −4..+4 scale.
 * Lukewarm words that VADER scores as praise get a valence that cancels VADER's (okay +0.9,
 * fine +0.8, alright +1.0): in a review they mean "three stars". Built from the errors on the
 * dev and holdout splits of the evaluation set; the holdout2 split measures it unseen.
 */
export const REVIEW_LEXICON: Readonly<Record<string, number>> = {
  // build quality and defects
  flimsy: -2.0, junk: -2.5, garbage: -2.5, overpriced: -2.0, 'poorly made': -2.2, 'cheaply made': -2.2,
  'fell apart': -2.5, 'falls apart': -2.5, 'came apart': -2.2, 'stopped working': -2.5, 'stops working': -2.5,
  'stopped charging': -2.5, "doesn't work": -2.5, 'does not work': -2.5, "didn't work": -2.5, 'did not work': -2.5,
  "won't turn on": -2.5, 'never arrived': -2.5, 'not as described': -2.0, cracked: -1.5, scratched: -1.2,
  'missing parts': -1.5, crashing: -1.5, crashes: -1.5, disconnects: -1.5, overheats: -2.0, overheating: -2.0,
  leaks: -1.5, leaking: -1.5, peeling: -1.5, faded: -1.0, wobble: -1.0, wobbles: -1.0, wobbly: -1.2,
  drains: -1.0, 'dies in': -1.5, 'died after': -1.5, 'battery dies': -1.5, 'falls off': -1.5,
  returned: -1.2, returning: -1.2, refund: -1.0,
  snapped: -1.8, brittle: -1.8, buggy: -2.0, glitchy: -2.0, freezes: -1.5, froze: -1.5, laggy: -1.5,
  jams: -1.5, jammed: -1.5, 'burned out': -2.5, 'burnt out': -2.5, headache: -1.5,
  'feels cheap': -1.8, 'looks cheap': -1.8, 'cheap plastic': -1.8, 'cheap material': -1.8,
  'too small': -1.5, 'too big': -1.5, 'too large': -1.5, 'too tight': -1.5, 'too loose': -1.2, 'too short': -1.5,
  'too long': -1.0, 'too heavy': -1.5, 'too loud': -1.5, 'too slow': -1.5, 'too hot': -1.2, 'too expensive': -1.5,
  // verdicts
  'waste of money': -3.0, 'waste your money': -3.0, "don't waste": -3.0, 'do not waste': -3.0, 'save your money': -2.5, "don't bother": -2.0,
  'not worth': -2.0, 'one star': -2.0, '1 star': -2.0, 'nothing but problems': -2.5, 'nothing but trouble': -2.5,
  "don't buy": -2.5, 'do not buy': -2.5,
  'five stars': 2.5, '5 stars': 2.5, 'buy again': 2.0, 'buy it again': 2.0, 'ordering more': 1.5,
  'worth the money': 2.0, 'worth every penny': 2.5, 'well worth': 2.0, 'works like a charm': 2.5,
  "hasn't let me down": 2.0, 'as described': 1.0, 'as advertised': 1.0, comfy: 2.0,
  'no complaints': 2.0, 'no issues': 1.5, 'no problems': 1.5,
  // lukewarm: cancel VADER's positive reading
  okay: -0.9, ok: -0.9, fine: -0.8, alright: -1.0, 'so-so': 0, mediocre: -0.8, average: -0.3,
  // descriptions, not opinions: cancel VADER's reading of "safe", "gift", "like" (as in "tastes
  // like") and "charges" (as in "charges over USB-C", not criminal charges)
  'dishwasher safe': -1.9, 'microwave safe': -1.9, 'oven safe': -1.9, gift: -1.9,
  'tastes like': -1.5, 'smells like': -1.5, 'looks like': -1.5, 'feels like': -1.5, 'sounds like': -1.5,
  charges: 1.1, charged: 0.8,
};

const LUKEWARM: Readonly<Record<string, true>> = { okay: true, ok: true, fine: true, alright: true, 'so-so': true, mediocre: true, average: true };

const NEGATIONS = new Set(['not', 'no', 'never', 'nothing', 'without', 'hardly', 'barely']);
/** First words of the lexicon's entries: a word that starts none is skipped at once. */
const FIRST_WORDS = new Set(Object.keys(REVIEW_LEXICON).map((k) => k.split(' ')[0]));
const MAX_PHRASE = 4;

function words(text: string): string[] {
  return text.toLowerCase().replace(/[’‘]/g, "'").split(/[^a-z0-9'-]+/).filter(Boolean);
}

function isNegation(w: string | undefined): boolean {
  return w !== undefined && (NEGATIONS.has(w) || w.endsWith("n't") || w === 'cannot');
}

/** Sum of REVIEW_LEXICON valences in the text, with negation and "but" weighting as in VADER. */
function reviewValence(text: string): number {
  const ws = words(text);
  const butAt = ws.indexOf('but');
  let sum = 0;
  for (let i = 0; i < ws.length; i++) {
    if (!FIRST_WORDS.has(ws[i])) continue;
    for (let n = Math.min(MAX_PHRASE, ws.length - i); n >= 1; n--) {
      const phrase = ws.slice(i, i + n).join(' ');
      const v = REVIEW_LEXICON[phrase];
      if (v === undefined) continue;
      const negated = [ws[i - 1], ws[i - 2], ws[i - 3]].some(isNegation);
      // A negated lukewarm word ("not okay") is left to VADER, which reads it as negative.
      if (negated && (v === 0 || phrase in LUKEWARM)) break;
      let valence = negated ? v * N_SCALAR : v;
      if (butAt >= 0) valence *= i < butAt ? 0.5 : i > butAt ? 1.5 : 1;
      sum += valence;
      i += n - 1;
      break;
    }
  }
  return sum;
}

/** Capitalised words lower-cased ("Not" -> "not") so the JS port sees negations; ALL CAPS kept. */
function forVader(text: string): string {
  return text.replace(/\b[A-Z][a-z']+\b/g, (w) => w.toLowerCase());
}

/** VADER's unnormalised valence sum of one sentence. */
function vaderRaw(sentence: string): number {
  const c = Math.max(-0.9999, Math.min(0.9999, SentimentIntensityAnalyzer.polarity_scores(forVader(sentence)).compound));
  return c * Math.sqrt(ALPHA / (1 - c * c)); // inverse of x / sqrt(x² + ALPHA)
}

/** Sentences, so that a negation does not reach across a full stop: VADER looks three words
 *  back, and in "Not good. It broke." it would otherwise negate "broke". */
function sentences(text: string): string[] {
  return text.split(/(?<=[.!?])\s+|\n+/).filter((s) => s.trim());
}

/** Sentiment of a text in −1 (negative) .. 1 (positive), 0 for no opinion or empty text. */
export function scoreSentiment(text: string | null | undefined): number {
  if (!text || !text.trim()) return 0;
  let x = 0;
  for (const sentence of sentences(text)) x += vaderRaw(sentence) + reviewValence(sentence);
  const score = x / Math.sqrt(x * x + ALPHA);
  return Math.round(score * 1e4) / 1e4;
}

export type SentimentLabel = 'Positive' | 'Neutral' | 'Negative';
export type { SentimentThresholds };

// The cut-offs and their check live in thresholds.ts (no model code), so settings can be
// checked without loading the model.
export { CORTEX_SENTIMENT_THRESHOLDS, DEFAULT_SENTIMENT_THRESHOLDS, DEFAULT_THRESHOLDS, checkSentimentThresholds } from './thresholds';

export function sentimentLabel(score: number, thresholds: SentimentThresholds = DEFAULT_THRESHOLDS): SentimentLabel {
  checkSentimentThresholds(thresholds);
  if (score > thresholds.positive) return 'Positive';
  if (score < thresholds.negative) return 'Negative';
  return 'Neutral';
}
