#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {
}  // namespace

void register_kernel32_system(ApiRegistry& r) {
  (void)r;
}

}  // namespace emu::winapi
