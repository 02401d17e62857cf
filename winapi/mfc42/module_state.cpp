// mfc42 (MFC 4.2, ANSI): what an MFC program calls from its static
// initialisers, before WinMain. MFC42.DLL exports by ordinal only:
//   1168  AfxGetModuleState (stdcall, no parameters): the AFX_MODULE_STATE of
//         the running module. Programs write its fields at once (m_bDLL at
//         +0x14), so it must be writable memory, not NULL.
//   561   CWinApp::CWinApp(LPCTSTR lpszAppName) (thiscall: `this` in ecx, the
//         callee pops its one stack argument), the constructor of the
//         program's global application object.
//   1576  AfxWinMain(HINSTANCE, HINSTANCE, LPSTR, int) (stdcall), called by
//         the program's WinMain. Only its AfxWinInit part is done (the module
//         state's instance and resource handles); the application object's
//         virtual InitInstance / Run are not called (MFC 4.2's vtable layout
//         is not modelled), and it returns 0, the exit code of an
//         application whose message loop ended at once.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

// AFX_MODULE_STATE is a few hundred bytes in MFC 4.2; its fields start out
// zero until AfxWinInit fills them.
constexpr uint64_t kModuleStateSize = 0x400;

constexpr uint64_t kCurrentWinApp = 4;  // AFX_MODULE_STATE::m_pCurrentWinApp

uint64_t AfxGetModuleState(Call& c) { return c.s.static_buffer("mfc42.module_state", kModuleStateSize); }

// The constructor registers the object as the module's application
// (m_pCurrentWinApp, which AfxGetApp returns) and, as every constructor,
// returns `this`. The object's own fields are left as the image has them:
// the program's code sets its vtable right after the call.
uint64_t CWinAppConstructor(Call& c, Ptr) {
  const uint64_t self = c.s.cpu.reg(cpu::RCX) & 0xFFFFFFFF;
  c.s.write_u32(AfxGetModuleState(c) + kCurrentWinApp, static_cast<uint32_t>(self));
  return self;
}

constexpr uint64_t kInstanceHandle = 8, kResourceHandle = 0xC;  // m_hCurrentInstanceHandle, m_hCurrentResourceHandle

uint64_t AfxWinMain(Call& c, Handle instance, Handle, AStr, int32_t) {
  const uint64_t state = AfxGetModuleState(c);
  c.s.write_u32(state + kInstanceHandle, static_cast<uint32_t>(instance.v));
  c.s.write_u32(state + kResourceHandle, static_cast<uint32_t>(instance.v));
  return 0;
}

}  // namespace

void register_mfc42(ApiRegistry& r) {
  auto t = r.table("mfc42");
  t.add<&AfxGetModuleState>("ordinal_1168");
  t.add<&CWinAppConstructor>("ordinal_561");  // thiscall: stack arguments as stdcall
  t.add<&AfxWinMain>("ordinal_1576");
}

}  // namespace emu::winapi
