// user32 menus a program edits without showing them: GetSystemMenu (the
// window menu, one per window), CreateMenu / CreatePopupMenu, and
// DeleteMenu / RemoveMenu / DestroyMenu on them. Malware strips the Close
// item from its console's system menu so the user cannot close it.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

constexpr uint32_t kErrInvalidMenuHandle = 1401;

bool is_menu(Call& c, uint64_t h) {
  auto m = c.s.handles.get<GenericObject>(h);
  return m && std::string(m->kind()) == "menu";
}
uint64_t new_menu(Call& c) { return c.s.handles.add(std::make_shared<GenericObject>("menu")); }

// bRevert = FALSE: the window's menu (made on first use); TRUE: back to the
// default menu, returning NULL.
uint64_t GetSystemMenu(Call& c, Handle window, uint32_t revert) {
  if (revert) return 0;
  const std::string key = "user32.system_menu." + std::to_string(window);
  if (auto it = c.s.props.find(key); it != c.s.props.end()) {
    const uint64_t h = std::stoull(it->second);
    if (is_menu(c, h)) return h;
  }
  const uint64_t h = new_menu(c);
  c.s.props[key] = std::to_string(h);
  return h;
}
uint64_t CreateMenu(Call& c) { return new_menu(c); }
uint64_t DeleteMenu(Call& c, Handle menu, uint32_t, uint32_t) {
  return is_menu(c, menu) ? 1 : fail(c, kErrInvalidMenuHandle);
}
uint64_t DestroyMenu(Call& c, Handle menu) {
  if (!is_menu(c, menu)) return fail(c, kErrInvalidMenuHandle);
  c.s.handles.close(menu);
  return 1;
}

}  // namespace

void register_user32_system_menu(ApiRegistry& r) {
  auto t = r.table("user32");
  t.add<&GetSystemMenu>("GetSystemMenu");
  t.add<&CreateMenu>("CreateMenu");
  t.add<&CreateMenu>("CreatePopupMenu");
  t.add<&DeleteMenu>("DeleteMenu");
  t.add<&DeleteMenu>("RemoveMenu");
  t.add<&DestroyMenu>("DestroyMenu");
}

}  // namespace emu::winapi
