// kernel32 console: screen buffer, text attributes and title of a console
// without a window. Output handles are the console FileObjects of
// GetStdHandle (CONOUT$); the buffer's attributes are kept per emulation.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

constexpr uint16_t kDefaultAttributes = 0x07;  // light grey on black

bool is_console_output(Call& c, uint64_t h) {
  auto f = c.s.handles.get<FileObject>(h);
  return f && f->console && f->path != "CONIN$";
}

uint16_t attributes(Call& c) {
  auto it = c.s.props.find("console.attributes");
  return it == c.s.props.end() ? kDefaultAttributes : static_cast<uint16_t>(std::stoul(it->second));
}

// CONSOLE_SCREEN_BUFFER_INFO: dwSize, dwCursorPosition, wAttributes,
// srWindow, dwMaximumWindowSize (22 bytes).
uint64_t GetConsoleScreenBufferInfo(Call& c, Handle h, Ptr info) {
  if (!is_console_output(c, h)) return fail(c, kErrInvalidHandle);
  if (!info) return fail(c, kErrInvalidParameter);
  std::vector<uint8_t> z(22, 0);
  c.s.mem.write(info, z.data(), z.size());
  c.s.write_u16(info, 80);
  c.s.write_u16(info + 2, 300);
  c.s.write_u16(info + 8, attributes(c));
  c.s.write_u16(info + 14, 79);  // srWindow.Right
  c.s.write_u16(info + 16, 24);  // srWindow.Bottom
  c.s.write_u16(info + 18, 80);
  c.s.write_u16(info + 20, 300);
  return 1;
}

// SetConsoleTextAttribute(handle, attributes): colours of text written
// from now on, as GetConsoleScreenBufferInfo reports them.
uint64_t SetConsoleTextAttribute(Call& c, Handle h, uint32_t attr) {
  if (!is_console_output(c, h)) return fail(c, kErrInvalidHandle);
  c.s.props["console.attributes"] = std::to_string(attr & 0xFFFF);
  return 1;
}

template <class S> uint64_t GetConsoleTitle(Call& c, Ptr buf, uint32_t n) { if (buf && n) c.s.write_str<S>(buf, "", n); return 0; }

}  // namespace

void register_kernel32_console(ApiRegistry& r) {
  auto t = r.table("kernel32");
  t.add<&GetConsoleScreenBufferInfo>("GetConsoleScreenBufferInfo");
  t.add<&SetConsoleTextAttribute>("SetConsoleTextAttribute");
  t.add<&GetConsoleTitle<AStr>>("GetConsoleTitleA");
  t.add<&GetConsoleTitle<WStr>>("GetConsoleTitleW");
}

}  // namespace emu::winapi
