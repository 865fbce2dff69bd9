//! Giving memory back to the system after a burst of short-lived allocations, and keeping the
//! heap in one arena.
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

/// Makes every thread allocate from glibc's main arena (`M_ARENA_MAX` 1), where the allocator
/// is glibc's; elsewhere nothing. Call it before the runtime starts its threads.
///
/// A thread's own arena grows its heap by `mprotect`ing exactly the pages an allocation needs,
/// with none of the main arena's 128 KiB of padding (`M_TOP_PAD`): a Tokio worker creating
/// resources paid one system call per ~4 KiB of new state, 0.21 per CreateBackupVault, where
/// the main arena's `brk` pays 0.01 (docs/benchmarks.md, session 9). One arena also keeps the
/// memory a request freed for the next one instead of in a second heap. Small allocations come
/// from glibc's per-thread cache without the arena's lock, so workers rarely wait on it.
pub fn use_one_arena() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` only changes allocator parameters; glibc applies `M_ARENA_MAX` to arenas
    // created afterwards and takes its own locks.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}
