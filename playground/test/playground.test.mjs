// The playground page in headless Chromium, opened from a file: URL with the network
// off: the example's findings match the command line's, editing updates them, a folder
// with includes and a cxlint.yaml opened through the picker is checked, the report tab
// shows the scorecard, and no request leaves the page. Writes screenshots of the three
// states to target/playground/ and reports the time to lint the example.
//
// Run by scripts/playground-gates.sh:
//   PLAYGROUND_PAGE=… PLAYGROUND_NPM=… CXLINT=… node --test playground/test/
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const PAGE = resolve(process.env.PLAYGROUND_PAGE || join(ROOT, "target/playground/cxlint-playground.html"));
const SHOTS = dirname(PAGE);
const CXLINT = resolve(process.env.CXLINT || join(ROOT, "target/release/cxlint"));
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const require = createRequire(join(resolve(process.env.PLAYGROUND_NPM || join(ROOT, "target/playground/npm")), "package.json"));
const { chromium } = require("playwright-core");

const PAGE_URL = pathToFileURL(PAGE).href;
const MAX_GZIP = 3 * 1024 * 1024;

let browser, context, page, work;
const requests = [];
const violations = [];

/** `cxlint check --format json ARGS` from the native binary: [code, line, file] sorted. */
function cli(args, cwd = ROOT) {
  let out;
  try {
    out = execFileSync(CXLINT, ["check", "--format", "json", ...args], { cwd, encoding: "utf8" });
  } catch (e) {
    if (e.status !== 1) throw e;
    out = e.stdout;
  }
  return JSON.parse(out)
    .diagnostics.filter((d) => !d.suppressed)
    .map((d) => `${d.code} ${d.file.replace(/^\.\//, "")}:${d.line}`)
    .sort();
}

/** The findings the page lists, in the same form. */
async function shown() {
  return (
    await page.$$eval("#findings li.finding", (lis) => lis.map((li) => `${li.dataset.code} ${li.dataset.file}:${li.dataset.line}`))
  ).sort();
}

async function lintsSoFar() {
  return Number((await page.getAttribute("body", "data-lints")) || 0);
}

/** Wait until the page has finished one more check than `n`. */
async function afterLint(n) {
  await page.waitForFunction((k) => Number(document.body.dataset.lints || 0) > k, n, { timeout: 15000 });
}

before(async () => {
  assert.ok(existsSync(PAGE), `no page at ${PAGE}: run playground/build.sh`);
  assert.ok(existsSync(CXLINT), `no cxlint binary at ${CXLINT}: run cargo build --release`);
  work = mkdtempSync(join(tmpdir(), "cxlint-playground-"));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      // Nothing resolves: a request that got past the page's policy could go nowhere.
      "--host-resolver-rules=MAP * ~NOTFOUND",
    ],
  });
  // Network off for the page (Playwright's own profile is new and empty for each launch).
  context = await browser.newContext({ offline: true, viewport: { width: 1400, height: 1000 } });
  page = await context.newPage();
  page.on("request", (r) => requests.push(r.url()));
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().includes("data:text/plain,x")) console.log(`page console: ${m.text()}`);
  });
  page.on("pageerror", (e) => console.log(`page error: ${e.message}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window.__violations ||= []).push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  const t0 = Date.now();
  await page.goto(PAGE_URL);
  await page.waitForFunction(() => window.cxlintPlayground && Number(document.body.dataset.lints || 0) >= 1, null, {
    timeout: 30000,
  });
  console.log(`page loaded and the example checked in ${Date.now() - t0} ms`);
});

after(async () => {
  if (page) violations.push(...((await page.evaluate(() => window.__violations || []).catch(() => [])) || []));
  await browser?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

test("the page is self-contained and under 3 MB compressed", () => {
  const html = readFileSync(PAGE);
  const gz = gzipSync(html, { level: 9 }).length;
  console.log(`page: ${(html.length / 1e6).toFixed(2)} MB, ${(gz / 1e6).toFixed(2)} MB gzip-compressed`);
  assert.ok(gz < MAX_GZIP, `the page is ${gz} bytes gzip-compressed, over 3 MB`);
  const text = html.toString("utf8");
  assert.match(text, /http-equiv="Content-Security-Policy"[^>]*connect-src 'none'/);
  assert.doesNotMatch(text, /<(script|link|img|iframe)[^>]+(src|href)=["']?(https?:)?\/\//i, "a reference to something outside the page");
});

test("the example's findings are the command line's, marked in the text", async () => {
  const expected = cli(["examples/saas-growth.cxp"]);
  assert.ok(expected.length > 0, "the example has findings on the command line");
  assert.deepEqual(await shown(), expected.map((e) => e.replace("examples/", "")));
  const marks = await page.$$eval(".layer mark", (ms) => ms.map((m) => m.className));
  assert.ok(marks.some((c) => c.includes("m-error")), "no error marked in the text");
  const gutter = await page.textContent("#gutter");
  for (const e of expected) assert.ok(gutter.includes(`● ${e.split(":")[1]}`) || gutter.includes(`▲ ${e.split(":")[1]}`), `line of ${e} not flagged in the margin`);
  // The explanation is one click away.
  const first = page.locator("#findings li.finding").first();
  await first.locator("button.why").click();
  await page.waitForSelector("#findings li.finding .explain:not([hidden]) h3");
  const explain = await first.locator(".explain").textContent();
  assert.match(explain, /Why it matters/);
  // "Show in the plan" puts the caret on the finding's line.
  const firstLine = Number(await first.getAttribute("data-line"));
  await first.locator("button.show").click();
  const caretLine = await page.$eval("#editor", (t) => t.value.slice(0, t.selectionStart).split("\n").length);
  assert.equal(caretLine, firstLine);
  await page.screenshot({ path: join(SHOTS, "1-example.png"), fullPage: true });

  // How long checking the example takes once the page is loaded.
  const times = [];
  for (let i = 0; i < 15; i++) times.push(await page.evaluate(() => window.cxlintPlayground.lint()));
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`time to lint the example after load: median ${median.toFixed(1)} ms (min ${times[0].toFixed(1)}, max ${times.at(-1).toFixed(1)}, 15 runs)`);
  assert.ok(median < 2000, `linting the example takes ${median} ms`);
});

test("editing the text updates the findings", async () => {
  const before = await shown();
  assert.ok(before.some((f) => f.startsWith("XP03 ")), "XP03 expected in the example");
  // Space the survey out to 30 days: XP03 goes away. Typed, as a person would.
  const at = await page.$eval("#editor", (t) => t.value.indexOf("every   = 7 days"));
  assert.ok(at >= 0, "the example no longer has `every   = 7 days`");
  const n = await lintsSoFar();
  await page.focus("#editor");
  await page.$eval("#editor", (t, a) => t.setSelectionRange(a + 10, a + 11), at);
  const t0 = Date.now();
  await page.keyboard.type("30");
  await afterLint(n);
  await page.waitForFunction(() => ![...document.querySelectorAll("#findings li")].some((li) => li.dataset.code === "XP03"));
  console.log(`typing to updated findings: ${Date.now() - t0} ms (including a 250 ms pause after typing)`);
  const edited = await page.$eval("#editor", (t) => t.value);
  const file = join(work, "saas-growth.cxp");
  writeFileSync(file, edited);
  assert.deepEqual(await shown(), cli(["saas-growth.cxp"], work));
  await page.screenshot({ path: join(SHOTS, "2-edited.png"), fullPage: true });
  // A syntax error is reported too.
  const m = await lintsSoFar();
  await page.keyboard.type(" {{");
  await afterLint(m);
  await page.waitForFunction(() => document.querySelectorAll("#findings li.f-error").length > 0);
  const broken = await page.$eval("#editor", (t) => t.value);
  writeFileSync(file, broken);
  assert.deepEqual(await shown(), cli(["saas-growth.cxp"], work));
  await page.screenshot({ path: join(SHOTS, "2-syntax-error.png"), fullPage: true });
  const k = await lintsSoFar();
  for (let i = 0; i < 3; i++) await page.keyboard.press("Backspace");
  await afterLint(k);
  assert.equal(await page.$eval("#editor", (t) => t.value), edited);
});

/** `cxlint fmt` of `text`, by the native binary. */
function fmt(text) {
  const file = join(work, "fmt.cxp");
  writeFileSync(file, text);
  execFileSync(CXLINT, ["fmt", file]);
  return readFileSync(file, "utf8");
}

test("Tidy the layout is cxlint fmt, undoable; the download is the tidied plan", async () => {
  // Untidy one line, as a person would.
  const at = await page.$eval("#editor", (t) => t.value.indexOf("  currency = USD"));
  assert.ok(at >= 0);
  const n = await lintsSoFar();
  await page.focus("#editor");
  await page.$eval("#editor", (t, a) => t.setSelectionRange(a, a + "  currency = USD".length), at);
  await page.keyboard.type("      currency    =   USD");
  await afterLint(n);
  const messy = await page.$eval("#editor", (t) => t.value);
  const tidy = fmt(messy);
  assert.notEqual(tidy, messy);
  const m = await lintsSoFar();
  await page.click("#fmt");
  await afterLint(m);
  assert.equal(await page.$eval("#editor", (t) => t.value), tidy);
  assert.match(await page.textContent("#status"), /tidied/);
  // Undo brings the untidy text back.
  await page.focus("#editor");
  await page.keyboard.press("Control+z");
  assert.equal(await page.$eval("#editor", (t) => t.value), messy);
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download-plan")]);
  assert.equal(download.suggestedFilename(), "saas-growth.cxp");
  assert.equal(readFileSync(await download.path(), "utf8"), tidy);
  // The SARIF download is the command line's SARIF (same results).
  const [sarif] = await Promise.all([page.waitForEvent("download"), page.click("#download-sarif")]);
  const run = JSON.parse(readFileSync(await sarif.path(), "utf8")).runs[0];
  const results = run.results.map((r) => `${r.ruleId} ${r.locations[0].physicalLocation.region.startLine}`).sort();
  assert.deepEqual(results, cli(["fmt.cxp"], work).map((e) => e.replace(/ fmt\.cxp:/, " ")));
});

test("plan files opened through the picker, or dropped on the page, are checked", async () => {
  const examples = join(ROOT, "examples");
  const names = ["saas-growth.cxp", "telecom-cost-cutting.cxp"];
  let n = await lintsSoFar();
  await page.setInputFiles("#file-input", names.map((f) => join(examples, f)));
  await afterLint(n);
  assert.match(await page.textContent("#status"), /Checked 2 files/);
  assert.deepEqual(await shown(), cli(names, examples));
  // Dropped: the page is given the file as a drop would.
  const text = readFileSync(join(examples, "telecom-cost-cutting.cxp"), "utf8");
  n = await lintsSoFar();
  await page.evaluate((t) => {
    const data = new DataTransfer();
    data.items.add(new File([t], "telecom-cost-cutting.cxp"));
    document.body.dispatchEvent(new DragEvent("dragenter", { dataTransfer: data, bubbles: true }));
    document.body.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true }));
  }, text);
  await afterLint(n);
  assert.match(await page.textContent("#status"), /Checked 1 file/);
  assert.equal(await page.inputValue("#file-select"), "telecom-cost-cutting.cxp");
  assert.deepEqual(await shown(), cli(["telecom-cost-cutting.cxp"], examples));
  assert.equal(await page.isHidden("#drop-overlay"), true);
  // A cxlint.yaml with a mistake: the command line's message is shown, without colour codes.
  const bad = join(work, "bad");
  cpSync(join(examples, "saas-growth.cxp"), join(bad, "saas-growth.cxp"));
  writeFileSync(join(bad, "cxlint.yaml"), "rules:\n  FM01: sometimes\n");
  n = await lintsSoFar();
  await page.setInputFiles("#file-input", [join(bad, "saas-growth.cxp"), join(bad, "cxlint.yaml")]);
  await afterLint(n);
  assert.equal(await page.isVisible("#problems"), true);
  const problem = await page.textContent("#problems");
  assert.match(problem, /`FM01: sometimes` is not a setting/);
  assert.doesNotMatch(problem, /\x1b/, "colour codes in the message");
  assert.match(await page.textContent("#status"), /could not check/);
  assert.deepEqual(await shown(), [], "findings of earlier files still listed");
  await page.screenshot({ path: join(SHOTS, "6-config-mistake.png") });
});

test("a folder with includes and a cxlint.yaml, opened through the picker, is checked", async () => {
  const folder = join(work, "retailer");
  cpSync(join(ROOT, "examples/retailer"), folder, { recursive: true });
  // A stricter parameter than the default, so the configuration shows in the findings.
  writeFileSync(join(folder, "cxlint.yaml"), "rules:\n  FM06: { params: { min_customer_weight: 90% } }\n");
  const expected = cli(["retailer"], work);
  assert.ok(expected.length > 0, "the stricter cxlint.yaml gives findings on the command line");
  assert.ok(expected.some((e) => e.includes("retailer/pay.cxp")), `no finding in the included fragment: ${expected}`);
  const n = await lintsSoFar();
  await page.setInputFiles("#folder-input", folder);
  await afterLint(n);
  const status = await page.textContent("#status");
  assert.match(status, /Checked 3 files/);
  assert.deepEqual(await shown(), expected);
  const options = await page.$$eval("#file-select option", (os) => os.map((o) => o.value));
  assert.deepEqual(options.sort(), ["retailer/cxlint.yaml", "retailer/org.cxp", "retailer/pay.cxp", "retailer/programme.cxp"]);
  assert.equal(await page.inputValue("#file-select"), "retailer/programme.cxp");
  await page.screenshot({ path: join(SHOTS, "3-folder.png"), fullPage: true });
});

test("the report tab shows the scorecard", async () => {
  await page.click("#tab-report");
  await page.waitForFunction(() => document.getElementById("report-status").textContent.includes("ready"));
  const frame = page.frameLocator("#report");
  const body = await frame.locator("body").textContent();
  assert.match(body, /critical choices made/);
  assert.match(body, /Hearth & Home stores/);
  // Keyboard: the arrow key goes back to the first tab.
  await page.focus("#tab-report");
  await page.keyboard.press("ArrowLeft");
  assert.equal(await page.getAttribute("#tab-plan", "aria-selected"), "true");
  await page.click("#tab-report");
  await page.screenshot({ path: join(SHOTS, "4-report.png"), fullPage: true });
});

test("at 200 % zoom the page fits the window; everything is reachable by keyboard", async () => {
  // A 1400 × 1000 window at 200 %: 700 × 500 CSS pixels, drawn at twice the density.
  const zoomed = await browser.newContext({ offline: true, viewport: { width: 700, height: 500 }, deviceScaleFactor: 2 });
  const p = await zoomed.newPage();
  p.on("request", (r) => requests.push(r.url()));
  await p.goto(PAGE_URL);
  await p.waitForFunction(() => Number(document.body.dataset.lints || 0) >= 1, null, { timeout: 30000 });
  const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page is ${overflow} px wider than the window at 200 %`);
  const [editor, findings] = await Promise.all([p.locator(".editor").boundingBox(), p.locator("#findings").boundingBox()]);
  assert.ok(findings.y >= editor.y + editor.height, "the findings should stack under the editor when narrow");
  await p.screenshot({ path: join(SHOTS, "5-zoom-200-top.png") });
  // Tab through the page: each control is reached, in reading order.
  const reached = [];
  for (let i = 0; i < 30 && reached.at(-1) !== "Show in the plan"; i++) {
    await p.keyboard.press("Tab");
    reached.push(await p.evaluate(() => document.activeElement.id || document.activeElement.textContent.trim()));
  }
  const want = ["open-files", "open-folder", "back-to-example", "tab-plan", "file-select", "fmt", "download-plan", "editor", "Show in the plan"];
  let from = 0;
  for (const w of want) {
    const at = reached.indexOf(w, from);
    assert.ok(at >= 0, `${w} not reached by Tab in order: ${reached.join(", ")}`);
    from = at;
  }
  // Enter on "Why it matters" opens the explanation.
  await p.keyboard.press("Tab");
  assert.match(await p.evaluate(() => document.activeElement.textContent), /Why it matters/);
  await p.keyboard.press("Enter");
  await p.waitForSelector("#findings .explain:not([hidden]) h3");
  await p.screenshot({ path: join(SHOTS, "5-zoom-200-explained.png") });
  await zoomed.close();
});

test("no request leaves the page, and the page may not make one", async () => {
  // The policy forbids fetching anything, even a data: address.
  const fetched = await page.evaluate(() => fetch("data:text/plain,x").then(() => "allowed", () => "blocked"));
  assert.equal(fetched, "blocked");
  const outside = requests.filter((u) => u !== PAGE_URL && !u.startsWith("data:"));
  console.log(`requests: ${requests.length} (${requests.filter((u) => u.startsWith("data:")).length} data:), none elsewhere: ${outside.length === 0}`);
  assert.deepEqual(outside, []);
});
