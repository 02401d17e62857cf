// winmm timers (timeGetTime follows the emulated clock) and sounds.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

uint64_t timeGetTime(Call& c) { return c.s.tick_ms() & 0xFFFFFFFF; }

}  // namespace

void register_winmm_timer_sound(ApiRegistry& r) {
  auto t = r.table("winmm");
  t.add<&timeGetTime>("timeGetTime");
  t.add<constant_result<0, 1>>("timeBeginPeriod");
  t.add<constant_result<0, 1>>("timeEndPeriod");
  t.add<constant_result<0, 5>>("timeSetEvent");
  t.add<constant_result<0, 3>>("PlaySoundA");
  t.add<constant_result<0, 3>>("PlaySoundW");
}

}  // namespace emu::winapi
