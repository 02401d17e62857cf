// user32 dialogs and registered window messages: no desktop, dialogs end at
// once.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

uint64_t RegisterWindowMessage(Call&, Ptr) { return 0xC100; }

}  // namespace

void register_user32_dialog(ApiRegistry& r) {
  auto t = r.table("user32");
  t.add<&RegisterWindowMessage>("RegisterWindowMessageA");
  t.add<&RegisterWindowMessage>("RegisterWindowMessageW");
  t.add<constant_result<0, 5>>("DialogBoxParamA");
  t.add<constant_result<0, 5>>("DialogBoxParamW");
  t.add<constant_result<0, 5>>("CreateDialogParamA");
  t.add<constant_result<0, 5>>("CreateDialogParamW");
  t.add<constant_result<1, 2>>("EndDialog");
}

}  // namespace emu::winapi
