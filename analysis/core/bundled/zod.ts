/**
 * zod, in one module. The build bundles this file into one (scripts/bundle-libraries.mjs): zod's
 * many ES modules take about 77 ms to load in Node 20, bundled about 30 ms, and every command
 * validates its settings with it. Every value import of zod goes through here, so there is one
 * copy of its classes (instanceof checks hold).
 */
export { z } from "zod";
