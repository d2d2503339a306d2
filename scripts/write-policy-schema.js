#!/usr/bin/env node
// Writes schema/policy.schema.json from the policy file's one declaration
// (daemon/src/policy/policy-file.ts). Run after `npm run build`; a test fails
// when the committed file and the declaration disagree.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { policyJsonSchema } = require("../dist/daemon/src/policy/policy-file.js");

const file = path.resolve(__dirname, "..", "schema", "policy.schema.json");
fs.writeFileSync(file, `${JSON.stringify(policyJsonSchema(), null, 2)}\n`);
console.log(`wrote ${path.relative(process.cwd(), file)}`);
