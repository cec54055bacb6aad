import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../pipeline/version.js";

/**
 * The source's import graph (every `import … from "./x.js"`, type-only imports included): no
 * file may import itself around a loop, and the layers of ARCHITECTURE.md hold (analysis/ and
 * masks/ never import pipeline/).
 */
const root = projectRoot();
const FOLDERS = ["analysis", "masks", "pipeline", "fixtures", "bench"];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [p] : [];
  });
}

function importGraph(): Map<string, string[]> {
  const files = FOLDERS.flatMap((f) => sourceFiles(join(root, f)));
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  const pattern = /(?:import|export)\s[^;]*?from\s+"(\.{1,2}\/[^"]+)"|import\(\s*"(\.{1,2}\/[^"]+)"\s*\)/g;
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    const targets = new Set<string>();
    for (const m of text.matchAll(pattern)) {
      const spec = m[1] ?? m[2];
      const target = resolve(dirname(file), spec.replace(/\.js$/, ".ts"));
      if (known.has(target)) targets.add(target);
    }
    graph.set(file, [...targets]);
  }
  return graph;
}

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    indices.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!));
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(component.map((f) => relative(root, f)).sort());
    }
  };
  for (const v of graph.keys()) if (!indices.has(v)) visit(v);
  return out;
}

describe("the import graph", () => {
  const graph = importGraph();

  it("reads the whole source tree", () => {
    expect(graph.size).toBeGreaterThan(150);
    expect([...graph.values()].flat().length).toBeGreaterThan(300);
  });

  it("has no import cycles", () => {
    expect(cycles(graph)).toEqual([]);
  });

  it("finds a cycle when there is one (the checker itself works)", () => {
    const fake = new Map([
      ["/a.ts", ["/b.ts"]],
      ["/b.ts", ["/c.ts"]],
      ["/c.ts", ["/a.ts"]],
      ["/d.ts", ["/a.ts"]],
    ]);
    expect(cycles(fake).map((c) => c.length)).toEqual([3]);
  });

  it("keeps analysis/ and masks/ free of pipeline/", () => {
    const crossings = [...graph].flatMap(([from, targets]) =>
      /\/(analysis|masks)\//.test(from) ? targets.filter((t) => t.includes("/pipeline/")).map((t) => `${relative(root, from)} -> ${relative(root, t)}`) : [],
    );
    expect(crossings).toEqual([]);
  });
});
