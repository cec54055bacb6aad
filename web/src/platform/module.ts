import dcmjs from "dcmjs";

/**
 * The browser's node:module, for the CommonJS packages the readers load on first use with
 * createRequire (dcmjs: pipeline/io/dicom/part10.ts): here they are bundled, and require returns
 * them. Vite puts it in place of node:module (web/vite.config.ts).
 */
const BUNDLED: Record<string, unknown> = { dcmjs };

export function createRequire(_from: string | URL): (name: string) => unknown {
  return (name) => {
    if (!(name in BUNDLED)) throw new Error(`the web app does not bundle the package "${name}"`);
    return BUNDLED[name];
  };
}

export default { createRequire };
