// vscode-languageclient is ~900 KB of JavaScript: built as its own bundle (dist/extension-lsp.js)
// and required when the first SQL file opens (language-client.ts), never at activation.
export { LanguageClient, TransportKind } from 'vscode-languageclient/node';
