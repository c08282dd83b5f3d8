#!/usr/bin/env node
'use strict';
// The CLI is bundled by scripts/build.mjs (run by `npm ci` through `prepare`).
require('../dist/cli.js');
