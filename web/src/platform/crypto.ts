import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";

/**
 * The browser's node:crypto, with the call the reports make: SHA-256 of the inputs, incrementally
 * (a DICOM folder is hashed file by file), on @noble/hashes. Vite puts it in place of node:crypto
 * (web/vite.config.ts). Web Crypto's digest is not incremental and not there outside secure contexts.
 */
export function createHash(algorithm: string) {
  if (algorithm !== "sha256") throw new Error(`the web app hashes with sha256 only, not ${algorithm}`);
  const hash = sha256.create();
  return {
    update(data: Uint8Array | string) {
      hash.update(typeof data === "string" ? new TextEncoder().encode(data) : data);
      return this;
    },
    digest(encoding: "hex") {
      if (encoding !== "hex") throw new Error(`the web app gives hex digests only, not ${encoding}`);
      return bytesToHex(hash.digest());
    },
  };
}

/** Random bytes from the browser's generator (temporary file names, which the web app never writes). */
export function randomBytes(n: number): Buffer {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(n)));
}

export default { createHash, randomBytes };
