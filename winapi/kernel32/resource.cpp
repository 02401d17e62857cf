// kernel32 resources: FindResource, LoadResource, SizeofResource, read from
// the resource directory of the mapped image.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

uint64_t pass1(Call&, uint64_t v) { return v; }
const loader::Module* module_of(Session& s, uint64_t h) {
  if (!h) return &s.proc.main_module();
  for (auto& m : s.proc.modules()) if (m->base == h) return m.get();
  return nullptr;
}
// Resource names: an integer id (< 0x10000), "#123", or a string.
struct ResName { bool is_id = false; uint32_t id = 0; std::string name; };
template <class S> ResName res_name(Session& s, uint64_t v) {
  ResName r;
  if (v < 0x10000) { r.is_id = true; r.id = static_cast<uint32_t>(v); return r; }
  r.name = S::wide ? s.read_wstr_utf8(v, 256) : ansi_to_utf8(s.read_astr(v, 256));
  if (!r.name.empty() && r.name[0] == '#') { r.is_id = true; r.id = static_cast<uint32_t>(std::strtoul(r.name.c_str() + 1, nullptr, 10)); }
  return r;
}
uint64_t find_entry(Session& s, uint64_t root, uint64_t dir, const ResName* want) {
  const uint16_t named = s.read_u16(dir + 12), ids = s.read_u16(dir + 14);
  for (uint32_t i = 0; i < static_cast<uint32_t>(named) + ids && i < 4096; ++i) {
    const uint64_t e = dir + 16 + 8ull * i;
    const uint32_t name = s.read_u32(e), off = s.read_u32(e + 4);
    bool match = !want;
    if (want) {
      if (name & 0x80000000) {
        const uint64_t str = root + (name & 0x7FFFFFFF);
        std::u16string w(std::min<uint16_t>(s.read_u16(str), 256), 0);
        s.mem.read(str + 2, w.data(), w.size() * 2);
        match = !want->is_id && iequals(utf16_to_utf8(w), want->name);
      } else {
        match = want->is_id && want->id == name;
      }
    }
    // Subdirectories are returned as is, data entries tagged with bit 63.
    if (match) return (root + (off & 0x7FFFFFFF)) | ((off & 0x80000000) ? 0 : (1ull << 63));
  }
  return 0;
}
uint64_t find_resource(Session& s, uint64_t module, const ResName& type, const ResName& name) {
  const loader::Module* m = module_of(s, module);
  if (!m) return 0;
  const uint32_t pe = s.read_u32(m->base + 0x3C);
  const uint64_t opt = m->base + pe + 0x18;
  const bool pe64 = s.read_u16(opt) == 0x20B;
  const uint32_t rva = s.read_u32(opt + (pe64 ? 0x70 : 0x60) + 2 * 8);
  if (!rva || rva >= m->size) return 0;
  const uint64_t root = m->base + rva;
  uint64_t t = find_entry(s, root, root, &type);
  if (!t || (t >> 63)) return 0;
  uint64_t n = find_entry(s, root, t, &name);
  if (!n || (n >> 63)) return 0;
  uint64_t l = find_entry(s, root, n, nullptr);
  if (!l || !(l >> 63)) return 0;
  return l & ~(1ull << 63);  // IMAGE_RESOURCE_DATA_ENTRY
}
template <class S> uint64_t FindResource(Call& c, Handle mod, Ptr name, Ptr type) {
  const uint64_t r = find_resource(c.s, mod, res_name<S>(c.s, type), res_name<S>(c.s, name));
  if (!r) return fail(c, 1813);  // ERROR_RESOURCE_TYPE_NOT_FOUND
  return r;
}
template <class S> uint64_t FindResourceEx(Call& c, Handle mod, Ptr type, Ptr name, uint32_t) { return FindResource<S>(c, mod, name, type); }
uint64_t LoadResource(Call& c, Handle mod, Ptr res) {
  const loader::Module* m = module_of(c.s, mod);
  if (!m || !res) return 0;
  return m->base + c.s.read_u32(res);
}
uint64_t SizeofResource(Call& c, Handle, Ptr res) { return res ? c.s.read_u32(res + 4) : 0; }

}  // namespace

void register_kernel32_resource(ApiRegistry& r) {
  auto t = r.table("kernel32");
  t.add<&FindResource<AStr>>("FindResourceA");
  t.add<&FindResource<WStr>>("FindResourceW");
  t.add<&FindResourceEx<AStr>>("FindResourceExA");
  t.add<&FindResourceEx<WStr>>("FindResourceExW");
  t.add<&LoadResource>("LoadResource");
  t.add<&SizeofResource>("SizeofResource");
  t.add<&pass1>("LockResource");
  t.add<constant_result<0, 1>>("FreeResource");
}

}  // namespace emu::winapi
