// msvcp (msvcp60 ... msvcp140 all reach these through msvcp140's table):
// the members of std::basic_ios and std::basic_streambuf that the
// compiler calls out of line when a program constructs an fstream or a
// stringstream. std::_Fiopen, which opens an fstream's file, stays
// unhandled (NULL: the stream fails as for a file that cannot be opened):
// an fstream whose file opens goes on into basic_filebuf's locale and facet
// machinery (_Lockit, locale::id, getloc, codecvt), which is not emulated,
// and would then crash where a failed open ends cleanly.
//
// Members take `this` in ecx (x86 __thiscall, the callee pops the stack
// arguments) or rcx (x64). Object layouts are MSVC's (2015-2022):
//   basic_streambuf: vfptr; _Gfirst, _Pfirst, _IGfirst, _IPfirst, _Gnext,
//     _Pnext, _IGnext, _IPnext (pointers); _Gcount, _Pcount, _IGcount,
//     _IPcount (pointers to int); _Plocale.
//   ios_base: vfptr; _Stdstr (size_t); _Mystate, _Except (int); ...
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

uint64_t this_ptr(Call& c) { return c.s.cpu.reg(cpu::RCX) & (c.s.x64 ? ~0ull : 0xFFFFFFFFull); }

// basic_streambuf::_Init(): the indirect pointers aim at the object's own
// fields, and the get and put areas are empty.
void streambuf_init(Call& c, uint64_t self) {
  const uint64_t p = c.s.ptr_size;
  auto field = [&](int i) { return self + p * static_cast<uint64_t>(i); };
  // Indices: 1 _Gfirst, 2 _Pfirst, 3 _IGfirst, 4 _IPfirst, 5 _Gnext, 6 _Pnext,
  // 7 _IGnext, 8 _IPnext, 9 _Gcount, 10 _Pcount, 11 _IGcount, 12 _IPcount.
  c.s.write_ptr(field(3), field(1));
  c.s.write_ptr(field(4), field(2));
  c.s.write_ptr(field(7), field(5));
  c.s.write_ptr(field(8), field(6));
  c.s.write_ptr(field(11), field(9));
  c.s.write_ptr(field(12), field(10));
  for (int i : {1, 2, 5, 6}) c.s.write_ptr(field(i), 0);
  for (int i : {9, 10}) c.s.write_ptr(field(i), 0);  // the int counts (and padding on x64)
}

// The vtable a class's constructor installs: the decoy's data export when
// it has one (a derived class's constructor replaces it anyway).
uint64_t vftable(Call& c, const char* x86_name, const char* x64_name) {
  const loader::Module* m = c.s.proc.find_module("msvcp140");
  if (!m) return 0;
  return c.s.proc.get_proc_address(*m, c.s.x64 ? x64_name : x86_name);
}

constexpr const char* kStreambufVft = "??_7?$basic_streambuf@DU?$char_traits@D@std@@@std@@6B@";
constexpr const char* kIosVft = "??_7?$basic_ios@DU?$char_traits@D@std@@@std@@6B@";

// basic_streambuf(): a new locale (an opaque block here), then _Init().
uint64_t streambuf_ctor(Call& c) {
  const uint64_t self = this_ptr(c);
  if (!self) return 0;
  c.s.write_ptr(self, vftable(c, kStreambufVft, kStreambufVft));
  streambuf_init(c, self);
  c.s.write_ptr(self + 13ull * c.s.ptr_size, c.s.heap_alloc(4ull * c.s.ptr_size));
  return self;
}

uint64_t streambuf_init_member(Call& c) {
  if (const uint64_t self = this_ptr(c)) streambuf_init(c, self);
  return 0;
}

// ~basic_streambuf(): deletes the locale.
uint64_t streambuf_dtor(Call& c) {
  const uint64_t self = this_ptr(c);
  if (!self) return 0;
  const uint64_t loc_field = self + 13ull * c.s.ptr_size;
  if (const uint64_t loc = c.s.read_ptr(loc_field)) {
    c.s.heap(c.s.process_heap)->free(loc);
    c.s.write_ptr(loc_field, 0);
  }
  return 0;
}

// basic_ios(): the protected constructor leaves initialisation to init(),
// which the derived stream's constructor calls; it only installs the
// vtable.
uint64_t ios_ctor(Call& c) {
  const uint64_t self = this_ptr(c);
  if (self) c.s.write_ptr(self, vftable(c, kIosVft, kIosVft));
  return self;
}
uint64_t ios_dtor(Call&) { return 0; }

// basic_ios::setstate(iostate, bool reraise): clear(rdstate() | state).
// An exception mask that the new state meets would throw
// ios_base::failure; that is reported as an error of the run instead.
uint64_t ios_setstate(Call& c, uint32_t state, uint32_t) {
  const uint64_t self = this_ptr(c);
  if (!self) return 0;
  const uint64_t mystate = self + (c.s.x64 ? 16 : 8);
  const uint32_t now = (c.s.read_u32(mystate) | state) & 0x17;  // _Statmask
  c.s.write_u32(mystate, now);
  const uint32_t except = c.s.read_u32(mystate + 4);
  if (now & except) {
    boost::json::object err{{"type", "cxx_exception"}, {"what", "ios_base::failure (basic_ios::setstate)"},
                            {"pc", c.return_address}};
    c.s.end_with_error(std::move(err));
  }
  return 0;
}
// x64: `this` is the first register argument, the state the second.
uint64_t ios_setstate_x64(Call& c, uint64_t, uint32_t state, uint32_t reraise) { return ios_setstate(c, state, reraise); }


}  // namespace

// In the msvcrt table: ApiRegistry::canonical_dll serves msvcp* from it.
// x86 names are __thiscall (`QAE`, `IAE`, `UAE`), x64 names `QEAA`.
void register_msvcp_streams(ApiRegistry& r) {
  auto t = r.table("msvcrt", Conv::Cdecl);
  for (const char* n : {"??0?$basic_streambuf@DU?$char_traits@D@std@@@std@@IAE@XZ",
                        "??0?$basic_streambuf@DU?$char_traits@D@std@@@std@@IEAA@XZ"})
    t.add<&streambuf_ctor>(n);
  for (const char* n : {"?_Init@?$basic_streambuf@DU?$char_traits@D@std@@@std@@IAEXXZ",
                        "?_Init@?$basic_streambuf@DU?$char_traits@D@std@@@std@@IEAAXXZ"})
    t.add<&streambuf_init_member>(n);
  for (const char* n : {"??1?$basic_streambuf@DU?$char_traits@D@std@@@std@@UAE@XZ",
                        "??1?$basic_streambuf@DU?$char_traits@D@std@@@std@@UEAA@XZ"})
    t.add<&streambuf_dtor>(n);
  for (const char* n : {"??0?$basic_ios@DU?$char_traits@D@std@@@std@@IAE@XZ",
                        "??0?$basic_ios@DU?$char_traits@D@std@@@std@@IEAA@XZ"})
    t.add<&ios_ctor>(n);
  for (const char* n : {"??1?$basic_ios@DU?$char_traits@D@std@@@std@@UAE@XZ",
                        "??1?$basic_ios@DU?$char_traits@D@std@@@std@@UEAA@XZ"})
    t.add<&ios_dtor>(n);
  // x86 thiscall with two stack arguments (the callee pops 8 bytes).
  r.add("msvcrt", "?setstate@?$basic_ios@DU?$char_traits@D@std@@@std@@QAEXH_N@Z", Conv::Stdcall,
        &Marshal<&ios_setstate>::invoke, Marshal<&ios_setstate>::kinds(), false);
  t.add<&ios_setstate_x64>("?setstate@?$basic_ios@DU?$char_traits@D@std@@@std@@QEAAXH_N@Z");
}

}  // namespace emu::winapi
