//! What the graph asks of the processor and the allocator directly: cache
//! prefetches for loops that read memory at random, handing freed pages
//! back to the system between the phases of a load, and the process's own
//! memory and processor time for the load's debug log.
//!
//! This file and [`super::utf8`] are the only places in the crate where
//! `unsafe` is allowed. Each block states why it is sound: a prefetch is a
//! hint that reads nothing and never faults; `malloc_trim` takes no pointer.

#![allow(unsafe_code)]

/// Asks the processor to bring the memory at `at` into cache, without
/// waiting for it: where a loop is about to read memory at random, its
/// cache misses then overlap instead of each waiting for the one before.
/// Any address may be given, past the end of an allocation included.
#[inline]
pub fn prefetch<T>(at: *const T) {
    // SAFETY: a prefetch is only a hint: it reads nothing the program sees
    // and never faults, whatever the address.
    #[cfg(target_arch = "x86_64")]
    unsafe {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        _mm_prefetch::<_MM_HINT_T0>(at.cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = at;
}

/// Hands the pages the allocator holds free back to the system.
///
/// glibc returns a freed block to the system only when it was mapped on its
/// own or lies at the top of its heap; the rest stays resident for later
/// allocations. The load frees a great deal amid its heaps (a batch of
/// claims once appended, the folded texts and mentions of each group of
/// sources once set aside), and what comes next does not reuse it all.
/// `malloc_trim` gives back every whole free page of every arena, in a few
/// milliseconds. Elsewhere than glibc it does nothing.
pub fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim takes no pointer and only walks glibc's own free
    // lists, under each arena's lock; any thread may call it at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// The resident memory of this process in MiB, for the debug log of the
/// load's phases; `None` where `/proc` does not say.
pub fn resident_mib() -> Option<u64> {
    status_mib("VmRSS:")
}

/// The most resident memory this process has had so far, in MiB: which
/// phase of the load set the peak.
pub fn peak_mib() -> Option<u64> {
    status_mib("VmHWM:")
}

/// A field of `/proc/self/status` given in kB, in MiB.
fn status_mib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

/// The processor time this process has used so far, in seconds, for the
/// debug log of the load's phases (where work on many cores hides behind a
/// short wall time, or other processes stretch it); `None` where `/proc`
/// does not say. Counts in the kernel's usual 100 ticks a second.
pub fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Past the command name, which may hold spaces: state is field 3,
    // utime and stime fields 14 and 15.
    let mut fields = stat.rsplit_once(')')?.1.split_whitespace().skip(11);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    Some((user + system) as f64 / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prefetch_of_any_address_is_harmless() {
        let v = [1u8, 2, 3];
        prefetch(v.as_ptr());
        prefetch(v.as_ptr().wrapping_add(1 << 40));
        prefetch(std::ptr::null::<u64>());
        release_free_memory();
        assert_eq!(v, [1, 2, 3]);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_process_reads_its_own_memory_and_time() {
        let (rss, peak) = (resident_mib().expect("VmRSS"), peak_mib().expect("VmHWM"));
        assert!(peak >= rss);
        assert!(cpu_seconds().is_some());
    }
}
