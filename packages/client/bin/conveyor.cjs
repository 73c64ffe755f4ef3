#!/usr/bin/env node
// The `conveyor` command line. In this repository it runs the TypeScript sources through tsx.
require('tsx/cjs/api').register();
require('../src/cli/main.ts');
