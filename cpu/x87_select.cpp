// Entry point of the x87 family. This default registers nothing; the x87
// family replaces this file (see cpu/README.md, "Adding a family").
#include "cpu/family.h"

namespace emu::cpu {

void register_x87(Registry&) {}

}  // namespace emu::cpu
