// Runs the cxlint command line (built for wasm32-wasip1) inside the page: each run gets
// a fresh instance, an in-memory file system holding the open files under their
// relative paths (mounted at `/`, the working directory), and captured output. Nothing
// here reaches the network: the module arrives inlined in the page, gzip-compressed.

import { WASI, File, Directory, PreopenDirectory, OpenFile } from "@bjorn3/browser_wasi_shim";

let compiled = null;

/** Decode the inlined module (base64 of gzip) and compile it, once. */
export async function load(base64) {
  if (compiled) return compiled;
  const binary = atob(base64.replace(/\s+/g, ""));
  const gz = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) gz[i] = binary.charCodeAt(i);
  const stream = new Blob([gz]).stream().pipeThrough(new DecompressionStream("gzip"));
  const bytes = await new Response(stream).arrayBuffer();
  compiled = await WebAssembly.compile(bytes);
  return compiled;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A directory tree for the shim from a map of relative path -> text. */
function tree(files) {
  const root = new Map();
  for (const [path, text] of files) {
    const parts = path.split("/").filter((p) => p && p !== ".");
    let dir = root;
    for (const part of parts.slice(0, -1)) {
      if (!dir.has(part)) dir.set(part, new Map());
      dir = dir.get(part);
    }
    dir.set(parts[parts.length - 1], text);
  }
  const build = (map) =>
    new Map(
      [...map].map(([name, v]) => [
        name,
        v instanceof Map ? new Directory(build(v)) : new File(typeof v === "string" ? encoder.encode(v) : v),
      ]),
    );
  return build(root);
}

/** The files of a shim directory, back as a map of relative path -> text. */
function read(contents, prefix = "", out = new Map()) {
  for (const [name, entry] of contents) {
    if (entry instanceof Directory) read(entry.contents, `${prefix}${name}/`, out);
    else if (entry instanceof File) out.set(prefix + name, decoder.decode(entry.data));
  }
  return out;
}

/**
 * Run `cxlint ARGS…` over `files` (a Map of relative path -> text). Resolves to
 * { code, stdout, stderr, files, ms }, `files` being the file system afterwards (what
 * `fmt` rewrote).
 */
export async function run(args, files) {
  const module = compiled;
  if (!module) throw new Error("cxlint is not loaded yet");
  const started = performance.now();
  const stdout = new File([]);
  const stderr = new File([]);
  const root = new PreopenDirectory("/", tree(files));
  const fds = [new OpenFile(new File([])), new OpenFile(stdout), new OpenFile(stderr), root];
  // Regular files as standard output and error: not a terminal, so no colours.
  const wasi = new WASI(["cxlint", ...args], ["NO_COLOR=1", "TERM=dumb"], fds, { debug: false });
  const instance = await WebAssembly.instantiate(module, { wasi_snapshot_preview1: wasi.wasiImport });
  let code;
  try {
    code = wasi.start(instance);
  } catch (e) {
    // A trap (a panic aborts): report it as trouble with what was written so far.
    code = 101;
    stderr.data = new Uint8Array([...stderr.data, ...encoder.encode(`\n${e}`)]);
  }
  return {
    code,
    stdout: decoder.decode(stdout.data),
    stderr: decoder.decode(stderr.data),
    files: read(root.dir.contents),
    ms: performance.now() - started,
  };
}
