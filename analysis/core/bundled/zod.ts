/**
 * zod, through one module. The CLI's build bundles zod into its chunks with the code that uses it
 * (scripts/bundle-cli.mjs), keeping only the parts that code uses: zod's many ES modules take about
 * 77 ms to load in Node 20, the parts bundled a few, and every command validates its settings with
 * it. Every value import of zod goes through here, so there is one copy of its classes (instanceof
 * checks hold).
 */
export { z } from "zod";
