// userenv LoadUserProfileA/W and UnloadUserProfile. The caller must pass a
// PROFILEINFO whose dwSize is sizeof(PROFILEINFO) and whose lpUserName is a
// non-empty string; anything else fails with ERROR_INVALID_PARAMETER, which
// some samples probe on purpose.
// On success hProfile receives a registry key for the user's hive: the
// emulated machine has one user, so that is HKEY_CURRENT_USER.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

constexpr uint32_t kErrorInvalidParameter = 87;
constexpr uint64_t kHkeyCurrentUser = 0x80000001;

// PROFILEINFO: dwSize, dwFlags, then five string pointers and hProfile.
uint32_t profile_info_size(const Call& c) { return 8 + 6 * c.s.ptr_size; }

template <bool Wide> uint64_t LoadUserProfile(Call& c, Handle, Ptr info) {
  const uint64_t user = info ? c.s.read_ptr(info + 8) : 0;
  const bool empty_user = !user || (Wide ? c.s.read_u16(user) == 0 : (c.s.read_u16(user) & 0xFF) == 0);
  if (!info || c.s.read_u32(info) != profile_info_size(c) || empty_user) {
    c.s.set_last_error(kErrorInvalidParameter);
    return 0;
  }
  // Predefined keys are sign-extended 32-bit values in a 64-bit process.
  c.s.write_ptr(info + 8 + 5 * c.s.ptr_size, c.s.x64 ? 0xFFFFFFFF00000000ull | kHkeyCurrentUser : kHkeyCurrentUser);
  return 1;
}

uint64_t UnloadUserProfile(Call&, Handle, Handle) { return 1; }

}  // namespace

void register_userenv_user_profile(ApiRegistry& r) {
  auto t = r.table("userenv");
  t.add<&LoadUserProfile<false>>("LoadUserProfileA");
  t.add<&LoadUserProfile<true>>("LoadUserProfileW");
  t.add<&UnloadUserProfile>("UnloadUserProfile");
}

}  // namespace emu::winapi
