import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { unzipSync } from "fflate";
import type { BrowserContext, Page } from "playwright-core";

/** What a person does with the web app (web/), for the browser test and the timing. */

/** Every request the context makes, and every error the page reports. */
export function watch(context: BrowserContext, page: Page): { requests: string[]; errors: string[] } {
  const requests: string[] = [];
  const errors: string[] = [];
  context.on("request", (r) => requests.push(r.url()));
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  return { requests, errors };
}

/** Drops files on a drop zone as a drag from the desktop would (a DataTransfer of File objects). */
export async function drop(page: Page, zone: string, paths: string[]): Promise<void> {
  const files = paths.map((path) => ({ name: basename(path), base64: readFileSync(path).toString("base64") }));
  const data = await page.evaluateHandle((list) => {
    const transfer = new DataTransfer();
    for (const f of list) transfer.items.add(new File([Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))], f.name));
    return transfer;
  }, files);
  await page.dispatchEvent(zone, "drop", { dataTransfer: data });
}

/** Clicks Analyse and waits for the result or the error box. */
export async function analyse(page: Page, timeout = 240_000): Promise<"results" | "error"> {
  await page.click("#analyse");
  await page.waitForFunction(() => !document.querySelector<HTMLElement>("#results")!.hidden || !document.querySelector<HTMLElement>("#error")!.hidden, null, { timeout });
  return (await page.isVisible("#error")) ? "error" : "results";
}

/** The report the page offers for download, unzipped: the zip's folder and its files (name inside it -> bytes). */
export async function downloadReport(page: Page, timeout = 30_000): Promise<{ dir: string; zipName: string; files: Map<string, Uint8Array> }> {
  const [download] = await Promise.all([page.waitForEvent("download", { timeout }), page.click("#download", { timeout })]);
  const zip = unzipSync(new Uint8Array(readFileSync(await download.path())));
  const names = Object.keys(zip);
  const dir = names[0].split("/")[0];
  return { dir, zipName: download.suggestedFilename(), files: new Map(names.map((n) => [n.slice(dir.length + 1), zip[n]])) };
}
