/** A minimal XML parser for the tests: elements, attributes and text; throws on malformed input. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const unescape = (s: string) =>
  s.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" })[e]!);

export function parseXml(xml: string): XmlElement {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, "");
  const root: XmlElement = { name: "#document", attributes: {}, children: [], text: "" };
  const stack: XmlElement[] = [root];
  const tag = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w.:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = tag.exec(body))) {
    consumed = tag.lastIndex;
    const top = stack[stack.length - 1];
    if (m[5] !== undefined) {
      if (/&(?!(lt|gt|quot|apos|amp);)/.test(m[5])) throw new Error(`bad entity in text: ${m[5].slice(0, 40)}`);
      top.text += unescape(m[5]);
      continue;
    }
    if (m[1]) {
      if (top.name !== m[2]) throw new Error(`</${m[2]}> closes <${top.name}>`);
      stack.pop();
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const a of m[3].matchAll(/([\w.:-]+)="([^"]*)"/g)) attributes[a[1]] = unescape(a[2]);
    const el: XmlElement = { name: m[2], attributes, children: [], text: "" };
    top.children.push(el);
    if (!m[4]) stack.push(el);
  }
  if (consumed !== body.length) throw new Error(`unparsed XML at ${consumed}: ${body.slice(consumed, consumed + 40)}`);
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1].name}>`);
  if (root.children.length !== 1) throw new Error("expected one root element");
  return root.children[0];
}

export const descendants = (el: XmlElement, name: string): XmlElement[] =>
  el.children.flatMap((c) => [...(c.name === name ? [c] : []), ...descendants(c, name)]);
