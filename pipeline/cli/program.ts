import { Command, Option } from "commander";
import { MAX_MEMORY_ENV, setMaxMemory } from "../io/memoryLimit.js";
import { packageVersion } from "../version.js";
import { COMMANDS } from "./commands/index.js";
import { addExamples, applyCliStyle } from "./help.js";

/** The `deface-impact` program without its commands: global options, the help and error style, no process.exit. */
export function createProgram(): Command {
  const program = new Command("deface-impact")
    .description("Measure how defacing head CT/MRI shifts radiomic features in a region far from the face.")
    .version(packageVersion())
    .option("--debug", "print stack traces on errors")
    .addOption(
      new Option("--max-memory <size>", "refuse inputs that need more memory than this to read and process, e.g. 8G or 512M").default(
        undefined,
        `$${MAX_MEMORY_ENV}, else 75 % of the free memory`,
      ),
    )
    .exitOverride()
    .addHelpText("after", "\nExit codes: 0 success, 1 a check failed, 2 usage error, 3 bad input (the message names the file), 4 internal error.");
  addExamples(program, [
    { comment: "the whole analysis on the built-in phantoms, as `npm start` runs it", line: "deface-impact demo" },
    { comment: "a CT head phantom into this folder, then how its face mask moves the lesion's features", line: "deface-impact phantom --kind ct --out ." },
    { comment: "(continued) every command's --help ends with examples that run in that folder", line: "deface-impact run --image image.nii.gz --roi roi.nii.gz --face-mask face_mask.nii.gz --out report/" },
  ]);
  // the readers' memory guard (pipeline/io/memoryLimit.ts), set before any command reads a file
  program.hook("preAction", () => setMaxMemory(program.opts().maxMemory));
  return applyCliStyle(program);
}

/** Every command of COMMANDS registered on the program (for the documentation and its tests; the CLI loads only the one it runs). */
export async function registerAllCommands(program: Command): Promise<Command> {
  for (const entry of COMMANDS) (await entry.load())(program);
  return program;
}
