// Folding on braces and brackets: each block `{ … }` and multi-line list `[ … ]` folds,
// leaving its closing line visible. Braces inside strings and comments do not count.
// Kept free of the editor's API so that it can be tested on its own.

/** Zero-based first and last line of a region that folds. */
export interface LineRange {
  start: number;
  end: number;
}

export function braceFoldingRanges(text: string): LineRange[] {
  const ranges: LineRange[] = [];
  const open: number[] = [];
  let line = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      line++;
      inString = false; // strings end at the line's end (an unterminated one is an error)
      continue;
    }
    if (inString) {
      if (c === '\\' && text[i + 1] !== '\n' && text[i + 1] !== '\r') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '#') {
      while (i + 1 < text.length && text[i + 1] !== '\n' && text[i + 1] !== '\r') i++;
    } else if (c === '"') {
      inString = true;
    } else if (c === '{' || c === '[') {
      open.push(line);
    } else if (c === '}' || c === ']') {
      const start = open.pop();
      if (start !== undefined && line - 1 > start) ranges.push({ start, end: line - 1 });
    }
  }
  return ranges.sort((a, b) => a.start - b.start || a.end - b.end);
}
