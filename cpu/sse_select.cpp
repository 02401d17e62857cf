// Entry point of the SSE family. This default registers nothing; the SSE
// family replaces this file (see cpu/README.md, "Adding a family").
#include "cpu/family.h"

namespace emu::cpu {

void register_sse(Registry&) {}

}  // namespace emu::cpu
