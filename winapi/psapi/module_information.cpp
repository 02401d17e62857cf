// psapi GetModuleInformation (and kernel32's K32 alias): base, size, entry of
// a loaded module.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

uint64_t GetModuleInformation(Call& c, Handle, Handle mod, Ptr info, uint32_t) {
  for (auto& m : c.s.proc.modules())
    if (m->base == mod.v || (!mod.v && m.get() == &c.s.proc.main_module())) {
      c.s.write_ptr(info, m->base);
      c.s.write_u32(info + c.s.ptr_size, static_cast<uint32_t>(m->size));
      c.s.write_ptr(info + 2 * c.s.ptr_size, m->entry);
      return 1;
    }
  return 0;
}

}  // namespace

void register_psapi_module_information(ApiRegistry& r) {
  auto t = r.table("psapi");
  t.add<&GetModuleInformation>("GetModuleInformation");
  auto t2 = r.table("kernel32");
  t2.add<&GetModuleInformation>("K32GetModuleInformation");
}

}  // namespace emu::winapi
