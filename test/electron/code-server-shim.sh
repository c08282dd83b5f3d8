#!/bin/sh
# VSCODE_EXECUTABLE for @vscode/test-electron without a desktop VS Code: see code-server-shim.ts.
cd "$(dirname "$0")/../.." && exec node --import tsx test/electron/code-server-shim.ts "$@"
