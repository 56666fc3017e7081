#if canImport(Glibc)
    import Glibc
    import Testing

    @testable import SwitchboardDaemon

    @Suite("Daemon: free memory handed back to the system")
    struct FreeMemoryTests {
        @Test("pages freed inside the heap (holes between blocks in use) stop being resident")
        func releasesHoles() throws {
            // 32 KiB blocks come from the heap (under the mmap threshold), every byte written so each
            // page is resident. Freeing every other one leaves holes that free() alone never returns:
            // each is fenced by a block still in use.
            let size = 32 * 1024
            let blocks = (0..<512).map { _ in
                let block = malloc(size)!
                memset(block, 1, size)
                return block
            }
            defer { for index in stride(from: 1, to: blocks.count, by: 2) { free(blocks[index]) } }
            let holes = stride(from: 0, to: blocks.count, by: 2).map { blocks[$0] }
            for hole in holes { free(hole) }

            let residentBefore = try residentFraction(of: holes, size: size)
            #expect(FreeMemory.release())
            let residentAfter = try residentFraction(of: holes, size: size)

            // Other tests allocate meanwhile and may reuse a few holes: most, not all, must go.
            #expect(residentBefore > 0.9, "\(residentBefore)")
            #expect(residentAfter < 0.25, "\(residentAfter)")
        }

        /// The share of whole pages inside the blocks (their edges hold the allocator's own
        /// headers) that are resident, from `mincore`.
        private func residentFraction(of blocks: [UnsafeMutableRawPointer], size: Int) throws -> Double {
            let page = Int(sysconf(Int32(_SC_PAGESIZE)))
            var resident = 0
            var total = 0
            for block in blocks {
                let start = (Int(bitPattern: block) + 2 * page - 1) / page * page
                let end = (Int(bitPattern: block) + size - page) / page * page
                guard end > start else { continue }
                var vector = [UInt8](repeating: 0, count: (end - start) / page)
                let result = vector.withUnsafeMutableBufferPointer { buffer in
                    mincore(UnsafeMutableRawPointer(bitPattern: start), end - start, buffer.baseAddress)
                }
                try #require(result == 0, "mincore failed: errno \(errno)")
                resident += vector.filter { $0 & 1 != 0 }.count
                total += vector.count
            }
            try #require(total > 0)
            return Double(resident) / Double(total)
        }
    }
#endif
