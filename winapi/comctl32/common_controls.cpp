// comctl32 common-control initialisation.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

uint64_t ret0_0(Call&) { return 0; }
uint64_t ret1_1(Call&, uint64_t) { return 1; }

}  // namespace

void register_comctl32_common_controls(ApiRegistry& r) {
  auto t = r.table("comctl32");
  t.add<&ret0_0>("InitCommonControls");
  t.add<&ret1_1>("InitCommonControlsEx");
}

}  // namespace emu::winapi
