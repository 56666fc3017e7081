// The module's functions are inline in include/CAllocator.h; SwiftPM needs one source file.
#include "CAllocator.h"
