import type { Command } from "commander";
import { runDemo } from "../../run/demo.js";
import { defaultThreads } from "../../pool/runJobs.js";
import { positiveInt, threadsHelp } from "../options.js";
import { progressBar, warn } from "../progress.js";

export function registerDemo(program: Command): void {
  program
    .command("demo")
    .description(
      "What `npm start` runs: generate the built-in CT and MR head phantoms and run the whole defacing-impact analysis on each " +
        "(OUT/phantom-ct/, OUT/phantom-mr/: face mask and shear defacer, two fills), then a cohort of 5 phantoms per modality " +
        "through `compare` (OUT/cohort-ct/, OUT/cohort-mr/: tool scorecard, ICC/CCC). The phantoms themselves go to OUT/phantoms/.",
    )
    .option("--out <dir>", "output folder", "out")
    .option("--threads <n>", threadsHelp, positiveInt, defaultThreads())
    .option("--quiet", "no progress bar", false)
    .action(async (opts) => {
      const bar = progressBar("features", opts.quiet);
      try {
        await runDemo(opts.out, { threads: opts.threads, warn, onProgress: bar.update }, (line) => {
          bar.stop();
          process.stdout.write(line + "\n");
        });
      } finally {
        bar.stop();
      }
      process.stdout.write(
        `open ${opts.out}/phantom-ct/report.html (and phantom-mr/, cohort-ct/, cohort-mr/) in a browser to see what defacing did; report.md has the same in text.\n`,
      );
    });
}
