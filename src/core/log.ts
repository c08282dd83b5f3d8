// The logger the core writes to. The CLI prints it to stderr, the extension to its
// LogOutputChannel, the runner also records it in the event table. Every message passes
// through redact() first, so a secret that reached an error message never reaches a log.
import { redact } from './secrets/redact';

export type Severity = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export interface Logger {
  log(severity: Severity, message: string, attributes?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { log: () => undefined };

export function info(l: Logger, message: string, attributes?: Record<string, unknown>): void {
  l.log('INFO', message, attributes);
}

export const SEVERITIES: readonly Severity[] = ['DEBUG', 'INFO', 'WARN', 'ERROR'];

/** Whether `severity` passes a `minimum` level (Snowflake's LOG_LEVEL semantics). */
export function severityAtLeast(severity: Severity, minimum: Severity): boolean {
  return SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(minimum);
}

/** A level name as a user types it (debug, INFO, warning), or undefined when it is none. */
export function parseSeverity(text: string | undefined): Severity | undefined {
  const t = (text ?? '').trim().toUpperCase();
  const s = t === 'WARNING' ? 'WARN' : t;
  return (SEVERITIES as readonly string[]).includes(s) ? (s as Severity) : undefined;
}

/** A logger that writes redacted lines to a stream (the CLI's stderr). */
export function streamLogger(write: (line: string) => void, minimum: Severity = 'INFO'): Logger {
  return {
    log(severity, message) {
      if (!severityAtLeast(severity, minimum)) return;
      write(`${severity === 'INFO' ? '' : severity + ' '}${redact(message)}\n`);
    },
  };
}
