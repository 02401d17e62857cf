// advapi32 security objects: descriptors, ACLs, SIDs, tokens, named-object
// security.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

uint64_t GetSidSubAuthorityCount(Call&, Ptr sid) { return sid + 1; }
uint64_t GetSidSubAuthority(Call&, Ptr sid, uint32_t i) { return sid + 8 + 4ull * i; }
uint64_t DuplicateTokenEx(Call& c, Handle, uint32_t, Ptr, uint32_t, uint32_t, Ptr out) {
  c.s.write_ptr(out, c.s.handles.add(std::make_shared<GenericObject>("token")));
  return 1;
}
uint64_t CreateWellKnownSid(Call& c, uint32_t, Ptr, Ptr sid, Ptr size) {
  if (size) {
    const uint32_t cap = c.s.read_u32(size);
    c.s.write_u32(size, 16);
    if (cap < 16) return fail(c, kErrInsufficientBuffer);
  }
  const uint8_t s[16] = {1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 0x20, 2, 0, 0};
  c.s.mem.write(sid, s, sizeof s);
  return 1;
}

}  // namespace

void register_advapi32_security(ApiRegistry& r) {
  auto t = r.table("advapi32");
  t.add<constant_result<1, 2>>("InitializeSecurityDescriptor");
  t.add<constant_result<1, 4>>("SetSecurityDescriptorDacl");
  t.add<constant_result<0, 4>>("SetEntriesInAclW");
  t.add<constant_result<0, 4>>("SetEntriesInAclA");
  t.add<constant_result<1, 4>>("SetTokenInformation");
  t.add<&GetSidSubAuthorityCount>("GetSidSubAuthorityCount");
  t.add<&GetSidSubAuthority>("GetSidSubAuthority");
  t.add<&DuplicateTokenEx>("DuplicateTokenEx");
  t.add<constant_result<0, 8>>("GetNamedSecurityInfoW");
  t.add<constant_result<0, 8>>("GetNamedSecurityInfoA");
  t.add<&CreateWellKnownSid>("CreateWellKnownSid");
  t.add<constant_result<1, 3>>("InitializeAcl");
}

}  // namespace emu::winapi
