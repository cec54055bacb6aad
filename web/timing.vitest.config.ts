import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/** `npm run bench:web`: the browser-vs-CLI timing (test/web/webVsCli.timing.ts), apart from npm test. */
export default defineConfig({
  root: fileURLToPath(new URL("..", import.meta.url)),
  test: {
    include: ["test/web/webVsCli.timing.ts"],
    globalSetup: ["test/globalSetup.ts"],
    testTimeout: 3_600_000,
    hookTimeout: 1_200_000,
  },
});
