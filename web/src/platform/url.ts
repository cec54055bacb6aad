/**
 * The browser's node:url: pipeline/version.ts finds the package folder from its file URL, which
 * the web app never asks (its versions are fixed when it is built, web/vite.config.ts).
 */
export const fileURLToPath = (url: string | URL): string => decodeURIComponent(new URL(String(url)).pathname);

export const pathToFileURL = (path: string): URL => new URL(`file://${encodeURI(path)}`);

export default { fileURLToPath, pathToFileURL };
