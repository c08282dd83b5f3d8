// Review titles and texts of three clearly different moods. The silver step scores sentiment
// (Cortex on Snowflake, a lexicon locally) and gold counts positive/negative reviews, so the
// texts must carry their mood in plain words; the rating agrees with the body's mood most of the
// time and disagrees sometimes, as real reviews do. Some titles contradict the body (the caller
// picks the title's mood): sentiment is scored on the body alone.
import type { Rng } from './prng';

export type Mood = 'positive' | 'neutral' | 'negative';

const TEXT: Record<Mood, { titles: readonly string[]; openers: readonly string[]; details: readonly string[]; closers: readonly string[] }> = {
  positive: {
    titles: ['Love it!', 'Excellent purchase', 'Exceeded my expectations', 'Great value', 'Best {noun} I have owned', 'Highly recommend', 'Fantastic quality', 'Five stars'],
    openers: ['I absolutely love this {noun}.', 'This {noun} is excellent.', 'Great {noun}, works perfectly.', 'Wonderful product, I am very happy with it.', 'Amazing quality for the price.'],
    details: ['Setup was easy and it feels sturdy.', 'The build quality is superb.', 'It arrived early and well packaged.', 'My whole family enjoys using it.', 'Works flawlessly every single day.', 'The design is beautiful and practical.'],
    closers: ['Highly recommend!', 'Would definitely buy again.', 'Worth every penny.', 'Best purchase this year.', ''],
  },
  neutral: {
    titles: ['It is okay', 'Does the job', 'Average', 'As described', 'Fine for the price', 'Mixed feelings'],
    openers: ['The {noun} does what it says.', 'It is an average {noun}.', 'This {noun} is fine, nothing special.', 'It works as described.'],
    details: ['Some parts feel solid, others feel cheap.', 'Delivery took about a week.', 'The instructions could be clearer.', 'It is smaller than I expected.', 'I use it a couple of times a week.'],
    closers: ['Okay overall.', 'We will see how it holds up.', 'Not sure I would buy it again.', ''],
  },
  negative: {
    titles: ['Very disappointed', 'Broke after a week', 'Waste of money', 'Terrible quality', 'Do not buy', 'Poor {noun}'],
    openers: ['Terrible {noun}, it stopped working after a few days.', 'Very disappointed with this {noun}.', 'Awful quality, it broke almost immediately.', 'This is the worst {noun} I have bought.'],
    details: ['Customer support was useless and rude.', 'The battery dies far too quickly.', 'It feels cheap and flimsy.', 'It arrived damaged and scratched.', 'Nothing about it works as advertised.'],
    closers: ['I want a refund.', 'Avoid this product.', 'Returning it.', 'Complete waste of money.', ''],
  },
};

export function reviewText(rng: Rng, mood: Mood, titleMood: Mood, noun: string): { title: string; content: string } {
  const t = TEXT[mood];
  const fill = (s: string) => s.replace('{noun}', noun);
  const details = rng.chance(0.5) ? [rng.pick(t.details)] : [rng.pick(t.details), rng.pick(t.details)].filter((d, i, a) => a.indexOf(d) === i);
  const content = [rng.pick(t.openers), ...details, rng.pick(t.closers)].filter(Boolean).map(fill).join(' ');
  return { title: fill(rng.pick(TEXT[titleMood].titles)), content };
}

/** A rating in tenths (3.5, 4.7) that matches the mood, except now and then (about 1 review in 12). */
export function ratingFor(rng: Rng, mood: Mood): number {
  const off = rng.chance(1 / 12);
  const range: Record<Mood, [number, number]> = { positive: [4, 5], neutral: [2.5, 3.5], negative: [1, 2] };
  const [lo, hi] = off ? range[rng.pick((['positive', 'neutral', 'negative'] as const).filter((m) => m !== mood))] : range[mood];
  // In whole tenths, then divided once: 2.5 + 0.3 would not be exactly 2.8.
  return rng.int(lo * 10, hi * 10) / 10;
}

/** An aspect rating near the overall rating, in tenths within 1..5. */
export function aspectRating(rng: Rng, overall: number): number {
  const tenths = Math.round(overall * 10) + rng.int(-10, 10);
  return Math.min(50, Math.max(10, tenths)) / 10;
}
