#!/usr/bin/env node
// Stages an npm package of cxp-lint for `npm pack` or `npm publish`, with the version of
// Cargo.toml stamped into it (the package.json files in npm/ say 0.0.0):
//
//   node npm/prepare.mjs launcher [--out DIR]
//       npm/cxp-lint -> DIR (default target/npm/cxp-lint); its optionalDependencies
//       are pinned to the same version.
//   node npm/prepare.mjs platform NAME BINARY [--out DIR]
//       npm/@cxp-lint/NAME with BINARY as bin/cxlint (bin/cxlint.exe on win32)
//       -> DIR (default target/npm/NAME).
//
// In GitHub Actions (GITHUB_REPOSITORY set) the package's repository is stamped too:
// npm publish --provenance checks it against the repository that built the package.
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "..");

function die(message) {
  process.stderr.write(`prepare.mjs: ${message}\n`);
  process.exit(2);
}

function cargoVersion() {
  const text = readFileSync(join(ROOT, "Cargo.toml"), "utf8");
  const section = text.split(/^\[package\]\s*$/m)[1]?.split(/^\[/m)[0] ?? "";
  const version = section.match(/^version\s*=\s*"([^"]+)"/m)?.[1];
  if (!version) die("no [package] version in Cargo.toml");
  return version;
}

function stage(source, out, edit) {
  const manifest = JSON.parse(readFileSync(join(source, "package.json"), "utf8"));
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, "bin"), { recursive: true });
  const version = cargoVersion();
  manifest.version = version;
  if (process.env.GITHUB_REPOSITORY) {
    const server = process.env.GITHUB_SERVER_URL || "https://github.com";
    manifest.repository = { type: "git", url: `git+${server}/${process.env.GITHUB_REPOSITORY}.git` };
  }
  edit(manifest, version);
  writeFileSync(join(out, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
  copyFileSync(join(source, "README.md"), join(out, "README.md"));
  return manifest;
}

const args = process.argv.slice(2);
let out = null;
const at = args.indexOf("--out");
if (at >= 0) {
  out = args[at + 1] && resolve(args[at + 1]);
  if (!out) die("--out needs a folder");
  args.splice(at, 2);
}

const [what, ...rest] = args;
if (what === "launcher" && rest.length === 0) {
  out ??= join(ROOT, "target", "npm", "cxp-lint");
  const source = join(HERE, "cxp-lint");
  const manifest = stage(source, out, (m, version) => {
    for (const name of Object.keys(m.optionalDependencies)) m.optionalDependencies[name] = version;
  });
  copyFileSync(join(source, "bin", "cxlint.js"), join(out, "bin", "cxlint.js"));
  chmodSync(join(out, "bin", "cxlint.js"), 0o755);
  console.log(`${manifest.name}@${manifest.version} staged in ${out}`);
} else if (what === "platform" && rest.length === 2) {
  const [name, binary] = rest;
  out ??= join(ROOT, "target", "npm", name);
  const source = join(HERE, "@cxp-lint", name);
  let manifest;
  try {
    manifest = stage(source, out, () => {});
  } catch (e) {
    die(`no platform package ${name} in npm/@cxp-lint (${e.message})`);
  }
  const exe = manifest.os.includes("win32") ? "cxlint.exe" : "cxlint";
  try {
    copyFileSync(binary, join(out, "bin", exe));
  } catch (e) {
    die(`cannot copy the binary: ${e.message}`);
  }
  chmodSync(join(out, "bin", exe), 0o755);
  console.log(`${manifest.name}@${manifest.version} staged in ${out} with ${binary}`);
} else {
  die("usage: prepare.mjs launcher [--out DIR] | prepare.mjs platform NAME BINARY [--out DIR]");
}
