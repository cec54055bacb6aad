/**
 * What produced a report: our version, the JavaScript runtime that computed it, and the exact
 * versions of our dependencies. The CLI runs on Node; the web app (web/) runs the same code in a
 * browser and records that instead, so the two reports differ in this one line.
 */
export type SoftwareVersions = {
  deface_impact: string;
  /** Node's version (the CLI). */
  node?: string;
  /** the browser, e.g. "Chrome 156.0.8078.73" (the web app). */
  browser?: string;
  dependencies: Record<string, string>;
};

/** The runtime as the reports name it: "Node v20.20.2", or the browser. */
export const runtimeLabel = (s: SoftwareVersions): string => s.browser ?? `Node ${s.node}`;
