// Assemble the single self-contained page: src/index.html with the style, the example
// plan, the cxlint module (gzip, base64) and the script (src/app.js and the WASI shim,
// bundled by esbuild) inlined. Usage:
//   node bundle.mjs WASM EXAMPLE OUT   (run by build.sh, with NODE_PATH at the npm tree)
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { createRequire } from "node:module";

const here = dirname(fileURLToPath(import.meta.url));
const [wasmPath, examplePath, outPath] = process.argv.slice(2);
if (!outPath) throw new Error("usage: node bundle.mjs WASM EXAMPLE OUT");
const npmRoot = process.env.PLAYGROUND_NPM;
const require = createRequire(join(npmRoot, "package.json"));
const esbuild = require("esbuild");
const shimDir = join(npmRoot, "node_modules/@bjorn3/browser_wasi_shim");
const shimVersion = JSON.parse(readFileSync(join(shimDir, "package.json"), "utf8")).version;

const built = await esbuild.build({
  entryPoints: [join(here, "src/app.js")],
  bundle: true,
  format: "iife",
  target: ["chrome113", "firefox113", "safari16.4"],
  minify: true,
  write: false,
  nodePaths: [join(npmRoot, "node_modules")],
  legalComments: "none",
});
let script = built.outputFiles[0].text;
// The script sits inside <script>: no sequence in it may close that element.
script = script.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");
const notice = `/*! cxlint playground. Includes @bjorn3/browser_wasi_shim ${shimVersion}, licensed MIT OR Apache-2.0:
${readFileSync(join(shimDir, "LICENSE-MIT"), "utf8").trim()} */`;

const wasm = readFileSync(wasmPath);
const gz = gzipSync(wasm, { level: 9 });
const example = { name: basename(examplePath), text: readFileSync(examplePath, "utf8") };
const json = (v) => JSON.stringify(v).replace(/</g, "\\u003c");

const data = [
  `<script type="application/json" id="cxlint-example">${json(example)}</script>`,
  // Base64 lines of 76 characters: some editors and viewers choke on one 1.5 MB line.
  `<script type="application/octet-stream" id="cxlint-wasm">\n${gz
    .toString("base64")
    .replace(/.{76}/g, "$&\n")}\n</script>`,
].join("\n");

const template = readFileSync(join(here, "src/index.html"), "utf8");
const style = readFileSync(join(here, "src/style.css"), "utf8");
const parts = { "<!-- STYLE -->": `<style>\n${style}</style>`, "<!-- DATA -->": data, "<!-- SCRIPT -->": `<script>\n${notice}\n${script}</script>` };
let page = template;
for (const [mark, value] of Object.entries(parts)) {
  if (!page.includes(mark)) throw new Error(`src/index.html has no ${mark}`);
  page = page.replace(mark, () => value);
}
mkdirSync(dirname(outPath), { recursive: true });
writeFileSync(outPath, page);
const pageGz = gzipSync(Buffer.from(page), { level: 9 }).length;
const mb = (n) => (n / 1e6).toFixed(2) + " MB";
console.log(
  `${outPath}: ${mb(page.length)} (${mb(pageGz)} gzip-compressed); cxlint.wasm ${mb(wasm.length)}, ${mb(gz.length)} gzip; script ${(script.length / 1024).toFixed(0)} KiB`,
);
