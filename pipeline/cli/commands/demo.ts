import type { Command } from "commander";
import { runDemo } from "../../run/demo.js";
import { quietOption, threadsOption } from "../commonOptions.js";
import { addExamples } from "../help.js";
import { progressBar, warn } from "../progress.js";

export function registerDemo(program: Command): void {
  const command = program
    .command("demo")
    .description(
      "What `npm start` runs: generate the built-in CT and MR head phantoms and run the whole defacing-impact analysis on each " +
        "(OUT/phantom-ct/, OUT/phantom-mr/: face mask and shear defacer, two fills), then a cohort of 5 phantoms per modality " +
        "through `compare` (OUT/cohort-ct/, OUT/cohort-mr/: tool scorecard, ICC/CCC). The phantoms themselves go to OUT/phantoms/.",
    )
    .option("--out <dir>", "output folder (created if missing)", "out")
    .addOption(threadsOption())
    .addOption(quietOption());
  addExamples(command, [
    { comment: "what `npm start` runs, into out/ (1–3 minutes)", line: "deface-impact demo" },
    { comment: "into another folder, on one thread", line: "deface-impact demo --out demo/ --threads 1" },
  ]);
  command.action(async (opts) => {
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
