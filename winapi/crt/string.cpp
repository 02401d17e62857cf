#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {
}  // namespace

void register_crt_string(ApiRegistry& r) {
  (void)r;
}

}  // namespace emu::winapi
