// The one HTML page head of every page the project writes: the panel webviews
// (extension/panels/html.ts), the table preview (extension/preview-html.ts) and the standalone
// chart export (core/dashboard/standalone.ts). Each brings its own Content-Security-Policy; the
// head puts it first, escapes every value placed in the markup, and takes styles only as
// stylesheet links or one inline block the policy must allow. No DOM, no `vscode`, no node
// imports: the core, the extension and the tests use it alike.

/** Text or an attribute value as HTML: the five characters that could end or open markup. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

/** A script nonce must be long and random to mean anything; refuse anything else. */
export function checkNonce(nonce: string): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(nonce)) throw new Error('a page nonce must be 16+ random characters');
  return nonce;
}

export interface PageHead {
  /** The page's Content-Security-Policy, as the meta element's content. */
  readonly csp: string;
  readonly title: string;
  /** Stylesheet URLs (the policy's style-src must allow them). */
  readonly stylesheets?: readonly string[];
  /** One inline <style> block (the policy must allow it, e.g. by hash or 'unsafe-inline'). */
  readonly inlineStyle?: string;
  /** Attributes of <body>, escaped here. */
  readonly bodyAttributes?: Readonly<Record<string, string>>;
}

/** From <!DOCTYPE html> to the opening <body> tag. */
export function pageHead(o: PageHead): string {
  const links = (o.stylesheets ?? []).map((s) => `<link rel="stylesheet" href="${escapeHtml(s)}">\n`).join('');
  const style = o.inlineStyle === undefined ? '' : `<style>${o.inlineStyle.replace(/<\/style/gi, '<\\/style')}</style>\n`;
  const body = Object.entries(o.bodyAttributes ?? {}).map(([k, v]) => {
    if (!/^[a-z][a-z0-9-]*$/.test(k) || /^on/i.test(k)) throw new Error(`body attribute ${k} is not allowed`);
    return ` ${k}="${escapeHtml(v)}"`;
  }).join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(o.csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${links}${style}<title>${escapeHtml(o.title)}</title>
</head>
<body${body}>
`;
}
