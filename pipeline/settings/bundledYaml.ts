/**
 * yaml, in one module, bundled into one file by the build (scripts/bundle-libraries.mjs), as
 * analysis/core/bundled/ does for zod and @stdlib: fewer files to resolve when a command starts.
 */
export { parse, stringify } from "yaml";
