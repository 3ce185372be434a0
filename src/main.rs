fn main() {
    allocator::tune();
    std::process::exit(cxlint::cli::main());
}

/// The C library's allocator, set for a run that allocates and frees much in little
/// time: by default glibc gives blocks of 128 KiB and more their own mapping, returned
/// to the system when freed, and hands back free memory at the top of the heap once it
/// passes 128 KiB. cxlint then takes it again for the next file or the next list, and
/// every page taken anew is a page fault the system must zero. Kept instead (blocks up
/// to 4 MiB from the heap, up to 16 MiB kept free), a plan with 10,000 findings takes
/// about 8 % fewer page faults and 6 % less CPU (docs/performance.md). Larger values
/// gain a little more but let `report` over 10,000 plans grow from 140 to 185 MB (its
/// large lists no longer mapped and returned one by one); these cost it 3 MB.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
mod allocator {
    use std::os::raw::c_int;

    extern "C" {
        fn mallopt(param: c_int, value: c_int) -> c_int;
    }

    const M_TRIM_THRESHOLD: c_int = -1;
    const M_MMAP_THRESHOLD: c_int = -3;

    pub fn tune() {
        // SAFETY: mallopt takes two integers and changes only the allocator's
        // thresholds; it is called before any other thread exists. A refusal (its
        // result 0) leaves the defaults, which are correct, only slower.
        unsafe {
            mallopt(M_MMAP_THRESHOLD, 4 << 20);
            mallopt(M_TRIM_THRESHOLD, 16 << 20);
        }
    }
}

/// Other C libraries and systems keep their defaults.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
mod allocator {
    pub fn tune() {}
}
