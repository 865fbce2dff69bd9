//! Giving memory back to the system after a burst of short-lived allocations.
//!
//! glibc keeps freed heap memory mapped for the next `malloc`, in the arena of the thread that
//! freed it. A service's first request parses its model (`registry.rs`): for AWS Backup a
//! 200 KB JSON document read into a tree of values, then into the model, about 2 MiB that
//! stayed resident once the tree was dropped, in an idle gateway that otherwise needs a few
//! hundred KB of heap (docs/benchmarks.md, session 8).

/// Returns the free memory of every malloc arena to the system (glibc's `malloc_trim`), where
/// the allocator is glibc's; elsewhere nothing.
pub(crate) fn release_free_heap() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` only releases memory no allocation uses; it takes the arenas' locks
    // itself and may be called from any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}
