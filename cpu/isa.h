// What the interpreter implements, for the ISA coverage report.
#pragma once

#include <Zydis/Zydis.h>

namespace emu::cpu {

// True if some operand form of `m` has a handler (derived from the same
// registry the decoder uses; a registered mnemonic may still reject rare
// forms, which then stop as Unimplemented).
bool is_implemented(ZydisMnemonic m);

}  // namespace emu::cpu
