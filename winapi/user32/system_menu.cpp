// user32 menus a program edits without showing them: GetSystemMenu (the
// window menu, one per window), CreateMenu / CreatePopupMenu, and
// DeleteMenu / RemoveMenu / DestroyMenu on them. Malware strips the Close
// item from its console's system menu so the user cannot close it.
#include <map>

#include "winapi/core/handler.h"
#include "winapi/core/session_state.h"

namespace emu::winapi {
namespace {

constexpr uint32_t kErrInvalidMenuHandle = 1401;

bool is_menu(Call& c, uint64_t h) { return c.s.handles.find_kind(h, "menu") != nullptr; }
uint64_t new_menu(Call& c) { return c.s.handles.add(std::make_shared<GenericObject>("menu")); }

struct SystemMenus { std::map<uint64_t, uint64_t> by_window; };  // window -> menu handle

// bRevert = FALSE: the window's menu (made on first use); TRUE: back to the
// default menu, returning NULL.
uint64_t GetSystemMenu(Call& c, Handle window, uint32_t revert) {
  if (revert) return 0;
  uint64_t& menu = session_state<SystemMenus>(c.s, "user32.system_menus").by_window[window];
  if (!is_menu(c, menu)) menu = new_menu(c);
  return menu;
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
