// `npm run docs`: rewrites the README's generated sections from the code: the settings table from the
// schema in analysis/settings.ts, the command and option tables from the commands' definitions
// (pipeline/cli/commands, the same objects --help prints). A test fails when the README's copy is out of date.
import { readFileSync, writeFileSync } from "node:fs";
import { withCliTables } from "../dist/pipeline/cli/cliDocs.js";
import { withSettingsTable } from "../dist/pipeline/settings/settingsTable.js";

const path = new URL("../README.md", import.meta.url);
const before = readFileSync(path, "utf8");
const after = await withCliTables(withSettingsTable(before));
if (after !== before) writeFileSync(path, after);
process.stdout.write(after === before ? "README.md is up to date\n" : "README.md: generated tables rewritten\n");
