// Removes secrets from any text before it is logged, shown or stored: passwords in URLs
// (mysql://user:secret@host), key=value pairs that name a secret, and every value registered
// at run time with registerSecret (e.g. a password read from the environment).

const known = new Set<string>();

/** Remember a secret value so that redact() hides it wherever it appears. */
export function registerSecret(value: string | undefined | null): void {
  if (value && value.length >= 3) known.add(value);
}

const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^:/?#\s@]*:)([^@\s/]+)(@)/gi;
const KEY_VALUE = /\b(password|passwd|pwd|token|secret|private_key_file_pwd|passphrase)(["']?\s*[:=]\s*["']?)([^"'\s,;&]+)/gi;

export function redact(text: string): string {
  let out = text.replace(URL_PASSWORD, '$1****$3').replace(KEY_VALUE, '$1$2****');
  for (const s of known) out = out.split(s).join('****');
  return out;
}
