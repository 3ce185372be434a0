fn main() {
    std::process::exit(cxlint::cli::main());
}

/// Every allocation of the command line goes through mimalloc: a plan is read into
/// millions of small names, values and lists that live for one file, and mimalloc takes
/// and frees them in fewer steps than the C libraries' allocators (docs/performance.md,
/// "The memory allocator"). The browser build keeps its platform's allocator.
#[cfg(not(target_family = "wasm"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
