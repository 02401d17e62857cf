// x64 table-based unwinding: RUNTIME_FUNCTION lookup in an image's
// exception directory and one-frame virtual unwind over UNWIND_INFO codes
// (the documented x64 exception-handling format).
#include "winapi/runtime/session.h"

namespace emu::winapi {

std::optional<Session::FunctionEntry> Session::lookup_function_entry(uint64_t pc) const {
  const loader::Module* m = proc.module_at(pc);
  if (!m || m->decoy) return std::nullopt;
  const uint64_t base = m->base;
  const uint32_t pe = read_u32(base + 0x3C);
  if (pe == 0 || pe > 0x1000 || read_u32(base + pe) != 0x4550) return std::nullopt;
  const uint64_t opt = base + pe + 0x18;
  if (read_u16(opt) != 0x20B) return std::nullopt;
  const uint32_t ndirs = read_u32(opt + 0x6C);
  if (ndirs < 4) return std::nullopt;
  const uint32_t rva = read_u32(opt + 0x70 + 3 * 8);
  const uint32_t size = read_u32(opt + 0x70 + 3 * 8 + 4);
  if (!rva || size < 12 || rva + static_cast<uint64_t>(size) > m->size) return std::nullopt;
  const uint32_t target = static_cast<uint32_t>(pc - base);
  size_t lo = 0, hi = size / 12;
  while (lo < hi) {
    const size_t mid = (lo + hi) / 2;
    const uint64_t e = base + rva + mid * 12;
    const uint32_t b = read_u32(e), en = read_u32(e + 4);
    if (target < b) hi = mid;
    else if (target >= en) lo = mid + 1;
    else {
      FunctionEntry f;
      f.image_base = base;
      f.entry = e;
      f.begin = b;
      f.end = en;
      f.unwind = read_u32(e + 8);
      // An indirect entry points at the primary RUNTIME_FUNCTION.
      for (int guard = 0; (f.unwind & 1) && guard < 8; ++guard) {
        const uint64_t p = base + (f.unwind & ~1u);
        f.entry = p;
        f.begin = read_u32(p);
        f.end = read_u32(p + 4);
        f.unwind = read_u32(p + 8);
      }
      return f;
    }
  }
  return std::nullopt;
}

Session::UnwindResult Session::virtual_unwind(const FunctionEntry& f, cpu::Context& c, unsigned kind) const {
  UnwindResult res;
  const uint64_t base = f.image_base;
  uint64_t ui = base + f.unwind;
  const uint64_t offset = c.rip - (base + f.begin);
  bool first = true;
  bool machframe = false;
  for (int chain = 0; chain < 16; ++chain) {
    const uint8_t vf = mem.read_as<uint8_t>(ui).value_or(0);
    const uint8_t flags = vf >> 3;
    const uint8_t prolog = mem.read_as<uint8_t>(ui + 1).value_or(0);
    const uint8_t count = mem.read_as<uint8_t>(ui + 2).value_or(0);
    const uint8_t fr = mem.read_as<uint8_t>(ui + 3).value_or(0);
    const unsigned freg = fr & 0xF, foff = fr >> 4;
    const uint64_t codes = ui + 4;
    if (first) {
      if (freg && offset >= prolog) res.establisher = c.gpr[freg] - 16ull * foff;
      else res.establisher = c.gpr[cpu::RSP];
    }
    for (unsigned i = 0; i < count;) {
      const uint8_t co = mem.read_as<uint8_t>(codes + 2 * i).value_or(0);
      const uint8_t b = mem.read_as<uint8_t>(codes + 2 * i + 1).value_or(0);
      const unsigned op = b & 0xF, info = b >> 4;
      const bool applies = !first || co <= offset || offset >= prolog;
      uint64_t& rsp = c.gpr[cpu::RSP];
      unsigned slots = 1;
      switch (op) {
        case 0:
          if (applies) { c.gpr[info] = read_u64(rsp); rsp += 8; }
          break;
        case 1: {
          uint64_t size;
          if (info == 0) { size = 8ull * read_u16(codes + 2 * (i + 1)); slots = 2; }
          else { size = read_u32(codes + 2 * (i + 1)); slots = 3; }
          if (applies) rsp += size;
          break;
        }
        case 2:
          if (applies) rsp += 8ull * info + 8;
          break;
        case 3:
          if (applies) rsp = c.gpr[freg] - 16ull * foff;
          break;
        case 4:
          if (applies) c.gpr[info] = read_u64(rsp + 8ull * read_u16(codes + 2 * (i + 1)));
          slots = 2;
          break;
        case 5:
          if (applies) c.gpr[info] = read_u64(rsp + read_u32(codes + 2 * (i + 1)));
          slots = 3;
          break;
        case 6: slots = 2; break;   // epilog (version 2)
        case 7: slots = 3; break;
        case 8:
          if (applies) {
            const uint64_t a = rsp + 16ull * read_u16(codes + 2 * (i + 1));
            c.xmm[info].lo = read_u64(a);
            c.xmm[info].hi = read_u64(a + 8);
          }
          slots = 2;
          break;
        case 9:
          if (applies) {
            const uint64_t a = rsp + read_u32(codes + 2 * (i + 1));
            c.xmm[info].lo = read_u64(a);
            c.xmm[info].hi = read_u64(a + 8);
          }
          slots = 3;
          break;
        case 10:
          if (applies) {
            if (info) rsp += 8;
            c.rip = read_u64(rsp);
            rsp = read_u64(rsp + 24);
            machframe = true;
          }
          break;
        default:
          return res;  // unknown code: give up on this frame
      }
      i += slots;
    }
    const uint64_t after = codes + 2ull * ((count + 1u) & ~1u);
    if (flags & 4) {  // chained: continue with the parent function's unwind info
      ui = base + read_u32(after + 8);
      first = false;
      continue;
    }
    if (first && (flags & kind)) {
      res.handler = base + read_u32(after);
      res.handler_data = after + 4;
    }
    break;
  }
  if (!machframe) {
    c.rip = read_u64(c.gpr[cpu::RSP]);
    c.gpr[cpu::RSP] += 8;
  }
  res.ok = true;
  return res;
}

}  // namespace emu::winapi
