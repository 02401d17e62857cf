#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {
}  // namespace

void register_crt_stdio(ApiRegistry& r) {
  (void)r;
}

}  // namespace emu::winapi
