// Local AI enrichment: what Snowflake Cortex does for the silver layer, done in-process for
// the DuckDB target.
export { CORTEX_SENTIMENT_THRESHOLDS, DEFAULT_SENTIMENT_THRESHOLDS, DEFAULT_THRESHOLDS, REVIEW_LEXICON, scoreSentiment, sentimentLabel, type SentimentLabel, type SentimentThresholds } from './sentiment';
export { extractState } from './us-state';
export { DOMINANCE_RATIO, lookupUsCity, warmUpCityIndex, type CityVerdict } from './us-cities';
export { registerLocalAiFunctions } from './duckdb-functions';
