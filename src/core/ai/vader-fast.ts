// VADER from the package's own source, with one method made linear. The port's
// SentiText.get_words_and_emoticons builds a dictionary of every word of the text with every
// punctuation mark before and after it (words x 17 entries) only to strip one leading or
// trailing mark from each token; that dictionary is ~75% of the time of a review. The method
// below gives the same tokens from direct look-ups (test/ai-vader-fast.test.ts compares it with
// the unmodified package on every review of the evaluation set and of generated data).
import { PUNC_LIST, REGEX_REMOVE_PUNCTUATION, SentimentIntensityAnalyzer, SentiText } from 'vader-sentiment/src/vaderSentiment.js';

const puncIndex = new Map(PUNC_LIST.map((p, i) => [p, i]));
const longestPunc = Math.max(...PUNC_LIST.map((p) => p.length));
const puncChars = new Set(PUNC_LIST.join(''));

/** Tokens as the original: split on white space, drop one-character tokens, and replace a token
 *  that is a punctuation mark + a word of the text (or the word + a mark) by the word. Where
 *  several readings match, the original's dictionary keeps the one written last: the highest
 *  PUNC_LIST index, then the word's last position, "word+mark" after "mark+word". */
function wordsAndEmoticons(text: string): string[] {
  const lastAt = new Map<string, number>();
  text.replace(REGEX_REMOVE_PUNCTUATION, '').split(/\s/).forEach((w, k) => { if (w.length > 1) lastAt.set(w, k); });
  const tokens = text.split(/\s/).filter((t) => t.length > 1);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    // Most tokens neither start nor end with a mark: nothing to strip.
    if (!puncChars.has(t[0]) && !puncChars.has(t[t.length - 1])) continue;
    let best: { j: number; k: number; after: number; word: string } | undefined;
    for (let n = 1; n <= longestPunc && n < t.length; n++) {
      for (const [mark, word, after] of [[t.slice(0, n), t.slice(n), 0], [t.slice(t.length - n), t.slice(0, t.length - n), 1]] as const) {
        const j = puncIndex.get(mark);
        const k = j === undefined ? undefined : lastAt.get(word);
        if (j === undefined || k === undefined) continue;
        if (!best || j > best.j || (j === best.j && (k > best.k || (k === best.k && after > best.after)))) best = { j, k, after, word };
      }
    }
    if (best) tokens[i] = best.word;
  }
  return tokens;
}

SentiText.prototype.get_words_and_emoticons = function (this: SentiText): string[] {
  return wordsAndEmoticons(this.text);
};

/** How many times the UTF-16 unit `c` occurs in `text`. */
function countChar(text: string, c: number): number {
  let n = 0;
  for (let i = text.indexOf(String.fromCharCode(c)); i >= 0; i = text.indexOf(String.fromCharCode(c), i + 1)) n++;
  return n;
}

// The port counts '!' and '?' by deleting every other character with a regex (a new string per
// review and sentence, ~10% of a review's time); counting them gives the same numbers.
const EXCLAMATION = 33;
const QUESTION = 63;
const Analyzer = SentimentIntensityAnalyzer as unknown as { amplify_ep(text: string): number; amplify_qm(text: string): number };
Analyzer.amplify_ep = (text: string): number => Math.min(countChar(text, EXCLAMATION), 4) * 0.292;
Analyzer.amplify_qm = (text: string): number => {
  const n = countChar(text, QUESTION);
  return n <= 1 ? 0 : n <= 3 ? n * 0.18 : 0.96;
};

export { SentimentIntensityAnalyzer };
