import { Worker } from "node:worker_threads";

/**
 * The Node options the pool's workers start with: those of this process that a worker accepts,
 * and --no-experimental-require-module where Node knows it.
 *
 * A worker refuses V8 options (--max-old-space-size, --stack-trace-limit) and options of the whole
 * process (--title, --expose-gc), and its constructor then throws: `node --max-old-space-size=8192
 * deface-impact run` would fail on its first job. V8 options are the process's anyway (every
 * isolate inherits them), so leaving them out loses nothing.
 *
 * The flag: workers load the worker module with import(), not require(). Node 20's require() of an
 * ES module aborts the whole process (a failed assertion in CreateRequiredModuleFacade) when the
 * pool is destroyed while a worker is still loading, e.g. right after another worker's job failed.
 */
export function workerExecArgv(parent: readonly string[] = process.execArgv, accepts: (options: string[]) => boolean = workerAccepts): string[] {
  const groups = optionGroups(parent);
  const alone = groups.map((group) => accepts(group));
  // an option may need another (--cpu-prof-dir needs --cpu-prof): one refused alone is tried again beside those accepted
  const fine = groups.filter((_, g) => alone[g]);
  const kept = groups.filter((group, g) => alone[g] || accepts([...fine, group].flat())).flat();
  const noRequire = "--no-experimental-require-module";
  return process.allowedNodeEnvironmentFlags.has(noRequire) && !kept.includes(noRequire) ? [...kept, noRequire] : kept;
}

/** Each option with the values that follow it (`--cpu-prof-dir /tmp/p` is one group, `--cpu-prof` another). */
export function optionGroups(argv: readonly string[]): string[][] {
  const groups: string[][] = [];
  for (const arg of argv) {
    if (arg.startsWith("-") || groups.length === 0) groups.push([arg]);
    else groups[groups.length - 1].push(arg);
  }
  return groups;
}

/**
 * Whether a worker starts with these options: the constructor checks them before the thread runs
 * anything, and a probe that starts is ended at once (it writes nothing, not even a --cpu-prof profile).
 */
function workerAccepts(options: string[]): boolean {
  try {
    const probe = new Worker("", { eval: true, execArgv: options });
    probe.unref();
    void probe.terminate();
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === "ERR_WORKER_INVALID_EXEC_ARGV") return false;
    throw err;
  }
}
