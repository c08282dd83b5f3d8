// The core's Logger written to the extension's one LogOutputChannel. Messages pass redact()
// (the core's loggers promise that), so a password inside a driver error never reaches the log.
import type * as vscode from 'vscode';
import type { Logger } from '../core/log';
import { redact } from '../core/secrets/redact';

export function channelLogger(channel: vscode.LogOutputChannel): Logger {
  return {
    log(severity, message) {
      const text = redact(message);
      switch (severity) {
        case 'DEBUG': channel.debug(text); break;
        case 'INFO': channel.info(text); break;
        case 'WARN': channel.warn(text); break;
        case 'ERROR': channel.error(text); break;
      }
    },
  };
}

export function errorText(e: unknown): string {
  return redact(e instanceof Error ? e.message : String(e));
}
