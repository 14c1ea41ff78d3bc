//! The app process's allocator, tuned for a long-running window that answers many commands.
//!
//! glibc's malloc gives each thread that allocates its own arena (up to 8 per core) and keeps
//! what is freed in it; and after a large block is freed it raises its mmap threshold (up to
//! 32 MiB), so later large blocks — a command's JSON answer (128 KB for 200 ledger rows, 1 MB
//! for a room's power report) — come from those arenas and stay there once freed. Two arenas and
//! a fixed 256 KiB threshold return large blocks to the system as soon as they are freed
//! (docs/performance.md, "App": memory). WebKit's own processes use their own allocator and are
//! not affected.

/// Applies the settings above. Call it first thing in `main`, before any thread exists, so every
/// arena is created under them.
pub fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes the allocator's parameters; it takes its own lock. A
    // rejected value (return 0) leaves glibc's default, which is harmless.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 256 * 1024);
    }
}
