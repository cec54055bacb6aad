#!/usr/bin/env node
// Before `npm test`: the HTML report's browser test drives Debian's chromium. On a fresh Debian
// machine where we are root, install it (once); otherwise say exactly what is missing.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const chromium = process.env.DEFACE_IMPACT_CHROMIUM ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  const apt = spawnSync("sh", ["-c", "command -v apt-get"]).status === 0;
  if (root && apt) {
    process.stderr.write("npm test: installing Debian's chromium for the HTML report's browser test (once)...\n");
    try {
      execFileSync("sh", ["-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null"], {
        stdio: "inherit",
      });
    } catch {
      process.stderr.write("npm test: could not install chromium; the browser test will fail (apt-get install chromium)\n");
    }
  } else {
    process.stderr.write(
      `npm test: ${chromium} not found: the HTML report's browser test needs Debian's chromium ` +
        "(sudo apt-get install chromium, or set DEFACE_IMPACT_CHROMIUM to a Chromium binary)\n",
    );
  }
}
