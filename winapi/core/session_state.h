// Per-emulation state of one handler area that the Session does not declare
// (the atom tables, ...): a host object made on first use and kept in
// Session::area_state under the area's name, out of the guest's reach.
#pragma once

#include <memory>
#include <string>

#include "winapi/runtime/session.h"

namespace emu::winapi {

template <class T> T& session_state(Session& s, const std::string& key) {
  std::shared_ptr<void>& slot = s.area_state[key];
  if (!slot) slot = std::make_shared<T>();
  return *std::static_pointer_cast<T>(slot);
}

}  // namespace emu::winapi
