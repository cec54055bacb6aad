/**
 * The browser's node:os, with the one call the readers' memory guard makes (pipeline/io/memoryLimit.ts:
 * 75 % of freemem() by default). A page cannot see the free memory; it gets half the device's memory
 * (navigator.deviceMemory, which browsers round and cap at 8 GiB; taken as 8 where it is unknown), about
 * what one tab may use. Vite puts it in place of node:os (web/vite.config.ts).
 */
export function freemem(): number {
  const gib = (navigator as Navigator & { deviceMemory?: number }).deviceMemory ?? 8;
  return (gib / 2) * 2 ** 30;
}

export const availableParallelism = (): number => navigator.hardwareConcurrency || 1;

export default { freemem, availableParallelism };
