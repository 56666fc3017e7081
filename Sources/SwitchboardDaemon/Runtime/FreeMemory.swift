import CAllocator

/// Gives the allocator's free memory back to the system.
///
/// glibc's `malloc` keeps freed memory for reuse and returns it to the system only from the top
/// of its heap. A daemon's heap fills with holes as it runs (the start-up backfill's records,
/// batches, sliding windows that grow and shrink), and those pages stay resident although
/// nothing uses them. `malloc_trim(0)` releases every whole free page in every arena (with
/// `madvise`, since glibc 2.8), which keeps the resident figure close to the memory in use. It
/// holds each arena's lock while it walks it, so the runtime calls it every ten seconds rather
/// than on every sample (docs/PERFORMANCE.md has what it costs and saves).
enum FreeMemory {
    /// Releases free pages; true when the system got some back. Does nothing off glibc.
    @discardableResult
    static func release() -> Bool { switchboard_malloc_trim() == 1 }
}
