// user32: message boxes, wsprintf, windows, messages, keyboard and system
// queries. There is no desktop: windows are handles, message loops end.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

template <class S> uint64_t MessageBox(Call&, Handle, S, S, uint32_t) { return 1; }  // IDOK
template <class S> uint64_t MessageBoxEx(Call&, Handle, S, S, uint32_t, uint32_t) { return 1; }

template <class S> uint64_t wsprintf(Call& c, Ptr buf, S fmt) {
  std::u16string f = S::wide ? c.s.read_wstr(fmt.ptr, 65536) : widen_bytes(c.s.read_astr(fmt.ptr, 65536));
  auto va = c.varargs(2);
  std::u16string out = format_printf(f, S::wide, va, 1024);
  c.set_arg_text(1, utf16_to_utf8(out));
  if constexpr (S::wide) c.s.write_wstr(buf, out, 1025);
  else c.s.write_astr(buf, narrow_units(out), 1025);
  return out.size();
}
template <class S> uint64_t wvsprintf(Call& c, Ptr buf, S fmt, Ptr va) {
  std::u16string f = S::wide ? c.s.read_wstr(fmt.ptr, 65536) : widen_bytes(c.s.read_astr(fmt.ptr, 65536));
  auto args = c.valist(va);
  std::u16string out = format_printf(f, S::wide, args, 1024);
  c.set_arg_text(1, utf16_to_utf8(out));
  if constexpr (S::wide) c.s.write_wstr(buf, out, 1025);
  else c.s.write_astr(buf, narrow_units(out), 1025);
  return out.size();
}

uint64_t GetKeyboardType(Call&, uint32_t which) { return which == 0 ? 4 : which == 1 ? 0 : 12; }
uint64_t GetKeyboardLayout(Call&, uint32_t) { return 0x04090409; }
uint64_t GetKeyboardLayoutList(Call& c, uint32_t n, Ptr out) { if (n && out) c.s.write_ptr(out, 0x04090409); return 1; }
uint64_t GetSystemMetrics(Call&, uint32_t i) {
  switch (i) { case 0: return 1920; case 1: return 1080; case 80: return 1; default: return 0; }
}
// The handle every "which window is that" query returns.
constexpr uint64_t kDesktopWindow = 0x10010;
template <class S> uint64_t FindWindow(Call&, S, S) { return 0; }
template <class S> uint64_t FindWindowEx(Call&, Handle, Handle, S, S) { return 0; }
template <class S> uint64_t GetWindowText(Call& c, Handle, Ptr buf, uint32_t n) { if (buf && n) c.s.write_str<S>(buf, "", n); return 0; }
template <class S> uint64_t SetWindowText(Call&, Handle, S) { return 1; }
template <class S> uint64_t LoadRes(Call&, Handle, S) { return 0x10020; }
template <class S> uint64_t RegisterClassEx(Call&, Ptr) { return 0xC001; }
template <class S> uint64_t CreateWindowEx(Call& c, uint32_t, S, S, uint32_t, int32_t, int32_t, int32_t, int32_t, Handle, Handle, Handle, Ptr) {
  return c.s.handles.add(std::make_shared<GenericObject>("window"));
}
template <class S> uint64_t CreateWindow(Call& c, S cls, S name, uint32_t style, int32_t x, int32_t y, int32_t w, int32_t h, Handle p, Handle m, Handle i, Ptr prm) {
  return CreateWindowEx<S>(c, 0, cls, name, style, x, y, w, h, p, m, i, prm);
}
uint64_t GetMessage(Call&, Ptr, Handle, uint32_t, uint32_t) { return 0; }  // WM_QUIT at once
uint64_t PeekMessage(Call&, Ptr, Handle, uint32_t, uint32_t, uint32_t) { return 0; }
uint64_t GetCursorPos(Call& c, Ptr p) { c.s.write_u32(p, 400); c.s.write_u32(p + 4, 300); return 1; }
uint64_t GetWindowThreadProcessId(Call& c, Handle, Ptr pid) { if (pid) c.s.write_u32(pid, c.s.pid); return c.s.tid; }
uint64_t GetRect(Call& c, Handle, Ptr r) { c.s.write_u32(r, 0); c.s.write_u32(r + 4, 0); c.s.write_u32(r + 8, 1920); c.s.write_u32(r + 12, 1080); return 1; }
template <class S> uint64_t SetWindowsHookEx(Call& c, int32_t, Ptr, Handle, uint32_t) { return c.s.handles.add(std::make_shared<GenericObject>("hook")); }
// Converts the string in place (or a single character passed by value).
template <class S> uint64_t CharUpperLower(Call& c, Ptr p) {
  if (p < 0x10000) return p;
  if constexpr (S::wide) c.s.write_wstr(p, utf8_to_utf16(c.s.read_wstr_utf8(p)));
  return p;
}
template <class S> uint64_t CharNext(Call& c, Ptr p) {
  if constexpr (S::wide) return c.s.read_u16(p) ? p + 2 : p;
  else return c.s.mem.read_as<uint8_t>(p).value_or(0) ? p + 1 : p;
}
template <class S> uint64_t LoadString(Call& c, Handle, uint32_t, Ptr buf, int32_t n) { if (buf && n > 0) c.s.write_str<S>(buf, "", n); return 0; }
template <class S> uint64_t GetClassName(Call& c, Handle, Ptr buf, int32_t n) { if (buf && n > 0) c.s.write_str<S>(buf, "Window", n); return 6; }
template <class S> uint64_t SystemParametersInfo(Call&, uint32_t, uint32_t, Ptr, uint32_t) { return 1; }
uint64_t GetLastInputInfo(Call& c, Ptr info) { c.s.write_u32(info + 4, static_cast<uint32_t>(c.s.tick_ms())); return 1; }
uint64_t EnumWindows(Call&, Ptr, Ptr) { return 1; }
uint64_t GetDC(Call&, Handle) { return 0x10030; }
uint64_t GetKeyState(Call&, int32_t) { return 0; }
uint64_t ExitWindowsEx(Call&, uint32_t, uint32_t) { return 1; }

}  // namespace

void register_user32(ApiRegistry& r) {
  auto t = r.table("user32");
  t.add<&MessageBox<AStr>>("MessageBoxA");
  t.add<&MessageBox<WStr>>("MessageBoxW");
  t.add<&MessageBoxEx<AStr>>("MessageBoxExA");
  t.add<&MessageBoxEx<WStr>>("MessageBoxExW");
  t.add_varargs<&wsprintf<AStr>>("wsprintfA");
  t.add_varargs<&wsprintf<WStr>>("wsprintfW");
  t.add<&wvsprintf<AStr>>("wvsprintfA");
  t.add<&wvsprintf<WStr>>("wvsprintfW");
  t.add<&GetKeyboardType>("GetKeyboardType");
  t.add<&GetKeyboardLayout>("GetKeyboardLayout");
  t.add<&GetKeyboardLayoutList>("GetKeyboardLayoutList");
  t.add<&GetSystemMetrics>("GetSystemMetrics");
  t.add<constant_result<kDesktopWindow, 0>>("GetDesktopWindow");
  t.add<constant_result<kDesktopWindow, 0>>("GetForegroundWindow");
  t.add<constant_result<kDesktopWindow, 0>>("GetActiveWindow");
  t.add<constant_result<kDesktopWindow, 0>>("GetShellWindow");
  t.add<constant_result<0, 0>>("GetFocus");
  t.add<constant_result<0, 0>>("GetCapture");
  t.add<constant_result<1, 0>>("GetProcessWindowStation");
  t.add<&FindWindow<AStr>>("FindWindowA");
  t.add<&FindWindow<WStr>>("FindWindowW");
  t.add<&FindWindowEx<AStr>>("FindWindowExA");
  t.add<&FindWindowEx<WStr>>("FindWindowExW");
  t.add<&GetWindowText<AStr>>("GetWindowTextA");
  t.add<&GetWindowText<WStr>>("GetWindowTextW");
  t.add<&SetWindowText<AStr>>("SetWindowTextA");
  t.add<&SetWindowText<WStr>>("SetWindowTextW");
  t.add<&LoadRes<AStr>>("LoadIconA");
  t.add<&LoadRes<WStr>>("LoadIconW");
  t.add<&LoadRes<AStr>>("LoadCursorA");
  t.add<&LoadRes<WStr>>("LoadCursorW");
  t.add<&LoadRes<AStr>>("LoadMenuA");
  t.add<&LoadRes<WStr>>("LoadMenuW");
  t.add<&LoadRes<AStr>>("LoadAcceleratorsA");
  t.add<&LoadRes<WStr>>("LoadAcceleratorsW");
  t.add<&RegisterClassEx<AStr>>("RegisterClassExA");
  t.add<&RegisterClassEx<WStr>>("RegisterClassExW");
  t.add<&RegisterClassEx<AStr>>("RegisterClassA");
  t.add<&RegisterClassEx<WStr>>("RegisterClassW");
  t.add<&CreateWindowEx<AStr>>("CreateWindowExA");
  t.add<&CreateWindowEx<WStr>>("CreateWindowExW");
  t.add<&CreateWindow<AStr>>("CreateWindowA");
  t.add<&CreateWindow<WStr>>("CreateWindowW");
  t.add<constant_result<0, 4>>("DefWindowProcA");
  t.add<constant_result<0, 4>>("DefWindowProcW");
  t.add<constant_result<0, 4>>("CallWindowProcA");
  t.add<&GetMessage>("GetMessageA");
  t.add<&GetMessage>("GetMessageW");
  t.add<&PeekMessage>("PeekMessageA");
  t.add<&PeekMessage>("PeekMessageW");
  t.add<constant_result<1, 1>>("TranslateMessage");
  t.add<constant_result<0, 1>>("DispatchMessageA");
  t.add<constant_result<0, 1>>("DispatchMessageW");
  t.add<constant_result<0, 1>>("PostQuitMessage");
  t.add<constant_result<1, 2>>("ShowWindow");
  t.add<constant_result<1, 1>>("UpdateWindow");
  t.add<constant_result<1, 1>>("DestroyWindow");
  t.add<constant_result<1, 1>>("IsWindow");
  t.add<constant_result<1, 1>>("IsWindowVisible");
  t.add<constant_result<0, 1>>("GetParent");
  t.add<constant_result<1, 1>>("SetForegroundWindow");
  t.add<constant_result<1, 1>>("CloseClipboard");
  t.add<constant_result<1, 1>>("OpenClipboard");
  t.add<constant_result<0, 1>>("GetClipboardData");
  t.add<constant_result<1, 0>>("EmptyClipboard");
  t.add<constant_result<0, 4>>("SendMessageA");
  t.add<constant_result<0, 4>>("SendMessageW");
  t.add<constant_result<1, 4>>("PostMessageA");
  t.add<constant_result<1, 4>>("PostMessageW");
  t.add<constant_result<1, 4>>("PostThreadMessageA");
  t.add<constant_result<1, 4>>("SetTimer");
  t.add<constant_result<1, 2>>("KillTimer");
  t.add<constant_result<1, 1>>("MessageBeep");
  t.add<constant_result<0, 1>>("GetAsyncKeyState");
  t.add<&GetKeyState>("GetKeyState");
  t.add<&GetCursorPos>("GetCursorPos");
  t.add<&GetWindowThreadProcessId>("GetWindowThreadProcessId");
  t.add<&GetRect>("GetWindowRect");
  t.add<&GetRect>("GetClientRect");
  t.add<&SetWindowsHookEx<AStr>>("SetWindowsHookExA");
  t.add<&SetWindowsHookEx<WStr>>("SetWindowsHookExW");
  t.add<constant_result<1, 1>>("UnhookWindowsHookEx");
  t.add<constant_result<0, 4>>("CallNextHookEx");
  t.add<&CharUpperLower<AStr>>("CharUpperA");
  t.add<&CharUpperLower<WStr>>("CharUpperW");
  t.add<&CharUpperLower<AStr>>("CharLowerA");
  t.add<&CharUpperLower<WStr>>("CharLowerW");
  t.add<&CharNext<AStr>>("CharNextA");
  t.add<&CharNext<WStr>>("CharNextW");
  t.add<&LoadString<AStr>>("LoadStringA");
  t.add<&LoadString<WStr>>("LoadStringW");
  t.add<&GetClassName<AStr>>("GetClassNameA");
  t.add<&GetClassName<WStr>>("GetClassNameW");
  t.add<&SystemParametersInfo<AStr>>("SystemParametersInfoA");
  t.add<&SystemParametersInfo<WStr>>("SystemParametersInfoW");
  t.add<&GetLastInputInfo>("GetLastInputInfo");
  t.add<&EnumWindows>("EnumWindows");
  t.add<&GetDC>("GetDC");
  t.add<&GetDC>("GetWindowDC");
  t.add<constant_result<1, 2>>("ReleaseDC");
  t.add<constant_result<0, 2>>("GetWindowLongA");
  t.add<constant_result<0, 2>>("GetWindowLongW");
  t.add<constant_result<0, 2>>("GetWindowLongPtrA");
  t.add<constant_result<0, 2>>("GetWindowLongPtrW");
  t.add<constant_result<1, 3>>("SetWindowLongA");
  t.add<constant_result<1, 3>>("SetWindowLongW");
  t.add<constant_result<1, 3>>("SetWindowLongPtrA");
  t.add<constant_result<1, 3>>("SetWindowLongPtrW");
  t.add<&ExitWindowsEx>("ExitWindowsEx");
  t.add<constant_result<1, 2>>("EnableWindow");
  t.add<constant_result<0, 1>>("GetSysColor");
  t.add<constant_result<0, 1>>("GetSysColorBrush");
  t.add<constant_result<1, 1>>("IsIconic");
  t.add<constant_result<0, 2>>("GetDlgItem");
  t.add<constant_result<1, 0>>("GetDoubleClickTime");
  t.add<constant_result<1, 1>>("SetProcessDPIAware");
  t.add<constant_result<1, 0>>("SetProcessDPIAware");
}

}  // namespace emu::winapi
