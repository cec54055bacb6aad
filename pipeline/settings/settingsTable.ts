import { z } from "../../analysis/core/bundled/zod.js";
import { SettingsSchema } from "../../analysis/settings.js";

/**
 * The README's table of settings, generated from the schema (analysis/settings.ts): one row per
 * key with its type, default and description, so the documentation cannot drift from the code.
 * `npm run docs` rewrites it in the README; a test fails when the README's copy differs.
 */

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  items?: JsonSchema | false;
  prefixItems?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  default?: unknown;
  description?: string;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  exclusiveMaximum?: number;
};

export const TABLE_START = "<!-- settings-table:start (generated from analysis/settings.ts by `npm run docs`) -->";
export const TABLE_END = "<!-- settings-table:end -->";

/** A short type for a schema: `number > 0`, `auto | ct | mr`, `list of text`, `[number, number, number] or null`. */
function typeOf(s: JsonSchema): string {
  if (s.anyOf) return s.anyOf.map(typeOf).join(" or ");
  if (s.enum) return s.enum.map(String).join(" | ");
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.prefixItems) return `[${s.prefixItems.map(typeOf).join(", ")}]`;
  const t = Array.isArray(s.type) ? s.type.join(" or ") : s.type;
  if (t === "array") return `list of ${s.items ? typeOf(s.items) : "values"}`;
  if (t === "object") return s.properties ? `{${Object.keys(s.properties).join(", ")}}` : "mapping";
  if (t === "number" || t === "integer") {
    const name = t === "integer" ? "whole number" : "number";
    const bounds = [
      s.exclusiveMinimum !== undefined ? `> ${s.exclusiveMinimum}` : s.minimum !== undefined ? `≥ ${s.minimum}` : "",
      s.exclusiveMaximum !== undefined ? `< ${s.exclusiveMaximum}` : s.maximum !== undefined && s.maximum < Number.MAX_SAFE_INTEGER ? `≤ ${s.maximum}` : "",
    ].filter(Boolean);
    return bounds.length ? `${name} ${bounds.join(", ")}` : name;
  }
  if (t === "string") return "text";
  return t ?? "any";
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
const defaultOf = (s: JsonSchema) => (s.default === undefined ? "—" : `\`${JSON.stringify(s.default)}\``);

export function settingsTableMarkdown(): string {
  const schema = z.toJSONSchema(SettingsSchema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  const rows: string[] = ["| key | type | default | meaning |", "| --- | --- | --- | --- |"];
  const walk = (props: Record<string, JsonSchema>, prefix: string) => {
    for (const [key, s] of Object.entries(props)) {
      const path = prefix ? `${prefix}.${key}` : key;
      if (s.properties && s.type === "object") {
        rows.push(`| **${path}** | group | | ${cell(s.description ?? "")} |`);
        walk(s.properties, path);
      } else {
        rows.push(`| \`${path}\` | ${cell(typeOf(s))} | ${cell(defaultOf(s))} | ${cell(s.description ?? "")} |`);
      }
    }
  };
  walk(schema.properties ?? {}, "");
  return rows.join("\n");
}

/** The README with its settings table replaced by the generated one (markers kept). */
export function withSettingsTable(readme: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`README: the markers ${TABLE_START} … ${TABLE_END} are missing`);
  return `${readme.slice(0, start)}${TABLE_START}\n${settingsTableMarkdown()}\n${readme.slice(end)}`;
}
