// user32 character helpers (CharLowerBuff, CharPrev) and input: virtual-key
// mapping, input blocking, message waits.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

template <class S> uint64_t CharLowerBuff(Call& c, Ptr p, uint32_t n) {
  for (uint32_t i = 0; i < n && i < (1u << 20); ++i) {
    if constexpr (S::wide) { uint16_t ch = c.s.read_u16(p + 2 * i); if (ch >= 'A' && ch <= 'Z') c.s.write_u16(p + 2 * i, ch + 32); }
    else { uint8_t ch = c.s.mem.read_as<uint8_t>(p + i).value_or(0); if (ch >= 'A' && ch <= 'Z') c.s.mem.write_as<uint8_t>(p + i, ch + 32); }
  }
  return n;
}
template <class S> uint64_t CharPrev(Call&, Ptr start, Ptr cur) { return cur > start ? cur - (S::wide ? 2 : 1) : start; }
uint64_t MapVirtualKey(Call&, uint32_t code, uint32_t) { return code; }

}  // namespace

void register_user32_char_and_input(ApiRegistry& r) {
  auto t = r.table("user32");
  t.add<&CharLowerBuff<AStr>>("CharLowerBuffA");
  t.add<&CharLowerBuff<WStr>>("CharLowerBuffW");
  t.add<&CharPrev<AStr>>("CharPrevA");
  t.add<&CharPrev<WStr>>("CharPrevW");
  t.add<&MapVirtualKey>("MapVirtualKeyA");
  t.add<&MapVirtualKey>("MapVirtualKeyW");
  t.add<constant_result<0, 1>>("BlockInput");
  t.add<constant_result<0, 5>>("MsgWaitForMultipleObjects");
  t.add<constant_result<1, 0>>("GetInputState");
}

}  // namespace emu::winapi
