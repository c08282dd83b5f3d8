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

/** A logger that writes redacted lines to a stream (the CLI's stderr). */
export function streamLogger(write: (line: string) => void, minimum: Severity = 'INFO'): Logger {
  const order: Severity[] = ['DEBUG', 'INFO', 'WARN', 'ERROR'];
  return {
    log(severity, message) {
      if (order.indexOf(severity) < order.indexOf(minimum)) return;
      write(`${severity === 'INFO' ? '' : severity + ' '}${redact(message)}\n`);
    },
  };
}
