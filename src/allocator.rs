//! The process's allocator: mimalloc, for the `dossiersco` binary and the benches (which
//! include this file with `#[path]`), so what the benches measure is what is deployed.
//! See README « Allocator ».

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Turns transparent huge pages off for this process. mimalloc maps its memory in large
/// aligned arenas; with THP set to `always` (as on many Linux servers) each page first touched
/// in them became 2 MB resident, which raised the peak RSS of the worker and the generator by
/// ~20 MB, for no CPU measurably saved. Call first in `main`.
pub fn configure() {
    // SAFETY: prctl with integer arguments only; on a kernel without THP it fails, harmlessly.
    #[cfg(target_os = "linux")]
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}
