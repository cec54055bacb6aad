import { defineConfig } from "vitest/config";

// .ci/run sets DEFACE_IMPACT_TEST_REPORT to a file path to get machine-readable totals.
const reportFile = process.env.DEFACE_IMPACT_TEST_REPORT;

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // dist/ is rebuilt first when the source changed: the CLI tests never run a stale build
    globalSetup: ["test/globalSetup.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    reporters: reportFile ? ["default", "json"] : ["default"],
    ...(reportFile ? { outputFile: { json: reportFile } } : {}),
  },
});
