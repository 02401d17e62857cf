#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {
}  // namespace

void register_ntdll(ApiRegistry& r) {
  (void)r;
}

}  // namespace emu::winapi
