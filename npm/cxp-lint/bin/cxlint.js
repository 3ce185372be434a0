#!/usr/bin/env node
// The `cxlint` command of the npm package cxp-lint: runs the cxlint binary from the
// platform package that npm installed beside it (one of the optionalDependencies; npm
// installs only the one whose os, cpu and libc fit), passing arguments, standard streams
// and the exit code through. No install script: nothing runs at install time.
"use strict";

const { spawnSync } = require("child_process");
const path = require("path");

// Platform key (process.platform-process.arch, and the libc on Linux) -> package.
const PACKAGES = {
  "linux-x64-glibc": "@cxp-lint/linux-x64",
  "linux-arm64-glibc": "@cxp-lint/linux-arm64",
  "darwin-x64": "@cxp-lint/darwin-x64",
  "darwin-arm64": "@cxp-lint/darwin-arm64",
  "win32-x64": "@cxp-lint/win32-x64",
};

const DESCRIPTIONS = {
  "@cxp-lint/linux-x64": "Linux, x86-64, glibc 2.17 or later",
  "@cxp-lint/linux-arm64": "Linux, ARM64, glibc 2.17 or later",
  "@cxp-lint/darwin-x64": "macOS, Intel",
  "@cxp-lint/darwin-arm64": "macOS, Apple silicon",
  "@cxp-lint/win32-x64": "Windows, x86-64",
};

function libc() {
  if (process.platform !== "linux") return null;
  try {
    const header = process.report.getReport().header;
    return header.glibcVersionRuntime ? "glibc" : "musl";
  } catch (_) {
    return "unknown libc";
  }
}

function platformKey() {
  const key = `${process.platform}-${process.arch}`;
  const c = libc();
  return c ? `${key}-${c}` : key;
}

function binaryPath(pkg) {
  const exe = process.platform === "win32" ? "cxlint.exe" : "cxlint";
  const manifest = require.resolve(`${pkg}/package.json`);
  return path.join(path.dirname(manifest), "bin", exe);
}

function explain(key, pkg, reason) {
  const lines = [];
  const c = libc();
  const detected = `${process.platform} ${process.arch}${c ? ` (${c})` : ""}`;
  if (pkg) {
    lines.push(
      `cxlint: the binary for this platform (${detected}) is in the package ${pkg}, ` +
        `which is not installed${reason ? ` (${reason})` : ""}.`,
      "npm leaves optional dependencies out with --omit=optional or --no-optional, when it",
      "cannot fetch them, or when the lock file was made on another platform: reinstall",
      "cxp-lint without those (npm install cxp-lint).",
    );
  } else {
    lines.push(`cxlint: the npm package cxp-lint has no cxlint binary for this platform (${detected}).`);
  }
  lines.push("", "cxp-lint ships one binary package per platform:");
  for (const name of Object.values(PACKAGES)) {
    lines.push(`  ${name.padEnd(24)}${DESCRIPTIONS[name]}`);
  }
  lines.push(
    "",
    "Other ways to install cxlint:",
    "  pipx install cxp-lint      (or: uv tool install cxp-lint, pip install cxp-lint)",
    "  cargo install --path .     (in a checkout of cxlint's source, with a Rust toolchain)",
    "or set CXLINT_BINARY to the path of a cxlint binary to have this command run it.",
  );
  process.stderr.write(lines.join("\n") + "\n");
  process.exit(2);
}

function main() {
  let binary = process.env.CXLINT_BINARY;
  if (!binary) {
    const key = platformKey();
    const pkg = PACKAGES[key];
    if (!pkg) explain(key, null);
    try {
      binary = binaryPath(pkg);
    } catch (_) {
      explain(key, pkg);
    }
  }
  const result = spawnSync(binary, process.argv.slice(2), { stdio: "inherit", windowsHide: true });
  if (result.error) {
    if (result.error.code === "ENOENT" && !process.env.CXLINT_BINARY) {
      explain(platformKey(), PACKAGES[platformKey()], `no file ${binary}`);
    }
    process.stderr.write(`cxlint: cannot run ${binary}: ${result.error.message}\n`);
    process.exit(2);
  }
  if (result.signal) {
    process.kill(process.pid, result.signal);
    return;
  }
  process.exit(result.status === null ? 2 : result.status);
}

main();
