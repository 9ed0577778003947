/** Where a JSON text names one key twice in the same object, e.g. `["fields", "$name"]`. */
export type KeyPath = string[];

interface Frame {
  /** The keys met so far in this object; undefined for an array. */
  keys: Set<string> | undefined;
  /** This container's place in its parent: a key, or an array index. */
  name: string | undefined;
  /** The next array index, for an array. */
  index: number;
}

/** The index of the quote closing the string whose opening quote is at `start`. */
function closingQuote(text: string, start: number): number {
  let end = text.indexOf('"', start + 1);
  for (;;) {
    let backslashes = 0;
    while (text.charCodeAt(end - 1 - backslashes) === 92) backslashes++;
    if (backslashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
}

/**
 * The first key a JSON text repeats within one object, which `JSON.parse` silently resolves to the
 * last value. Only for text `JSON.parse` has accepted: it checks no syntax. A loop with its own
 * stack rather than a recursive parser (the JSON libraries that report duplicates recurse), since
 * a body may nest a hundred thousand levels deep.
 */
export function findDuplicateKey(text: string): KeyPath | undefined {
  const stack: Frame[] = [];
  let expectingKey = false;
  let lastKey: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      const end = closingQuote(text, i);
      const top = stack[stack.length - 1];
      if (expectingKey && top?.keys) {
        const raw = text.slice(i + 1, end);
        // Escapes decoded, so "\u006eame" and "name" are the same key.
        const key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        if (top.keys.has(key)) return [...stack.slice(1).map((f) => f.name!), key];
        top.keys.add(key);
        lastKey = key;
        expectingKey = false;
      }
      i = end;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      const parent = stack[stack.length - 1];
      const name = parent?.keys ? lastKey : parent ? String(parent.index) : undefined;
      stack.push({ keys: c === 123 ? new Set() : undefined, name, index: 0 });
      expectingKey = c === 123;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      stack.pop();
    } else if (c === 44 /* , */) {
      const top = stack[stack.length - 1]!;
      if (top.keys) expectingKey = true;
      else top.index++;
    }
  }
  return undefined;
}
