//! SQLite's process-wide settings, which only hold when made before its first connection.
//!
//! Under load SQLite allocates a page buffer for every page a reader fetches again (a write
//! empties every reader's page cache) and a journal chunk for every page a savepoint
//! records. By default each of these goes through the C library's `malloc` and takes a
//! process-wide mutex to keep memory statistics nobody reads. Here SQLite allocates from the
//! program's allocator (mimalloc in the binary: per-thread free lists, no lock) and keeps no
//! statistics (`SQLITE_CONFIG_MEMSTATUS` off).

use rusqlite::ffi;
use std::alloc::{alloc, dealloc, realloc, Layout};
use std::os::raw::{c_int, c_void};
use std::sync::Once;

/// Bytes in front of each block: its size (SQLite asks for it back), keeping the block
/// 16-byte aligned as `malloc`'s are.
const HEADER: usize = 16;

/// Applies the settings once, before any connection; later calls do nothing. Called by
/// every opening function of this crate, and first thing by programs that may touch SQLite
/// through another path.
pub fn configure() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // SQLite copies the methods.
        let methods = ffi::sqlite3_mem_methods {
            xMalloc: Some(x_malloc),
            xFree: Some(x_free),
            xRealloc: Some(x_realloc),
            xSize: Some(x_size),
            xRoundup: Some(x_roundup),
            xInit: Some(x_init),
            xShutdown: Some(x_shutdown),
            pAppData: std::ptr::null_mut(),
        };
        // SQLITE_MISUSE when SQLite was already initialized (a connection opened elsewhere
        // first): it then keeps its defaults, which are correct, only slower.
        unsafe {
            ffi::sqlite3_config(ffi::SQLITE_CONFIG_MALLOC, &methods as *const ffi::sqlite3_mem_methods);
            ffi::sqlite3_config(ffi::SQLITE_CONFIG_MEMSTATUS, 0 as c_int);
        }
    });
}

fn layout(size: usize) -> Option<Layout> {
    Layout::from_size_align(size.checked_add(HEADER)?, HEADER).ok()
}

unsafe extern "C" fn x_malloc(size: c_int) -> *mut c_void {
    let Some(layout) = usize::try_from(size).ok().and_then(layout) else {
        return std::ptr::null_mut();
    };
    unsafe {
        let block = alloc(layout);
        if block.is_null() {
            return std::ptr::null_mut();
        }
        (block as *mut usize).write(size as usize);
        block.add(HEADER) as *mut c_void
    }
}

/// The block's start and the size it was asked with.
unsafe fn block_of(p: *mut c_void) -> (*mut u8, usize) {
    unsafe {
        let block = (p as *mut u8).sub(HEADER);
        (block, (block as *const usize).read())
    }
}

unsafe extern "C" fn x_free(p: *mut c_void) {
    if p.is_null() {
        return;
    }
    unsafe {
        let (block, size) = block_of(p);
        dealloc(block, Layout::from_size_align_unchecked(size + HEADER, HEADER));
    }
}

unsafe extern "C" fn x_realloc(p: *mut c_void, size: c_int) -> *mut c_void {
    if p.is_null() {
        return unsafe { x_malloc(size) };
    }
    let Ok(new_size) = usize::try_from(size) else {
        return std::ptr::null_mut();
    };
    if layout(new_size).is_none() {
        return std::ptr::null_mut();
    }
    unsafe {
        let (block, old_size) = block_of(p);
        let old = Layout::from_size_align_unchecked(old_size + HEADER, HEADER);
        let moved = realloc(block, old, new_size + HEADER);
        if moved.is_null() {
            return std::ptr::null_mut();
        }
        (moved as *mut usize).write(new_size);
        moved.add(HEADER) as *mut c_void
    }
}

unsafe extern "C" fn x_size(p: *mut c_void) -> c_int {
    if p.is_null() {
        return 0;
    }
    unsafe { block_of(p).1 as c_int }
}

unsafe extern "C" fn x_roundup(size: c_int) -> c_int {
    // SQLite's own rule for its default allocator: a multiple of 8.
    size.saturating_add(7) & !7
}

unsafe extern "C" fn x_init(_: *mut c_void) -> c_int {
    ffi::SQLITE_OK
}

unsafe extern "C" fn x_shutdown(_: *mut c_void) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_keep_their_size_through_realloc_and_are_aligned() {
        unsafe {
            let p = x_malloc(100);
            assert!(!p.is_null());
            assert_eq!(p as usize % 16, 0);
            assert_eq!(x_size(p), 100);
            std::ptr::write_bytes(p as *mut u8, 7, 100);
            let q = x_realloc(p, 5000);
            assert_eq!(x_size(q), 5000);
            assert_eq!(*(q as *const u8).add(99), 7);
            x_free(q);
            assert!(x_malloc(-1).is_null());
            assert_eq!(x_roundup(13), 16);
            x_free(std::ptr::null_mut());
        }
    }
}
