#!/usr/bin/env node
// The `mobility` CLI runs from TypeScript source through tsx, like the rest of the system.
require('tsx/cjs');
require('../app/cli.ts');
