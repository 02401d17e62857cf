#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {
}  // namespace

void register_kernel32_memory(ApiRegistry& r) {
  (void)r;
}

}  // namespace emu::winapi
