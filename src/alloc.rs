//! The allocator of claimgraph's programs: jemalloc, asked to back the
//! memory it maps with transparent huge pages.
//!
//! At `large` the graph is some three gigabytes that queries and the loader
//! read at random (id tables, name sieves, rows of incidence, path marks).
//! With 4 KiB pages nearly every such read also misses the TLB; with 2 MiB
//! pages the whole graph is covered by it. Linux grants huge pages to memory
//! that asks for them (`madvise`), which glibc's malloc never does and
//! jemalloc does when told `thp:always`. jemalloc also hands the many small
//! allocations of parsing out faster, and returns freed memory to the
//! system after a while, so a reload does not leave two graphs' worth
//! resident.
//!
//! Only programs pick their allocator: `main.rs` and the benches call
//! [`crate::use_jemalloc!`]; the library and its tests keep the system's.

/// jemalloc, re-exported for [`crate::use_jemalloc!`].
#[cfg(not(target_env = "msvc"))]
pub use tikv_jemallocator::Jemalloc;

/// jemalloc's options as a C string, where jemalloc looks for them at start.
#[repr(transparent)]
pub struct Options(pub *const std::ffi::c_char);

// SAFETY: a pointer to a static, immutable C string, read by jemalloc alone.
unsafe impl Sync for Options {}

/// Huge pages for the memory jemalloc maps, both for allocations and for its
/// own metadata. `_RJEM_MALLOC_CONF` in the environment overrides them.
pub const OPTIONS: Options = Options(c"thp:always,metadata_thp:always".as_ptr());

/// Makes jemalloc, with [`OPTIONS`], the allocator of the program whose
/// crate root calls it.
#[macro_export]
macro_rules! use_jemalloc {
    () => {
        #[cfg(not(target_env = "msvc"))]
        #[global_allocator]
        static GLOBAL: $crate::alloc::Jemalloc = $crate::alloc::Jemalloc;

        #[cfg(not(target_env = "msvc"))]
        #[unsafe(export_name = "_rjem_malloc_conf")]
        static MALLOC_OPTIONS: $crate::alloc::Options = $crate::alloc::OPTIONS;
    };
}
