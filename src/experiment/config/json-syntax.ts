/** Where a JSON text first breaks the grammar: the 0-based offset and what was wrong there. */
export interface JsonSyntaxError {
  offset: number;
  message: string;
}

/**
 * The first syntax error of a JSON text, or null for valid JSON. JSON.parse's own messages do
 * not always give a position (Node 20), so this recursive-descent scan over the grammar finds it.
 */
export function jsonSyntaxError(text: string): JsonSyntaxError | null {
  let i = 0;
  const fail = (message: string): never => {
    throw { offset: i, message } satisfies JsonSyntaxError;
  };
  const here = () => (i >= text.length ? "the end of the input" : JSON.stringify(text[i]));
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i])) i++;
  };
  const expect = (c: string, what: string) => {
    ws();
    if (text[i] !== c) fail(`expected ${what}, found ${here()}`);
    i++;
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) fail("a control character (e.g. a line break) inside a string");
      if (text[i] === "\\") {
        i++;
        if (text[i] === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail("\\u must be followed by four hex digits");
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? "x")) fail(`invalid escape \\${text[i] ?? ""}`);
      }
      i++;
    }
    if (i >= text.length) fail("unterminated string");
    i++;
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (m === null) fail(`invalid number starting at ${here()}`);
    i += (m as RegExpExecArray)[0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === "{") return object();
    if (c === "[") return array();
    if (c === '"') return string();
    if (c === "-" || (c >= "0" && c <= "9")) return number();
    for (const word of ["true", "false", "null"]) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    fail(`expected a value, found ${here()}${c !== undefined && /[A-Za-z_]/.test(c) ? " (strings need double quotes)" : ""}`);
  };
  const object = () => {
    i++;
    ws();
    if (text[i] === "}") return void i++;
    for (;;) {
      ws();
      if (text[i] !== '"') fail(`expected a double-quoted field name, found ${here()}${text[i] === "}" ? " (a trailing comma?)" : ""}`);
      string();
      expect(":", '":"');
      value();
      ws();
      if (text[i] === ",") { i++; continue; }
      if (text[i] === "}") return void i++;
      fail(`expected "," or "}", found ${here()}`);
    }
  };
  const array = () => {
    i++;
    ws();
    if (text[i] === "]") return void i++;
    for (;;) {
      ws();
      if (text[i] === "]") fail(`expected a value, found "]" (a trailing comma?)`);
      value();
      ws();
      if (text[i] === ",") { i++; continue; }
      if (text[i] === "]") return void i++;
      fail(`expected "," or "]", found ${here()}`);
    }
  };
  try {
    value();
    ws();
    if (i < text.length) fail(`unexpected ${here()} after the end of the document`);
    return null;
  } catch (e) {
    if (typeof e === "object" && e !== null && "offset" in e) return e as JsonSyntaxError;
    throw e;
  }
}

/** The 1-based line and column of a 0-based offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, column: before[before.length - 1].length + 1 };
}
