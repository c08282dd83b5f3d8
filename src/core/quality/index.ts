// Data quality: Great-Expectations-format suites (sql/quality/*.json) executed as SQL.
export { type Dialect } from './dialect';
export { EXPECTATION_TYPES, SUPPORTED_TYPES, renderExpectation, type BatchSource, type RenderedExpectation } from './expectations';
export { RESULTS_TABLE, resultsTableDdl } from './results-table';
export { defaultSuitesDir, runValidation, UnknownSuiteError, type SuiteOutcome, type ValidationResult, type ValidationRun, type ValidationOptions } from './run-validation';
export { loadSuites, parseSuite, SuiteFileError, type Suite, type ExpectationConfig } from './suite';
export { describeOutcome } from './report';
