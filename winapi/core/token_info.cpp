#include "winapi/core/token_info.h"

#include "winapi/runtime/session.h"

namespace emu::winapi {

namespace {
constexpr uint32_t kTokenUser = 1, kTokenSessionId = 12, kTokenElevationType = 18, kTokenElevation = 20,
                   kTokenIntegrityLevel = 25;
}  // namespace

uint32_t token_info_size(const Session& s, uint32_t cls) {
  if (cls == kTokenUser) return 8 + 8 + 28;  // SID_AND_ATTRIBUTES + SID (S-1-5-21-x-y-z-1001)
  if (cls == kTokenIntegrityLevel) return 2 * s.ptr_size + 12;  // TOKEN_MANDATORY_LABEL + S-1-16-n
  return 4;
}

void write_token_info(Session& s, uint32_t cls, uint64_t buf) {
  switch (cls) {
    case kTokenElevation: s.write_u32(buf, s.cfg.user_is_admin ? 1 : 0); break;
    case kTokenElevationType: s.write_u32(buf, s.cfg.user_is_admin ? 2 : 3); break;
    case kTokenSessionId: s.write_u32(buf, 1); break;
    case kTokenIntegrityLevel: {  // high (admin) or medium
      const uint64_t sid = buf + 2 * s.ptr_size;
      s.write_ptr(buf, sid);
      s.write_u32(buf + s.ptr_size, 0x60);
      const uint8_t h[8] = {1, 1, 0, 0, 0, 0, 0, 16};
      s.mem.write(sid, h, sizeof h);
      s.write_u32(sid + 8, s.cfg.user_is_admin ? 0x3000 : 0x2000);
      break;
    }
    case kTokenUser: {
      const uint64_t sid = buf + 2 * s.ptr_size;
      s.write_ptr(buf, sid);
      s.write_u32(buf + s.ptr_size, 0);
      const uint8_t h[] = {1, 5, 0, 0, 0, 0, 0, 5, 21, 0, 0, 0};
      s.mem.write(sid, h, sizeof h);
      s.write_u32(sid + 12, 1111111111);
      s.write_u32(sid + 16, 2222222222u);
      s.write_u32(sid + 20, 3333333333u);
      s.write_u32(sid + 24, 1001);
      break;
    }
    default: s.write_u32(buf, 0); break;
  }
}

}  // namespace emu::winapi
