// Loads the lazily required bundles on first use: heavy.ts (DuckDB, MySQL, steps) and
// snowflake-lib.ts (the Snowflake target). In the packaged extension the build resolves
// './heavy' and './snowflake-lib' to the separate bundles dist/extension-heavy.js and
// dist/extension-snowflake.js (see scripts/build.mjs); from source (tests) they are the
// TypeScript modules themselves.
import type * as Heavy from './heavy';
import type * as Snowflake from './snowflake-lib';
import { registerSecret } from '../core/secrets/redact';

type SecretRegistry = (value: string) => void;

/** Every bundle has its own copy of the core's redact(): the registries of the bundles loaded
 * so far (this one's first), and the secrets registered so far, replayed into a bundle that
 * loads later, or an error raised inside it could carry a secret into run history or the log. */
const registries = new Set<SecretRegistry>([registerSecret]);
const secrets = new Set<string>();

function joined<T extends { registerSecret: SecretRegistry }>(bundle: T): T {
  registries.add(bundle.registerSecret);
  for (const s of secrets) bundle.registerSecret(s);
  return bundle;
}

let heavyBundle: typeof Heavy | undefined;
let snowflakeBundle: typeof Snowflake | undefined;

export function heavy(): typeof Heavy {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load
  return (heavyBundle ??= joined(require('./heavy') as typeof Heavy));
}

/** The Snowflake target's bundle: only Snowflake commands, sessions and views require it. */
export function snowflake(): typeof Snowflake {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load
  return (snowflakeBundle ??= joined(require('./snowflake-lib') as typeof Snowflake));
}

/** Registers a secret in every bundle loaded now, and in each one that loads later. */
export function registerSecretEverywhere(value: string | undefined): void {
  if (!value) return;
  secrets.add(value);
  for (const register of registries) register(value);
}
