import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

/** Debian's chromium (installed by .ci/run); DEFACE_IMPACT_CHROMIUM may point elsewhere. */
export const CHROMIUM = process.env.DEFACE_IMPACT_CHROMIUM ?? "/usr/bin/chromium";

/** Headless, and none of Chromium's own connections (this machine's network is closed). */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A fresh Chromium profile in a temporary folder; close() removes it. */
export async function launchChromium(options: { acceptDownloads?: boolean } = {}): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `chromium not found at ${CHROMIUM}: the browser tests need Debian's chromium ` +
        `(apt-get install -y chromium; .ci/run installs it), or set DEFACE_IMPACT_CHROMIUM to a Chromium binary`,
    );
  }
  const userDataDir = mkdtempSync(join(tmpdir(), "deface-impact-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    acceptDownloads: options.acceptDownloads ?? false,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
