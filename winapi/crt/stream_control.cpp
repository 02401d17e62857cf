// C runtime stream control: descriptors, positions, buffering.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

uint64_t fileno_(Call&, Ptr) { return 3; }
uint64_t setvbuf(Call&, Ptr, Ptr, int32_t, uint64_t) { return 0; }

}  // namespace

void register_crt_stream_control(ApiRegistry& r) {
  auto t = r.table("msvcrt", Conv::Cdecl);
  t.add<&fileno_>("_fileno");
  t.add<constant_result<0, 2>>("fsetpos");
  t.add<constant_result<0, 2>>("fgetpos");
  t.add<&setvbuf>("setvbuf");
}

}  // namespace emu::winapi
