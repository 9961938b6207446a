//! How the allocator treats freed memory, per kind of run.
//!
//! Why: mimalloc returns freed pages to the system after a delay (a second
//! by default), and a page returned and used again is zeroed again by the
//! kernel on its next touch. A one-shot build frees and reuses memory from
//! stage to stage (sources, rendered bodies, tokens, pages), so on a large
//! site much of its system time went to zeroing the same memory over and
//! over: at 100,000 pages on two cores, 12.8 s of system time and 52.5 s
//! wall, against 7.5 s and 41.8 s with freed memory kept, for a peak 4%
//! higher (2,422 → 2,523 MB); at 10,000 pages 4.21 → 3.96 s, peak 346 →
//! 351 MB. A one-shot run ends soon after, so keeping what it freed costs
//! nothing later. Long-running commands (`annals serve`, `build --watch`)
//! leave the default and hand memory back between edits instead
//! ([`release_free_memory`]).

/// For every command, before it allocates much: no transparent huge pages
/// for this process.
///
/// Why: mimalloc asks for huge pages on its arenas where the system allows
/// them on request (Debian's default), and a huge page is faulted in, zeroed
/// and counted resident 2 MB at a time, touched in full or not. The build's
/// resident peak at 10,000 pages was 282 MB with them and 242 MB without,
/// with less system time (0.81 → 0.52 s) and the same wall time within noise
/// (more page faults, less zeroing); at 100,000 pages 1,874 → 1,824 MB. mimalloc's own switch (`MIMALLOC_ALLOW_THP=0`) is
/// read when the allocator starts, before `main`, so it is set here for the
/// process instead.
pub fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: `PR_SET_THP_DISABLE` only sets a flag of this process; it takes
    // no pointers. It fails only on kernels without it, where there is
    // nothing to turn off.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// `mi_option_purge_delay` in mimalloc's `mi_option_e` (`mimalloc.h`, the
/// same index in versions 2 and 3); the Rust bindings name only some options.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// For one-shot commands (`annals build`, `snapshot`, `check`): freed memory
/// stays with the process for reuse instead of going back to the system.
pub fn keep_freed_memory() {
    // SAFETY: sets one of the allocator's options; safe at any time.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}

/// For long-running commands: collects the freed memory of every rayon
/// worker and of this thread and returns what is free to the system. The
/// allocator keeps freed pages per thread and purges them only when that
/// thread allocates again; `annals serve` builds the index on a thread that
/// then ends, and its rebuild threads sit idle between edits, so without
/// this its resident memory grew by the size of one index build (10,000
/// pages: 343 → 467 MB over 20 edits; 339 → 320 MB with this). Run it off
/// the edit path, after a build or an index update.
pub fn release_free_memory() {
    rayon::broadcast(|_| mimalloc_collect(false));
    mimalloc_collect(true);
}

fn mimalloc_collect(force: bool) {
    // SAFETY: `mi_collect` only walks the allocator's own free lists; it is
    // safe to call from any thread at any time.
    unsafe { libmimalloc_sys::mi_collect(force) }
}

#[cfg(test)]
mod tests {
    #[cfg(target_os = "linux")]
    #[test]
    fn huge_pages_are_turned_off_for_the_process() {
        super::no_huge_pages();
        // SAFETY: reads a flag of this process.
        assert_eq!(unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) }, 1);
    }

    #[test]
    fn the_purge_delay_option_is_the_one_set() {
        // SAFETY: reads and sets the allocator's options.
        let default = unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) };
        // The purge delay defaults to 10 or 1,000 ms (by version); the
        // options beside it in the list (eager commit delay: 1, NUMA nodes:
        // 0) do not.
        assert!(default >= 10, "option {} is {default}", super::MI_OPTION_PURGE_DELAY);
        super::keep_freed_memory();
        assert_eq!(unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) }, -1);
        unsafe { libmimalloc_sys::mi_option_set(super::MI_OPTION_PURGE_DELAY, default) };
    }
}
