// urlmon ObtainUserAgentString: Internet Explorer 8's user agent.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

template <class S> uint64_t ObtainUserAgentString(Call& c, uint32_t, Ptr buf, Ptr size) {
  const std::string ua = "Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1; Trident/4.0)";
  const uint32_t cap = c.s.read_u32(size);
  c.s.write_u32(size, static_cast<uint32_t>(ua.size() + 1));
  if (cap <= ua.size()) return 0x8007000E;
  c.s.write_astr(buf, ua);
  return 0;
}

}  // namespace

void register_urlmon_user_agent(ApiRegistry& r) {
  auto t = r.table("urlmon");
  t.add<&ObtainUserAgentString<AStr>>("ObtainUserAgentString");
}

}  // namespace emu::winapi
