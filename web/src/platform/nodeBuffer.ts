import { Buffer, kMaxLength } from "buffer";

/**
 * The browser's node:buffer: the `buffer` package's Buffer, and the largest buffer it makes (the
 * readers refuse a decompressed file beyond it: pipeline/io/memoryLimit.ts). Vite puts it in place
 * of node:buffer (web/vite.config.ts).
 */
export { Buffer };
export const constants = { MAX_LENGTH: kMaxLength };
export default { Buffer, constants };
