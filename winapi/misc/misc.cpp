#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {
}  // namespace

void register_misc(ApiRegistry& r) {
  (void)r;
}

}  // namespace emu::winapi
