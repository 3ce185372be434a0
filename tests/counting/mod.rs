//! An allocator for the tests that count memory: it hands every request to the system
//! allocator and keeps, across threads, the bytes allocated and not yet freed, their
//! peak, and the number of allocations made. Numbers that do not depend on the machine.
//!
//! A test binary installs it with
//! `#[global_allocator] static ALLOCATOR: counting::Counting = counting::Counting;`
//! and holds one test, so no other test allocates while it counts.

#![allow(dead_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

pub struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static MADE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            MADE.fetch_add(1, Ordering::Relaxed);
            let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

/// Bytes held at their highest while `f` ran, above what was held when it started; and
/// what `f` returned.
pub fn peak_during<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let out = f();
    (PEAK.load(Ordering::Relaxed) - before, out)
}

/// Allocations made while `f` ran; and what `f` returned.
pub fn allocations_during<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let before = MADE.load(Ordering::Relaxed);
    let out = f();
    (MADE.load(Ordering::Relaxed) - before, out)
}
