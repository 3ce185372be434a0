// The small part of Markdown that `cxlint explain` writes: headings, paragraphs, lists,
// fenced code, **bold** and `code`. Everything is escaped first; no link or HTML passes.

import { escapeHtml } from "./highlight.js";

function inline(text) {
  return escapeHtml(text)
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>");
}

/** HTML for `markdown`, its headings starting at level `top` (the first `#`). */
export function markdown(md, top = 3) {
  const out = [];
  let para = [];
  let list = null;
  let code = null;
  const flush = () => {
    if (para.length) out.push(`<p>${inline(para.join(" "))}</p>`);
    para = [];
    if (list) out.push(`<ul>${list.map((li) => `<li>${inline(li)}</li>`).join("")}</ul>`);
    list = null;
  };
  for (const line of md.split("\n")) {
    if (code !== null) {
      if (line.startsWith("```")) {
        out.push(`<pre class="example">${escapeHtml(code.join("\n"))}</pre>`);
        code = null;
      } else {
        code.push(line);
      }
      continue;
    }
    if (line.startsWith("```")) {
      flush();
      code = [];
      continue;
    }
    const h = /^(#{1,6})\s+(.*)$/.exec(line);
    if (h) {
      flush();
      const level = Math.min(6, top + h[1].length - 1);
      out.push(`<h${level}>${inline(h[2])}</h${level}>`);
      continue;
    }
    const li = /^\s*[-*]\s+(.*)$/.exec(line);
    if (li) {
      if (para.length) flush();
      (list ||= []).push(li[1]);
      continue;
    }
    if (!line.trim()) {
      flush();
      continue;
    }
    if (list && /^\s+\S/.test(line)) {
      list[list.length - 1] += " " + line.trim();
      continue;
    }
    if (list) flush();
    para.push(line.trim());
  }
  if (code !== null) out.push(`<pre class="example">${escapeHtml(code.join("\n"))}</pre>`);
  flush();
  return out.join("\n");
}
