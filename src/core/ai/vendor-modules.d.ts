// Types for the parts of untyped npm packages that src/core/ai uses.

declare module 'pbf' {
  /** Protocol-buffer reader (pbf 3). */
  class Pbf {
    constructor(buf?: Uint8Array);
    pos: number;
    length: number;
    readMessage<T>(readField: (tag: number, result: T, pbf: Pbf) => void, result: T): T;
    readString(): string;
    readVarint(): number;
    readSVarint(): number;
  }
  export = Pbf;
}

declare module 'vader-sentiment' {
  export const SentimentIntensityAnalyzer: {
    polarity_scores(text: string): { neg: number; neu: number; pos: number; compound: number };
  };
}

/** The package's ES module source, which (unlike its bundle) exports SentiText. */
declare module 'vader-sentiment/src/vaderSentiment.js' {
  export const PUNC_LIST: readonly string[];
  export const REGEX_REMOVE_PUNCTUATION: RegExp;
  export class SentiText {
    constructor(text: string);
    text: string;
    words_and_emoticons: string[];
    get_words_and_emoticons(): string[];
  }
  export const SentimentIntensityAnalyzer: {
    polarity_scores(text: string): { neg: number; neu: number; pos: number; compound: number };
  };
}
