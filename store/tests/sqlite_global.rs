//! SQLite as the store sets it up for a server (`store::sqlite_global`, `.cargo/config.toml`):
//! built without memory management (no page pool shared by every connection behind one lock),
//! and allocating from the program's allocator. Its own test binary: the settings only hold
//! when made before SQLite's first connection.

use rusqlite::ffi;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The system allocator, counting the bytes asked of it through Rust.
struct Counting;

static ALLOCATED: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATED.fetch_add(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

#[test]
fn sqlite_is_built_for_a_server_and_allocates_from_the_program() {
    dossiersco_store::sqlite_global::configure();
    let used = |option: &std::ffi::CStr| unsafe { ffi::sqlite3_compileoption_used(option.as_ptr()) };
    assert_eq!(
        used(c"ENABLE_MEMORY_MANAGEMENT"),
        0,
        "LIBSQLITE3_FLAGS of .cargo/config.toml not applied"
    );
    assert_eq!(used(c"DEFAULT_MEMSTATUS=0"), 1);

    let before = ALLOCATED.load(Ordering::Relaxed);
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    // ~1 MB of pages, all in the connection's page cache.
    conn.execute_batch(
        "CREATE TABLE t (x BLOB);
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
         INSERT INTO t SELECT randomblob(500) FROM n;",
    )
    .unwrap();
    let through_rust = ALLOCATED.load(Ordering::Relaxed) - before;
    assert!(
        through_rust > 1_000_000,
        "SQLite's pages came from elsewhere: {through_rust} bytes through the program's allocator"
    );
}
