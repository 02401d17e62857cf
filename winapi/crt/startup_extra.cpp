// C runtime startup data: the WinMain command line, the initial environment
// pointer.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

uint64_t winmain_cmdline(Call& c) {
  // The command line after the program name.
  std::string cl = c.s.command_line;
  size_t i = 0;
  if (!cl.empty() && cl[0] == '"') { i = cl.find('"', 1); i = i == std::string::npos ? cl.size() : i + 1; }
  else { i = cl.find(' '); if (i == std::string::npos) i = cl.size(); }
  while (i < cl.size() && cl[i] == ' ') ++i;
  const uint64_t b = c.s.static_buffer("crt.winmain", cl.size() + 2);
  c.s.write_astr(b, utf8_to_ansi(cl.substr(i)));
  return b;
}
uint64_t p_initenv(Call& c) { return c.s.static_buffer("crt.penv", 8); }

}  // namespace

void register_crt_startup_extra(ApiRegistry& r) {
  auto t = r.table("msvcrt", Conv::Cdecl);
  t.add<&winmain_cmdline>("_get_narrow_winmain_command_line");
  t.add<&p_initenv>("__p___initenv");
}

}  // namespace emu::winapi
