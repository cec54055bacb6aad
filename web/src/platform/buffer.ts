import { Buffer } from "buffer";

/**
 * Node's globals in the workers. Buffer, which a few readers use for latin1 text and byte searches (pipeline/io),
 * from the `buffer` package (the browser port of Node's Buffer). Imported first by the worker.
 */
(globalThis as { Buffer?: unknown }).Buffer ??= Buffer;

/** Node's `process`, as far as the readers look at it: no environment variables (pipeline/io/memoryLimit.ts). */
(globalThis as { process?: unknown }).process ??= { env: {} };
