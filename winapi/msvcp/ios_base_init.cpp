// msvcp (the Visual C++ standard library): the constructors of the
// iostream initialisers that every program including <iostream> runs from
// its static initialisers, std::ios_base::Init and std::_Winit (x86:
// thiscall, `this` in ecx, no stack arguments; x64: `this` in rcx; `this`
// returned). On Windows
// the first one constructs cout, cin, cerr and clog; the stream objects are
// not modelled here, so the constructors only return `this`.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

uint64_t iostream_init_constructor(Call& c) { return c.s.cpu.reg(cpu::RCX) & (c.s.x64 ? ~0ull : 0xFFFFFFFFull); }

}  // namespace

// In the msvcrt table: ApiRegistry::canonical_dll serves msvcp* from it.
void register_msvcp_ios_base_init(ApiRegistry& r) {
  auto t = r.table("msvcrt", Conv::Cdecl);
  t.add<&iostream_init_constructor>("??0Init@ios_base@std@@QAE@XZ");
  t.add<&iostream_init_constructor>("??0_Winit@std@@QAE@XZ");
  t.add<&iostream_init_constructor>("??0Init@ios_base@std@@QEAA@XZ");
  t.add<&iostream_init_constructor>("??0_Winit@std@@QEAA@XZ");
}

}  // namespace emu::winapi
