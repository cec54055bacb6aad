import { ensureFreshBuild } from "../scripts/fresh-build.mjs";
import { projectRoot } from "../pipeline/version.js";

/** Before any test: the CLI tests and the worker pool run dist/, so it is rebuilt when the source is newer. */
export default function setup(): void {
  ensureFreshBuild(projectRoot());
}
