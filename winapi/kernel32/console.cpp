// kernel32 console queries: screen buffer and title of a console without a window.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

uint64_t GetConsoleScreenBufferInfo(Call& c, Handle, Ptr info) {
  std::vector<uint8_t> z(22, 0);
  c.s.mem.write(info, z.data(), z.size());
  c.s.write_u16(info, 80);
  c.s.write_u16(info + 2, 300);
  return 1;
}
template <class S> uint64_t GetConsoleTitle(Call& c, Ptr buf, uint32_t n) { if (buf && n) c.s.write_str<S>(buf, "", n); return 0; }

}  // namespace

void register_kernel32_console(ApiRegistry& r) {
  auto t = r.table("kernel32");
  t.add<&GetConsoleScreenBufferInfo>("GetConsoleScreenBufferInfo");
  t.add<&GetConsoleTitle<AStr>>("GetConsoleTitleA");
  t.add<&GetConsoleTitle<WStr>>("GetConsoleTitleW");
}

}  // namespace emu::winapi
