// The command implementations: the command table (commands.ts and what it imports: runs,
// previews, panels, Snowflake and quality commands). Built as its own bundle
// (dist/extension-commands.js) and required on the first command invocation or panel restore
// (register-commands.ts, panels/serializers.ts), so activation parses only the tree, the
// status bar and the views.
export { COMMANDS } from './commands';
export { restorePanel } from './panels/panels';
// This bundle's own copy of the core's redact registry (see load-heavy.ts).
export { registerSecret } from '../core/secrets/redact';
