// user32 RegisterClipboardFormat: a registered format id in 0xC000..0xFFFF;
// the same name (compared without case) gives the same id within a session.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

template <class S> uint64_t RegisterClipboardFormat(Call& c, S name) {
  if (name.null() || name.str.empty()) return fail(c, kErrInvalidParameter);
  const std::string key = "user32.clipboard_format." + lower(name.str);
  auto it = c.s.props.find(key);
  if (it != c.s.props.end()) return std::stoul(it->second);
  const std::string next_key = "user32.clipboard_format.next";
  const uint32_t id = c.s.props.count(next_key) ? static_cast<uint32_t>(std::stoul(c.s.props[next_key])) : 0xC000;
  if (id > 0xFFFF) return fail(c, kErrNotEnoughMemory);
  c.s.props[next_key] = std::to_string(id + 1);
  c.s.props[key] = std::to_string(id);
  return id;
}

}  // namespace

void register_user32_clipboard_format(ApiRegistry& r) {
  auto t = r.table("user32");
  t.add<&RegisterClipboardFormat<AStr>>("RegisterClipboardFormatA");
  t.add<&RegisterClipboardFormat<WStr>>("RegisterClipboardFormatW");
}

}  // namespace emu::winapi
