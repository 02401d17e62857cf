// comctl32 common-control initialisation.
#include "winapi/core/handler.h"

namespace emu::winapi {
void register_comctl32_common_controls(ApiRegistry& r) {
  auto t = r.table("comctl32");
  t.add<constant_result<0, 0>>("InitCommonControls");
  t.add<constant_result<1, 1>>("InitCommonControlsEx");
}

}  // namespace emu::winapi
