// ws2_32 helpers: select()'s FD_ISSET, WSAIoctl, address text and lists.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

uint64_t WSAFDIsSet(Call&, Handle, Ptr) { return 1; }
uint64_t WSAIoctl(Call&, Handle, uint32_t, Ptr, uint32_t, Ptr, uint32_t, Ptr, Ptr, Ptr) { return static_cast<uint32_t>(-1); }
uint64_t inet_pton(Call& c, int32_t, AStr src, Ptr dst) {
  const uint32_t v = Network::ipv4(src.str);
  if (!v) return 0;
  c.s.write_u32(dst, v);
  return 1;
}
uint64_t freeaddrinfo(Call&, Ptr) { return 0; }

}  // namespace

void register_ws2_32_socket_helpers(ApiRegistry& r) {
  auto t = r.table("ws2_32");
  t.add<&WSAFDIsSet>("__WSAFDIsSet");
  t.add<&WSAIoctl>("WSAIoctl");
  t.add<&inet_pton>("inet_pton");
  t.add<&freeaddrinfo>("freeaddrinfo");
}

}  // namespace emu::winapi
