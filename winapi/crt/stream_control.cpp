// C runtime stream control: descriptors, positions, buffering.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

uint64_t ret0_2(Call&, uint64_t, uint64_t) { return 0; }
uint64_t fileno_(Call&, Ptr) { return 3; }
uint64_t setvbuf(Call&, Ptr, Ptr, int32_t, uint64_t) { return 0; }

}  // namespace

void register_crt_stream_control(ApiRegistry& r) {
  auto t = r.table("msvcrt", Conv::Cdecl);
  t.add<&fileno_>("_fileno");
  t.add<&ret0_2>("fsetpos");
  t.add<&ret0_2>("fgetpos");
  t.add<&setvbuf>("setvbuf");
}

}  // namespace emu::winapi
