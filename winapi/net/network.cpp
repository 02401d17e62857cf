#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {
}  // namespace

void register_network(ApiRegistry& r) {
  (void)r;
}

}  // namespace emu::winapi
