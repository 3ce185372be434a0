// The playground page: an editor over the open files, the findings of
// `cxlint check --format json`, the explanations of `cxlint explain CODE`, the report of
// `cxlint report --format html`, `cxlint fmt`, and downloads. All of it runs the
// command line in this page (cxlint.js); nothing is sent anywhere.

import * as cxlint from "./cxlint.js";
import { render, escapeHtml } from "./highlight.js";
import { markdown } from "./markdown.js";

const $ = (id) => document.getElementById(id);
const ui = {
  editor: $("editor"),
  layer: $("layer"),
  gutter: $("gutter"),
  select: $("file-select"),
  status: $("status"),
  problems: $("problems"),
  findings: $("findings"),
  report: $("report"),
  reportStatus: $("report-status"),
  tabs: [$("tab-plan"), $("tab-report")],
  drop: $("drop-overlay"),
};

const example = JSON.parse($("cxlint-example").textContent);

const state = {
  files: new Map(), // relative path -> text
  current: "", // the file shown in the editor
  diagnostics: [],
  errors: [],
  reportFor: null, // the files the report was made for
  lintTimes: [],
};

const SEVERITY = {
  error: { words: "Must fix", rank: 3 },
  warning: { words: "Should fix", rank: 2 },
  info: { words: "Worth a look", rank: 1 },
};

// --- files ------------------------------------------------------------------------------

const isPlan = (p) => p.endsWith(".cxp");
const baseName = (p) => p.split("/").pop();
const normal = (p) => p.replace(/^(\.\/|\/)+/, "");

/** The file to show first: a plan holding a programme block, nearest the top. */
function mainPlan(files) {
  const plans = [...files.keys()].filter(isPlan);
  const depth = (p) => p.split("/").length;
  const withProgramme = plans.filter((p) => /^\s*programme\b/m.test(files.get(p)));
  const pick = (list) => list.sort((a, b) => depth(a) - depth(b) || a.localeCompare(b))[0];
  return pick(withProgramme.length ? withProgramme : plans) || [...files.keys()][0] || "";
}

function openSet(files, note) {
  if (![...files.keys()].some(isPlan)) {
    setStatus("No plan files (.cxp) were among the files opened. " + (note || ""), true);
    return;
  }
  state.files = files;
  state.current = mainPlan(files);
  state.reportFor = null;
  fillSelect();
  showFile(state.current);
  lint(note);
}

function fillSelect() {
  ui.select.replaceChildren(
    ...[...state.files.keys()].sort().map((p) => {
      const o = document.createElement("option");
      o.value = p;
      o.textContent = p;
      return o;
    }),
  );
  ui.select.value = state.current;
}

function showFile(path) {
  state.current = path;
  ui.select.value = path;
  ui.editor.value = state.files.get(path) ?? "";
  ui.editor.scrollTop = 0;
  ui.editor.scrollLeft = 0;
  // Only plans have a standard layout.
  $("fmt").disabled = !isPlan(path);
  paint();
}

// Only text a plan folder holds: plans, cxlint.yaml and rule packs. Hidden folders
// (.git) and large files are left out.
const WANTED = /\.(cxp|ya?ml)$/i;
const MAX_FILE = 16 * 1024 * 1024;

async function readFiles(list) {
  const files = new Map();
  let skipped = 0;
  for (const { path, file } of list) {
    const p = normal(path);
    if (!WANTED.test(p) || p.split("/").some((part) => part.startsWith(".")) || file.size > MAX_FILE) {
      skipped++;
      continue;
    }
    files.set(p, await file.text());
  }
  return { files, note: skipped ? `${skipped} other file${skipped === 1 ? " was" : "s were"} left out.` : "" };
}

async function fromPicker(input) {
  const list = [...input.files].map((file) => ({ path: file.webkitRelativePath || file.name, file }));
  input.value = "";
  if (!list.length) return;
  const { files, note } = await readFiles(list);
  openSet(files, note);
}

async function fromDrop(items) {
  const list = [];
  const entries = [];
  for (const item of [...items].filter((i) => i.kind === "file")) {
    // A folder comes as an entry to walk; a plain file (or one handed over by a script)
    // may come only as a file.
    const entry = item.webkitGetAsEntry && item.webkitGetAsEntry();
    if (entry) entries.push(entry);
    else if (item.getAsFile()) list.push({ path: item.getAsFile().name, file: item.getAsFile() });
  }
  const walk = async (entry) => {
    if (entry.isFile) {
      const file = await new Promise((ok, bad) => entry.file(ok, bad));
      list.push({ path: entry.fullPath, file });
    } else if (entry.isDirectory && !entry.name.startsWith(".")) {
      const reader = entry.createReader();
      for (;;) {
        const batch = await new Promise((ok, bad) => reader.readEntries(ok, bad));
        if (!batch.length) break;
        for (const e of batch) await walk(e);
      }
    }
  };
  for (const e of entries) await walk(e);
  const { files, note } = await readFiles(list);
  openSet(files, note);
}

// --- the editor -------------------------------------------------------------------------

/** Findings of the shown file as marks: [line, start, end, severity], 0-based. */
function marks() {
  const lines = ui.editor.value.split("\n");
  const out = [];
  for (const d of state.diagnostics) {
    if (normal(d.file) !== state.current || !d.line) continue;
    const n = d.line - 1;
    const line = lines[n] ?? "";
    const start = offset(line, (d.column || 1) - 1);
    const end = d.end_line === d.line && d.end_column ? offset(line, d.end_column - 1) : line.length;
    out.push([n, start, Math.max(end, start + 1), d.severity]);
  }
  return out;
}

/** The UTF-16 offset of the `chars`-th character of `line` (columns count characters). */
function offset(line, chars) {
  let i = 0;
  for (let c = 0; c < chars && i < line.length; c++) i += line.codePointAt(i) > 0xffff ? 2 : 1;
  return i;
}

function paint() {
  const text = ui.editor.value;
  const m = marks();
  ui.layer.innerHTML = `<div class="layer-inner">${render(text, m, !isPlan(state.current))}</div>`;
  const worst = new Map();
  for (const [n, , , sev] of m) {
    if (!worst.has(n) || SEVERITY[sev].rank > SEVERITY[worst.get(n)].rank) worst.set(n, sev);
  }
  const count = text.split("\n").length;
  const rows = [];
  for (let n = 0; n < count; n++) {
    const sev = worst.get(n);
    rows.push(sev ? `<span class="g-${sev}">${{ error: "●", warning: "▲", info: "◆" }[sev]} ${n + 1}</span>` : String(n + 1));
  }
  ui.gutter.innerHTML = `<div class="layer-inner">${rows.join("\n")}\n</div>`;
  scrollLayers();
}

function scrollLayers() {
  const { scrollTop: top, scrollLeft: left } = ui.editor;
  ui.layer.firstElementChild.style.transform = `translate(${-left}px, ${-top}px)`;
  ui.gutter.firstElementChild.style.transform = `translateY(${-top}px)`;
}

/** Put the caret on a finding and scroll it into view. */
function goTo(d) {
  if (normal(d.file) !== state.current && state.files.has(normal(d.file))) showFile(normal(d.file));
  const lines = ui.editor.value.split("\n");
  const n = Math.max(0, Math.min(lines.length - 1, d.line - 1));
  let at = 0;
  for (let i = 0; i < n; i++) at += lines[i].length + 1;
  const start = at + offset(lines[n], (d.column || 1) - 1);
  const end = d.end_line === d.line && d.end_column ? at + offset(lines[n], d.end_column - 1) : at + lines[n].length;
  ui.editor.focus();
  ui.editor.setSelectionRange(start, Math.max(start, end));
  const lineHeight = parseFloat(getComputedStyle(ui.editor).lineHeight) || 20;
  ui.editor.scrollTop = Math.max(0, n * lineHeight - ui.editor.clientHeight / 3);
  scrollLayers();
}

// --- running cxlint ---------------------------------------------------------------------

function setStatus(text, bad = false) {
  ui.status.textContent = text;
  ui.status.classList.toggle("bad", bad);
}

function plural(n, one, many = one + "s") {
  return `${n} ${n === 1 ? one : many}`;
}

/** What `check` runs on: the one plan when only one file is open, else everything. */
function target() {
  return state.files.size === 1 ? [...state.files.keys()][0] : ".";
}

let linting = null;
let again = false;

/** Check the open files and show the findings; resolves to the time taken (ms). */
async function lint(note = "") {
  if (linting) {
    again = true;
    return linting;
  }
  linting = (async () => {
    const started = performance.now();
    const r = await cxlint.run(["check", "--format", "json", target()], state.files);
    let report = null;
    try {
      report = JSON.parse(r.stdout);
    } catch {
      report = null;
    }
    if (!report) {
      state.diagnostics = [];
      state.errors = [];
      ui.findings.replaceChildren();
      showProblems(r.stderr || `cxlint stopped (exit ${r.code}) without a result.`);
      setStatus("cxlint could not check these files: see the message above the findings.", true);
    } else {
      state.diagnostics = report.diagnostics.filter((d) => !d.suppressed);
      state.errors = report.errors || [];
      // Paths that could not be read are named in the result; other trouble on stderr.
      const unread = state.errors.map((e) => `${normal(e.path)}: ${e.message}`).join("\n");
      showProblems(unread || (r.code === 2 ? r.stderr : ""));
      renderFindings(report, note);
    }
    paint();
    const ms = performance.now() - started;
    state.lintTimes.push(ms);
    document.body.dataset.lints = String(state.lintTimes.length);
    return ms;
  })();
  try {
    return await linting;
  } finally {
    linting = null;
    if (again) {
      again = false;
      lint();
    }
  }
}

function showProblems(text) {
  ui.problems.hidden = !text.trim();
  ui.problems.textContent = text.trim();
}

function renderFindings(report, note) {
  const ds = [...state.diagnostics].sort(
    (a, b) =>
      (normal(a.file) === state.current ? 0 : 1) - (normal(b.file) === state.current ? 0 : 1) ||
      normal(a.file).localeCompare(normal(b.file)) ||
      a.line - b.line ||
      a.column - b.column,
  );
  const counts = { error: 0, warning: 0, info: 0 };
  for (const d of ds) counts[d.severity]++;
  const checked = plural(report.summary?.files ?? 0, "file");
  const summary = ds.length
    ? [
        counts.error && `${counts.error} must fix`,
        counts.warning && `${counts.warning} should fix`,
        counts.info && `${counts.info} worth a look`,
      ]
        .filter(Boolean)
        .join(", ")
    : "nothing to fix";
  const suppressed = report.summary?.suppressed ? `, ${report.summary.suppressed} accepted by an allow comment or waiver` : "";
  setStatus(`Checked ${checked}: ${summary}${suppressed}. ${note}`.trim());
  ui.findings.replaceChildren(...ds.map(findingItem));
}

function findingItem(d, i) {
  const li = document.createElement("li");
  li.className = `finding f-${d.severity}`;
  li.dataset.code = d.code;
  li.dataset.line = String(d.line);
  li.dataset.file = normal(d.file);
  const sev = SEVERITY[d.severity] || SEVERITY.info;
  const where = normal(d.file) === state.current ? `line ${d.line}` : `${normal(d.file)}, line ${d.line}`;
  const explainId = `explain-${i}`;
  li.innerHTML = `
    <div><span class="sev sev-${escapeHtml(d.severity)}">${sev.words}</span>
      <span class="where">${escapeHtml(where)}</span>
      <span class="code-name">${escapeHtml(d.code)} ${escapeHtml(d.name || "")}</span></div>
    <p class="message">${escapeHtml(d.message)}</p>
    ${d.help ? `<p class="help">What to do: ${escapeHtml(d.help)}</p>` : ""}
    <div class="actions">
      <button type="button" class="show">Show in the plan</button>
      <button type="button" class="why" aria-expanded="false" aria-controls="${explainId}">Why it matters (${escapeHtml(d.code)})</button>
    </div>
    <div class="explain" id="${explainId}" hidden></div>`;
  li.querySelector(".show").addEventListener("click", () => {
    for (const other of ui.findings.querySelectorAll(".current")) other.classList.remove("current");
    li.classList.add("current");
    goTo(d);
  });
  const why = li.querySelector(".why");
  const box = li.querySelector(".explain");
  why.addEventListener("click", async () => {
    const open = why.getAttribute("aria-expanded") === "true";
    if (open) {
      box.hidden = true;
      why.setAttribute("aria-expanded", "false");
      return;
    }
    box.innerHTML = await explain(d.code);
    box.hidden = false;
    why.setAttribute("aria-expanded", "true");
  });
  return li;
}

const explained = new Map();

async function explain(code) {
  if (!explained.has(code)) {
    const r = await cxlint.run(["explain", code], new Map());
    explained.set(
      code,
      r.code === 0 ? markdown(r.stdout, 3) : `<p>No explanation for ${escapeHtml(code)}: ${escapeHtml(r.stderr)}</p>`,
    );
  }
  return explained.get(code);
}

/** Rewrite the shown plan in the standard layout (`cxlint fmt`). */
async function tidy() {
  const path = state.current;
  const r = await cxlint.run(["fmt", path], state.files);
  if (r.code !== 0) {
    setStatus(`The layout was not changed: ${plainFmtError(r.stderr)}`, true);
    return;
  }
  const text = r.files.get(path);
  if (text === ui.editor.value) {
    setStatus("The layout is already tidy: nothing changed.");
    return;
  }
  // As an edit, so that Undo (Ctrl+Z) brings the old layout back.
  const top = ui.editor.scrollTop;
  ui.editor.focus();
  ui.editor.select();
  if (!document.execCommand || !document.execCommand("insertText", false, text)) ui.editor.value = text;
  ui.editor.setSelectionRange(0, 0);
  ui.editor.scrollTop = top;
  state.files.set(path, text);
  await lint("The layout was tidied (Undo brings the old one back).");
}

function plainFmtError(stderr) {
  if (/syntax errors/.test(stderr)) return "the plan has syntax errors; fix the ones marked first.";
  return stderr.trim() || "cxlint fmt failed.";
}

/** Check the report is for the open files, and show it. */
async function showReport() {
  const key = JSON.stringify([...state.files]);
  if (state.reportFor === key) return;
  ui.reportStatus.textContent = "Making the report…";
  const r = await cxlint.run(["report", "--format", "html", target()], state.files);
  if (r.code !== 0 && !r.stdout) {
    ui.reportStatus.textContent = `No report: ${r.stderr.trim()}`;
    return;
  }
  state.reportFor = key;
  state.reportHtml = r.stdout;
  ui.report.srcdoc = r.stdout;
  ui.reportStatus.textContent = "Report ready.";
}

// --- downloads --------------------------------------------------------------------------

/** Save `text` as `name`, from a data: address (no blob, no request). */
function save(name, text, type) {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  const a = document.createElement("a");
  a.href = `data:${type};charset=utf-8;base64,${btoa(binary)}`;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
}

async function downloadPlan() {
  const path = state.current;
  let text = state.files.get(path) ?? "";
  if (isPlan(path)) {
    const r = await cxlint.run(["fmt", path], state.files);
    if (r.code === 0) text = r.files.get(path);
    else setStatus(`Downloaded as written, not tidied: ${plainFmtError(r.stderr)}`, true);
  }
  save(baseName(path), text, "text/plain");
}

async function downloadSarif() {
  const r = await cxlint.run(["check", "--format", "sarif", target()], state.files);
  if (!r.stdout) return setStatus(`No SARIF: ${r.stderr.trim()}`, true);
  save("cxlint.sarif", r.stdout, "application/sarif+json");
}

async function downloadReport() {
  state.reportFor = null;
  await showReport();
  if (state.reportHtml) save("cxlint-report.html", state.reportHtml, "text/html");
}

// --- tabs, keyboard, drag and drop --------------------------------------------------------

function selectTab(tab, focus = false) {
  for (const t of ui.tabs) {
    const on = t === tab;
    t.setAttribute("aria-selected", String(on));
    t.tabIndex = on ? 0 : -1;
    $(t.getAttribute("aria-controls")).hidden = !on;
  }
  if (focus) tab.focus();
  if (tab.id === "tab-report") showReport();
}

function wire() {
  let timer = null;
  ui.editor.addEventListener("input", () => {
    state.files.set(state.current, ui.editor.value);
    paint();
    clearTimeout(timer);
    timer = setTimeout(() => lint(), 250);
  });
  ui.editor.addEventListener("scroll", scrollLayers);
  ui.select.addEventListener("change", () => showFile(ui.select.value));
  $("fmt").addEventListener("click", tidy);
  $("download-plan").addEventListener("click", downloadPlan);
  $("download-sarif").addEventListener("click", downloadSarif);
  $("download-report").addEventListener("click", downloadReport);
  $("open-files").addEventListener("click", () => $("file-input").click());
  $("open-folder").addEventListener("click", () => $("folder-input").click());
  $("file-input").addEventListener("change", (e) => fromPicker(e.target));
  $("folder-input").addEventListener("change", (e) => fromPicker(e.target));
  $("back-to-example").addEventListener("click", () => openSet(new Map([[example.name, example.text]])));
  for (const t of ui.tabs) {
    t.addEventListener("click", () => selectTab(t));
    t.addEventListener("keydown", (e) => {
      const i = ui.tabs.indexOf(t);
      const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: ui.tabs.length - 1 }[e.key];
      if (next === undefined) return;
      e.preventDefault();
      selectTab(ui.tabs[(next + ui.tabs.length) % ui.tabs.length], true);
    });
  }
  let depth = 0;
  addEventListener("dragenter", (e) => {
    e.preventDefault();
    if (depth++ === 0) ui.drop.hidden = false;
  });
  addEventListener("dragleave", () => {
    if (--depth <= 0) {
      depth = 0;
      ui.drop.hidden = true;
    }
  });
  addEventListener("dragover", (e) => e.preventDefault());
  addEventListener("drop", (e) => {
    e.preventDefault();
    depth = 0;
    ui.drop.hidden = true;
    if (e.dataTransfer?.items?.length) fromDrop(e.dataTransfer.items);
  });
}

// --- start ------------------------------------------------------------------------------

async function start() {
  wire();
  state.files = new Map([[example.name, example.text]]);
  state.current = example.name;
  fillSelect();
  showFile(example.name);
  try {
    await cxlint.load($("cxlint-wasm").textContent);
  } catch (e) {
    setStatus(`This browser could not start cxlint (${e.message}). A current Chrome, Edge, Firefox or Safari can.`, true);
    throw e;
  }
  const v = await cxlint.run(["--version"], new Map());
  $("version").textContent = v.stdout.trim() || "cxlint";
  await lint();
}

const ready = start();

// For the page's own tests: lint now and tell how long it took (ms).
window.cxlintPlayground = { ready, lint: () => lint(), state };
