import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// .ci/run sets DEFACE_IMPACT_TEST_REPORT to a file path to get machine-readable totals.
const reportFile = process.env.DEFACE_IMPACT_TEST_REPORT;

/** `npm run validate:web`: the web app on a real head from the validation data (test/web/webRealHead.validate.ts), apart from npm test. */
export default defineConfig({
  root: fileURLToPath(new URL("..", import.meta.url)),
  test: {
    include: ["test/web/webRealHead.validate.ts"],
    globalSetup: ["test/globalSetup.ts"],
    testTimeout: 1_800_000,
    hookTimeout: 1_200_000,
    reporters: reportFile ? ["default", "json"] : ["default"],
    ...(reportFile ? { outputFile: { json: reportFile } } : {}),
  },
});
