// Colouring for .cxp plan text and the marks of findings, for the layer drawn under the
// editor's transparent text. The token kinds follow the editor extension's grammar
// (editors/vscode/syntaxes/cxp.tmLanguage.json): comments and `# cxlint: allow`
// comments, `include`, block kinds and labels, attribute keys, strings, dates, money,
// durations, percents, numbers and words.

const BLOCK_KINDS =
  /^(\s*)(programme|strategy|segment|unit|executive|pay_plan|metric|spend|product|relationship|listening|kpi|hiring|initiative|promise|objective|previous_strategy)(?=\s*(?:#.*)?$)/;

// One rule per token kind, tried in this order at each position of a line.
const RULES = [
  ["allow", /#+\s*cxlint:\s*allow(?=\s|$).*/y],
  ["comment", /#.*/y],
  ["keyword", /\binclude\b(?=\s*(?:"|#|$))/y],
  ["block", /\b[a-z][a-z0-9_]*(?=\s*["{])/y],
  ["key", /\b[a-z][a-z0-9_]*(?=\s*=)/y],
  ["string", /"(?:[^"\\]|\\.)*(?:"|$)/y],
  ["number", /(?<![\w.-])\d{4}-(?:Q\d+|\d{2}(?:-\d{2})?)(?![\w.-])/y],
  ["number", /(?<![\w.-])-?\d(?:_?\d)*(?:\.\d(?:_?\d)*)?[kMB]?\s+[A-Z]{3}(?!\w)/y],
  [
    "number",
    /(?<![\w.-])\d(?:_?\d)*(?:\.\d(?:_?\d)*)?\s*(?:days?|weeks?|months?|years?|hours?|minutes?|seconds?|quarters?)\b/y,
  ],
  ["number", /(?<![\w.-])-?\d(?:_?\d)*(?:\.\d(?:_?\d)*)?[kMB]?%?(?![\w.])/y],
  ["word", /\b(?:yes|no|true|false)\b/y],
  ["punct", /[{}[\],=]/y],
];

/** The tokens of one line: [start, end, kind] with UTF-16 offsets, in order. */
export function tokens(line) {
  const out = [];
  const block = BLOCK_KINDS.exec(line);
  let i = 0;
  if (block) {
    out.push([block[1].length, block[0].length, "block"]);
    i = block[0].length;
  }
  while (i < line.length) {
    let matched = false;
    for (const [kind, re] of RULES) {
      re.lastIndex = i;
      const m = re.exec(line);
      if (m && m[0].length > 0) {
        out.push([i, i + m[0].length, kind]);
        i += m[0].length;
        matched = true;
        break;
      }
    }
    if (!matched) i += 1;
  }
  return out;
}

export function escapeHtml(s) {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

/**
 * HTML for the whole text: one span per token, findings wrapped in <mark>. `marks` are
 * [line (0-based), start, end, severity] with UTF-16 offsets on that line (end may be
 * past the line's end: the mark stops there). `plain`: no colours (not a plan).
 */
export function render(text, marks, plain = false) {
  const byLine = new Map();
  for (const m of marks) {
    if (!byLine.has(m[0])) byLine.set(m[0], []);
    byLine.get(m[0]).push(m);
  }
  const lines = text.split("\n");
  const html = lines.map((line, n) => {
    const toks = plain ? [] : tokens(line);
    const lineMarks = byLine.get(n) || [];
    // Every point where a token or a mark starts or ends.
    const cuts = new Set([0, line.length]);
    for (const [s, e] of toks) cuts.add(s).add(e);
    for (const [, s, e] of lineMarks) cuts.add(Math.min(s, line.length)).add(Math.min(e, line.length));
    const points = [...cuts].sort((a, b) => a - b);
    let out = "";
    for (let k = 0; k + 1 < points.length; k++) {
      const [s, e] = [points[k], points[k + 1]];
      if (s === e) continue;
      const tok = toks.find((t) => t[0] <= s && e <= t[1]);
      const mark = worst(lineMarks.filter((m) => m[1] <= s && e <= Math.max(m[2], m[1] + 1)));
      let piece = escapeHtml(line.slice(s, e));
      if (tok) piece = `<span class="t-${tok[2]}">${piece}</span>`;
      if (mark) piece = `<mark class="m-${mark}">${piece}</mark>`;
      out += piece;
    }
    // A finding on an empty line (or past its end) still shows.
    if (lineMarks.some((m) => m[1] >= line.length)) {
      out += `<mark class="m-${worst(lineMarks)} m-end"> </mark>`;
    }
    return out;
  });
  // A final newline keeps the layer as tall as the text area's content.
  return html.join("\n") + "\n";
}

const RANK = { error: 3, warning: 2, info: 1 };

function worst(marks) {
  let best = null;
  for (const m of marks) if (!best || RANK[m[3]] > RANK[best]) best = m[3];
  return best;
}
