import { Buffer } from "buffer";

/**
 * Node's global Buffer, which a few readers use for latin1 text and byte searches (pipeline/io),
 * from the `buffer` package (the browser port of Node's Buffer). Imported first by the worker.
 */
(globalThis as { Buffer?: unknown }).Buffer ??= Buffer;
