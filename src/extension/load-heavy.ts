// Loads the lazily required bundles on first use: heavy.ts (DuckDB, MySQL, steps),
// snowflake-lib.ts (the Snowflake target) and commands-lib.ts (the command implementations). In
// the packaged extension the build resolves './heavy', './snowflake-lib' and './commands-lib' to
// the separate bundles dist/extension-heavy.js, dist/extension-snowflake.js and
// dist/extension-commands.js (see scripts/build.mjs); from source (tests) they are the
// TypeScript modules themselves.
import type * as Commands from './commands-lib';
import type * as Heavy from './heavy';
import type * as Snowflake from './snowflake-lib';
import { registerSecret } from '../core/secrets/redact';

type SecretRegistry = (value: string) => void;

/** Every bundle has its own copy of the core's redact(): the registries of the bundles loaded
 * so far, and the secrets registered so far, replayed into a bundle that loads later, or an
 * error raised inside it could carry a secret into run history or the log. Kept on globalThis
 * because this module is itself in two bundles (activation and commands): both copies must
 * share one list, whichever of them registers a secret or loads a bundle. */
interface LoadedBundles {
  readonly registries: Set<SecretRegistry>;
  readonly secrets: Set<string>;
}
const SHARED = Symbol.for('retailPipeline.loadedBundles');
const shared: LoadedBundles = ((globalThis as { [SHARED]?: LoadedBundles })[SHARED] ??= { registries: new Set(), secrets: new Set() });

function joined<T extends { registerSecret: SecretRegistry }>(bundle: T): T {
  shared.registries.add(bundle.registerSecret);
  for (const s of shared.secrets) bundle.registerSecret(s);
  return bundle;
}
// The bundle this copy of the module is in.
joined({ registerSecret });

let heavyBundle: typeof Heavy | undefined;
let snowflakeBundle: typeof Snowflake | undefined;
let commands: typeof Commands | undefined;

export function heavy(): typeof Heavy {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load
  return (heavyBundle ??= joined(require('./heavy') as typeof Heavy));
}

/** The Snowflake target's bundle: only Snowflake commands, sessions and views require it. */
export function snowflake(): typeof Snowflake {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load
  return (snowflakeBundle ??= joined(require('./snowflake-lib') as typeof Snowflake));
}

/** The command table and panel restore (register-commands.ts, panels/serializers.ts). */
export function commandsBundle(): typeof Commands {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load
  return (commands ??= joined(require('./commands-lib') as typeof Commands));
}

/** Registers a secret in every bundle loaded now, and in each one that loads later. */
export function registerSecretEverywhere(value: string | undefined): void {
  if (!value) return;
  shared.secrets.add(value);
  for (const register of shared.registries) register(value);
}
