#ifndef SWITCHBOARD_CALLOCATOR_H
#define SWITCHBOARD_CALLOCATOR_H

// glibc's malloc_trim, which Swift's Glibc module does not export (it lives in <malloc.h>).
// Elsewhere the call does nothing and reports that nothing was released.

// A C library header first: it is what defines __GLIBC__.
#include <stdlib.h>

#if defined(__GLIBC__)
#include <malloc.h>
static inline int switchboard_malloc_trim(void) { return malloc_trim(0); }
#else
static inline int switchboard_malloc_trim(void) { return 0; }
#endif

#endif
