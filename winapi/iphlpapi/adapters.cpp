// iphlpapi network adapters, from the configuration's adapters.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

uint64_t GetAdaptersInfo(Call& c, Ptr buf, Ptr len) {
  const uint32_t size = c.s.x64 ? 704 : 640;
  const size_t n = std::max<size_t>(c.s.cfg.adapters.size(), 1);
  const uint32_t need = static_cast<uint32_t>(size * n);
  const uint32_t cap = c.s.read_u32(len);
  c.s.write_u32(len, need);
  if (!buf || cap < need) return 111;  // ERROR_BUFFER_OVERFLOW
  std::vector<uint8_t> z(need, 0);
  c.s.mem.write(buf, z.data(), z.size());
  for (size_t i = 0; i < c.s.cfg.adapters.size(); ++i) {
    const auto& a = c.s.cfg.adapters[i];
    const uint64_t e = buf + i * size;
    const unsigned ps = c.s.ptr_size;
    if (i + 1 < c.s.cfg.adapters.size()) c.s.write_ptr(e, e + size);
    c.s.write_u32(e + ps, static_cast<uint32_t>(i + 1));
    c.s.write_astr(e + ps + 4, a.name, 260);
    c.s.write_astr(e + ps + 4 + 260, a.description, 132);
    c.s.write_u32(e + ps + 4 + 260 + 132, 6);
    // MAC "00-13-CE-12-34-56"
    for (int k = 0; k < 6 && static_cast<size_t>(k * 3 + 2) <= a.mac_address.size(); ++k)
      c.s.mem.write_as<uint8_t>(e + ps + 4 + 260 + 132 + 4 + k, static_cast<uint8_t>(std::stoul(a.mac_address.substr(k * 3, 2), nullptr, 16)));
    const uint64_t ipl = e + ps + 4 + 260 + 132 + 4 + 8 + 4 + 4 + 4 + (c.s.x64 ? 4 : 0) + ps;  // IpAddressList
    c.s.write_astr(ipl + ps + 0, a.ip_address, 16);
    c.s.write_astr(ipl + ps + 16, a.subnet_mask, 16);
  }
  return 0;
}
uint64_t GetAdaptersAddresses(Call& c, uint32_t, uint32_t, Ptr, Ptr, Ptr len) { if (len) c.s.write_u32(len, 0); return 232; }

}  // namespace

void register_iphlpapi_adapters(ApiRegistry& r) {
  auto t = r.table("iphlpapi");
  t.add<&GetAdaptersInfo>("GetAdaptersInfo");
  t.add<&GetAdaptersAddresses>("GetAdaptersAddresses");
}

}  // namespace emu::winapi
