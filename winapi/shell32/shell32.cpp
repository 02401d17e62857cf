#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {
}  // namespace

void register_shell32(ApiRegistry& r) {
  (void)r;
}

}  // namespace emu::winapi
