// winmm timers (timeGetTime follows the emulated clock) and sounds.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

uint64_t r0_1(Call&, uint64_t) { return 0; }
uint64_t r0_3(Call&, uint64_t, uint64_t, uint64_t) { return 0; }
uint64_t r0_5(Call&, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t) { return 0; }
uint64_t timeGetTime(Call& c) { return c.s.tick_ms() & 0xFFFFFFFF; }

}  // namespace

void register_winmm_timer_sound(ApiRegistry& r) {
  auto t = r.table("winmm");
  t.add<&timeGetTime>("timeGetTime");
  t.add<&r0_1>("timeBeginPeriod");
  t.add<&r0_1>("timeEndPeriod");
  t.add<&r0_5>("timeSetEvent");
  t.add<&r0_3>("PlaySoundA");
  t.add<&r0_3>("PlaySoundW");
}

}  // namespace emu::winapi
