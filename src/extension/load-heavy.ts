// Loads heavy.ts on first use. In the packaged extension the build resolves './heavy' to the
// separate bundle dist/extension-heavy.js (see scripts/build.mjs); from source (tests) it is
// the TypeScript module itself.
import type * as Heavy from './heavy';
import { registerSecret } from '../core/secrets/redact';

let cached: typeof Heavy | undefined;

export function heavy(): typeof Heavy {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load
  return (cached ??= require('./heavy') as typeof Heavy);
}

/** The two bundles each have their own copy of the core's redact(); a secret must be known to
 * both, or an error raised inside the heavy bundle could carry it into run history. */
export function registerSecretEverywhere(value: string | undefined): void {
  registerSecret(value);
  if (value) heavy().registerSecret(value);
}
