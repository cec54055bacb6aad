import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";
// The CLI's own function, so the page records exactly the versions the CLI would.
import { softwareVersions } from "../pipeline/report/provenance.js";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * The web app: one folder of static files (web/dist: index.html and nothing else to fetch), which
 * works from any static server and from file://. The readers in pipeline/io call a few Node
 * modules; the browser gets the counterparts in src/platform in their place, so the analysis runs
 * the CLI's code unchanged.
 */
export default defineConfig({
  root: here("."),
  base: "./",
  publicDir: false,
  resolve: {
    alias: [
      { find: /^node:fs$/, replacement: here("src/platform/fs.ts") },
      { find: /^node:path$/, replacement: here("src/platform/path.ts") },
      { find: /^node:zlib$/, replacement: here("src/platform/zlib.ts") },
      { find: /^node:crypto$/, replacement: here("src/platform/crypto.ts") },
      { find: /^node:url$/, replacement: here("src/platform/url.ts") },
      { find: /^node:module$/, replacement: here("src/platform/module.ts") },
      { find: /^node:os$/, replacement: here("src/platform/os.ts") },
      { find: /^node:buffer$/, replacement: here("src/platform/nodeBuffer.ts") },
    ],
  },
  define: {
    __DEFACE_IMPACT_SOFTWARE__: JSON.stringify((({ deface_impact, dependencies }) => ({ deface_impact, dependencies }))(softwareVersions())),
  },
  worker: { format: "iife" },
  build: {
    outDir: here("dist"),
    emptyOutDir: true,
    target: "es2022",
    // everything inline: fonts, colour maps and workers are data: and blob: URLs, never a request
    assetsInlineLimit: Number.MAX_SAFE_INTEGER,
    cssCodeSplit: false,
    modulePreload: false,
    chunkSizeWarningLimit: 20_000,
    reportCompressedSize: false,
    // one script: niivue's optional loaders (zarr, compression codecs) go in it instead of separate chunks
    rolldownOptions: { output: { codeSplitting: false } },
  },
  plugins: [inlineIntoHtml()],
});

/**
 * Puts the page's script and style into index.html itself: a browser refuses to load a module
 * script file from a file:// page, but runs an inline one.
 */
function inlineIntoHtml(): Plugin {
  return {
    name: "deface-impact:inline-into-html",
    apply: "build",
    enforce: "post",
    generateBundle(_options, bundle) {
      const page = bundle["index.html"];
      if (!page || page.type !== "asset") throw new Error("inline-into-html: no index.html in the bundle");
      let html = String(page.source);
      for (const [name, item] of Object.entries(bundle)) {
        if (name === "index.html") continue;
        const src = `./${name}`;
        if (item.type === "chunk") {
          const tag = new RegExp(`<script type="module" crossorigin src="${escapeRegExp(src)}"></script>`);
          if (!tag.test(html)) throw new Error(`inline-into-html: ${name} is not the page's script`);
          // "</script" inside the code would end the element early; "<\/script" means the same in JavaScript
          html = html.replace(tag, () => `<script type="module">${item.code.replace(/<\/script/gi, "<\\/script")}</script>`);
        } else if (name.endsWith(".css")) {
          const tag = new RegExp(`<link rel="stylesheet" crossorigin href="${escapeRegExp(src)}">`);
          if (!tag.test(html)) throw new Error(`inline-into-html: ${name} is not the page's style`);
          html = html.replace(tag, () => `<style>${String(item.source)}</style>`);
        } else {
          throw new Error(`inline-into-html: ${name} would be a separate file`);
        }
        delete bundle[name];
      }
      page.source = html;
    },
  };
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
