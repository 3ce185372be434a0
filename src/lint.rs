//! One lint run: load files, evaluate rules in parallel, apply suppressions and waivers, sort.
