// Writes the small phantom BIDS dataset of the tests (3 participants, one with two sessions, one broken)
// into the folder given: `node scripts/phantom-bids.mjs DIR [ct|mr]`. Used by .ci/run for the workflow run.
import { writePhantomBidsDataset } from "../dist/pipeline/bids/phantomDataset.js";

const [dir, kind = "mr"] = process.argv.slice(2);
if (!dir || !["ct", "mr"].includes(kind)) {
  process.stderr.write("usage: node scripts/phantom-bids.mjs DIR [ct|mr]\n");
  process.exit(2);
}
writePhantomBidsDataset(dir, { kind });
process.stdout.write(`wrote the phantom BIDS dataset into ${dir}\n`);
