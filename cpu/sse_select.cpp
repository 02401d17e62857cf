// Entry point of the SSE family (SSE, SSE2, SSE3, SSSE3, SSE4.1, SSE4.2 on
// XMM registers, the MMX register forms, and the VEX forms listed in
// cpu/README.md): each file registers its own mnemonics. Runs after the
// integer families; the MOVSD / CMPSD selectors reject the string forms,
// which the registry then gives to the string family's selectors.
#include "cpu/avx_common.h"
#include "cpu/family.h"
#include "cpu/sse_common.h"
#include "cpu/sse_mmx.h"

namespace emu::cpu {

void register_sse(Registry& r) {
  register_sse_transfer(r);
  register_sse_int(r);
  register_sse_shuffle(r);
  register_sse_float(r);
  register_sse_convert(r);
  register_sse_string(r);
  register_sse_mmx(r);
  register_avx_moves(r);
}

}  // namespace emu::cpu
