/**
 * Where a JSON text stops being JSON, as a byte offset. V8's JSON.parse names a position only for
 * some errors (and in UTF-16 units), so a report would otherwise say "byte 0" for damage in the
 * middle of a file. The bytes are scanned as latin1: every JSON token that matters is ASCII, and one
 * character per byte makes the index the true byte offset even after multi-byte or broken UTF-8.
 * Only run on text that JSON.parse already refused; returns -1 if no error is found.
 */
export function jsonErrorOffset(bytes: Buffer): number {
  const text = bytes.toString('latin1');
  let i = 0;
  const fail = (): never => {
    throw new JsonStop(i);
  };
  const space = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const string = () => {
    i++;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x22) return void i++;
      if (c < 0x20) fail();
      if (c !== 0x5c) {
        i++;
        continue;
      }
      const next = text[i + 1];
      if (next !== undefined && '"\\/bfnrt'.includes(next)) i += 2;
      else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
      else fail();
    }
    fail();
  };
  const literal = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
  // Nesting is tracked on a stack, not by recursion: a hostile file cannot overflow the call stack.
  const open: string[] = [];
  const value = () => {
    space();
    const c = text[i];
    if (c === '{' || c === '[') {
      open.push(c === '{' ? '}' : ']');
      i++;
      space();
      if (text[i] === open.at(-1)) {
        open.pop();
        i++;
        return false;
      }
      if (c === '{') key();
      return true;
    }
    if (c === '"') string();
    else {
      literal.lastIndex = i;
      if (!literal.test(text)) fail();
      i = literal.lastIndex;
    }
    return false;
  };
  const key = () => {
    space();
    if (text[i] !== '"') fail();
    string();
    space();
    if (text[i] !== ':') fail();
    i++;
  };
  try {
    let opened = value();
    while (open.length) {
      if (!opened) {
        space();
        if (text[i] === ',') {
          i++;
          if (open.at(-1) === '}') key();
        } else if (text[i] === open.at(-1)) {
          open.pop();
          i++;
          continue;
        } else fail();
      }
      opened = value();
    }
    space();
    return i < text.length ? i : -1;
  } catch (error) {
    if (error instanceof JsonStop) return Math.min(error.at, text.length);
    throw error;
  }
}

class JsonStop {
  constructor(readonly at: number) {}
}
