// user32 dialogs and registered window messages: no desktop, dialogs end at
// once.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

uint64_t ret1_2(Call&, uint64_t, uint64_t) { return 1; }
uint64_t ret0_5(Call&, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t) { return 0; }
uint64_t RegisterWindowMessage(Call&, Ptr) { return 0xC100; }

}  // namespace

void register_user32_dialog(ApiRegistry& r) {
  auto t = r.table("user32");
  t.add<&RegisterWindowMessage>("RegisterWindowMessageA");
  t.add<&RegisterWindowMessage>("RegisterWindowMessageW");
  t.add<&ret0_5>("DialogBoxParamA");
  t.add<&ret0_5>("DialogBoxParamW");
  t.add<&ret0_5>("CreateDialogParamA");
  t.add<&ret0_5>("CreateDialogParamW");
  t.add<&ret1_2>("EndDialog");
}

}  // namespace emu::winapi
