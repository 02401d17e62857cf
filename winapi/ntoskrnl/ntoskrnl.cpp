#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {
}  // namespace

void register_ntoskrnl(ApiRegistry& r) {
  (void)r;
}

}  // namespace emu::winapi
