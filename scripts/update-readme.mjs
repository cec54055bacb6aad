// `npm run docs`: rewrites the README's generated sections from the code (the settings table from
// the schema in analysis/settings.ts). A test fails when the README's copy is out of date.
import { readFileSync, writeFileSync } from "node:fs";
import { withSettingsTable } from "../dist/pipeline/settings/settingsTable.js";

const path = new URL("../README.md", import.meta.url);
const before = readFileSync(path, "utf8");
const after = withSettingsTable(before);
if (after !== before) writeFileSync(path, after);
process.stdout.write(after === before ? "README.md is up to date\n" : "README.md: settings table regenerated\n");
