/**
 * Parses the Python literals PyRadiomics writes into its baseline tables (repr of its settings
 * dict, bounding-box tuples): dicts, lists, tuples, quoted strings, numbers, True, False, None.
 * Tuples become arrays, None becomes null. Anything else is an Error naming the position.
 */
export type PythonValue = null | boolean | number | string | PythonValue[] | { [key: string]: PythonValue };

export function parsePythonLiteral(text: string): PythonValue {
  let pos = 0;
  const fail = (what: string): never => {
    throw new Error(`Python literal: ${what} at character ${pos} of ${JSON.stringify(text.slice(0, 80))}`);
  };
  const skip = () => {
    while (pos < text.length && /\s/.test(text[pos])) pos++;
  };
  const expect = (ch: string) => {
    skip();
    if (text[pos] !== ch) fail(`expected "${ch}"`);
    pos++;
  };
  const sequence = (close: string, item: () => void) => {
    skip();
    while (text[pos] !== close) {
      item();
      skip();
      if (text[pos] === ",") pos++;
      else if (text[pos] !== close) fail(`expected "," or "${close}"`);
      skip();
    }
    pos++;
  };
  const value = (): PythonValue => {
    skip();
    const ch = text[pos];
    if (ch === "{") {
      pos++;
      const out: Record<string, PythonValue> = {};
      sequence("}", () => {
        const key = value();
        if (typeof key !== "string") fail("expected a string key");
        expect(":");
        out[key as string] = value();
      });
      return out;
    }
    if (ch === "[" || ch === "(") {
      pos++;
      const out: PythonValue[] = [];
      sequence(ch === "[" ? "]" : ")", () => out.push(value()));
      return out;
    }
    if (ch === "'" || ch === '"') {
      const end = text.indexOf(ch, pos + 1);
      if (end < 0) fail("unterminated string");
      const s = text.slice(pos + 1, end);
      pos = end + 1;
      return s;
    }
    const word = /^(True|False|None|[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?)/.exec(text.slice(pos));
    if (!word) return fail("unexpected character");
    pos += word[0].length;
    return word[0] === "True" ? true : word[0] === "False" ? false : word[0] === "None" ? null : Number(word[0]);
  };
  const out = value();
  skip();
  if (pos !== text.length) fail("trailing characters");
  return out;
}
