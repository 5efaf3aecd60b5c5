#!/usr/bin/env node
// Validate JSON documents against a JSON Schema (draft-04, as SARIF 2.1.0's
// official schema is, and draft-06/07) with the `jsonschema` package.
//
//   node ci/validate/validate.js SCHEMA.json DOCUMENT.json...
//
// Prints "DOCUMENT: valid" or each error as "DOCUMENT: PATH: MESSAGE";
// exits 0 when every document is valid, 1 when one is not, 2 on a usage or
// read error.  Install the package first: bash ci/validators.sh.
'use strict';
const fs = require('fs');
const path = require('path');

let Validator;
try {
  ({ Validator } = require(path.join(__dirname, 'node_modules', 'jsonschema')));
} catch (e) {
  console.error('validate.js: the jsonschema package is missing: run bash ci/validators.sh');
  process.exit(2);
}

const [schemaPath, ...docs] = process.argv.slice(2);
if (!schemaPath || docs.length === 0) {
  console.error('usage: node validate.js SCHEMA.json DOCUMENT.json...');
  process.exit(2);
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    console.error(`${file}: ${e.message}`);
    process.exit(2);
  }
}

const schema = readJson(schemaPath);
const v = new Validator();
let bad = 0;
for (const doc of docs) {
  const res = v.validate(readJson(doc), schema, { nestedErrors: false });
  if (res.valid) {
    console.log(`${doc}: valid`);
  } else {
    bad++;
    for (const e of res.errors.slice(0, 20))
      console.log(`${doc}: ${e.property}: ${e.message}`);
  }
}
process.exitCode = bad ? 1 : 0; // not process.exit: let stdout drain
