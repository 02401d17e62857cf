// user32 cursors, icons and monitors, and WinHelp.
//
// Icons and cursors that CreateIconIndirect / CopyIcon make are handles
// that DestroyIcon / DestroyCursor free; the shared ones LoadIcon and
// LoadCursor return survive (destroying them succeeds and does nothing, as
// documented). The emulated system has one monitor, the primary one, as
// large as GetSystemMetrics reports the screen (1920x1080).
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

constexpr uint64_t kSharedIcon = 0x10020;     // what LoadIcon/LoadCursor return (user32/user32.cpp)
constexpr uint64_t kPrimaryMonitor = 0x10001;
constexpr int32_t kScreenWidth = 1920, kScreenHeight = 1080;
constexpr uint32_t kErrInvalidCursorHandle = 1402, kErrInvalidIconHandle = 1400;

bool is_icon(Call& c, uint64_t h) { return c.s.handles.find_kind(h, "icon") || c.s.handles.find_kind(h, "cursor"); }

uint64_t destroy(Call& c, uint64_t h, uint32_t err) {
  if (h == kSharedIcon) return 1;
  if (!is_icon(c, h)) return fail(c, err);
  c.s.handles.close(h);
  return 1;
}
uint64_t DestroyCursor(Call& c, Handle h) { return destroy(c, h, kErrInvalidCursorHandle); }
uint64_t DestroyIcon(Call& c, Handle h) { return destroy(c, h, kErrInvalidIconHandle); }

// ICONINFO: fIcon, xHotspot, yHotspot, hbmMask, hbmColor; the mask bitmap
// is required.
uint64_t CreateIconIndirect(Call& c, Ptr info) {
  if (!info) return fail(c, kErrInvalidParameter);
  const uint64_t mask = c.s.read_ptr(info + (c.s.x64 ? 16 : 12));
  if (!mask) return fail(c, kErrInvalidParameter);
  return c.s.handles.add(std::make_shared<GenericObject>(c.s.read_u32(info) ? "icon" : "cursor"));
}
uint64_t CopyIcon(Call& c, Handle h) {
  if (h != kSharedIcon && !is_icon(c, h)) return fail(c, kErrInvalidIconHandle);
  return c.s.handles.add(std::make_shared<GenericObject>("icon"));
}

void write_rect(Call& c, uint64_t at, int32_t l, int32_t t, int32_t r, int32_t b) {
  c.s.write_u32(at, static_cast<uint32_t>(l));
  c.s.write_u32(at + 4, static_cast<uint32_t>(t));
  c.s.write_u32(at + 8, static_cast<uint32_t>(r));
  c.s.write_u32(at + 12, static_cast<uint32_t>(b));
}

// EnumDisplayMonitors(hdc, clip, proc, data): calls
// proc(hMonitor, hdc, &rect, data) for the one monitor when it meets the
// clip rectangle; FALSE when the callback stopped the enumeration.
uint64_t EnumDisplayMonitors(Call& c, Handle dc, Ptr clip, Ptr proc, uint64_t data) {
  if (!proc) return fail(c, kErrInvalidParameter);
  int32_t l = 0, t = 0, r = kScreenWidth, b = kScreenHeight;
  if (clip) {
    l = std::max(l, static_cast<int32_t>(c.s.read_u32(clip)));
    t = std::max(t, static_cast<int32_t>(c.s.read_u32(clip + 4)));
    r = std::min(r, static_cast<int32_t>(c.s.read_u32(clip + 8)));
    b = std::min(b, static_cast<int32_t>(c.s.read_u32(clip + 12)));
    if (l >= r || t >= b) return 1;  // the clip misses the monitor: no call
  }
  const uint64_t rect = c.s.heap_alloc(16);
  if (!rect) return fail(c, kErrNotEnoughMemory);
  write_rect(c, rect, l, t, r, b);
  c.defer();
  Call saved = c;
  Session* s = &c.s;
  c.s.call_guest(proc, {kPrimaryMonitor, dc, rect, data}, [s, saved, rect](uint64_t ret) {
    s->heap(s->process_heap)->free(rect);
    s->finish_api(saved, ret ? 1 : 0);
  });
  return 0;
}

uint64_t MonitorFromWindow(Call&, Handle, uint32_t) { return kPrimaryMonitor; }
uint64_t MonitorFromPoint(Call&, uint64_t, uint32_t) { return kPrimaryMonitor; }
uint64_t MonitorFromRect(Call&, Ptr, uint32_t) { return kPrimaryMonitor; }

// MONITORINFO (cbSize 40) or MONITORINFOEX (cbSize 72 for A, 104 for W):
// monitor and work area rectangles, MONITORINFOF_PRIMARY, device name.
template <class S> uint64_t GetMonitorInfo(Call& c, Handle mon, Ptr info) {
  if (mon != kPrimaryMonitor) return fail(c, kErrInvalidParameter);
  if (!info) return fail(c, kErrInvalidParameter);
  const uint32_t size = c.s.read_u32(info);
  const uint32_t ex_size = S::wide ? 104 : 72;
  if (size != 40 && size != ex_size) return fail(c, kErrInvalidParameter);
  write_rect(c, info + 4, 0, 0, kScreenWidth, kScreenHeight);
  write_rect(c, info + 20, 0, 0, kScreenWidth, kScreenHeight - 40);  // the taskbar takes the bottom
  c.s.write_u32(info + 36, 1);                                      // MONITORINFOF_PRIMARY
  if (size == ex_size) c.s.write_str<S>(info + 40, "\\\\.\\DISPLAY1", 32);
  return 1;
}

// WinHelp(hwnd, file, command, data): starts the help viewer
// (winhlp32.exe) on the file; HELP_QUIT only asks a running one to close.
template <class S> uint64_t WinHelp(Call& c, Handle, S file, uint32_t command, uint64_t) {
  constexpr uint32_t kHelpQuit = 2;
  if (command == kHelpQuit) return 1;
  if (file.null()) return fail(c, kErrInvalidParameter);
  c.s.emit("process_create", {{"path", "C:\\Windows\\winhlp32.exe"}, {"cmdline", "winhlp32.exe " + file.str}});
  return 1;
}

}  // namespace

void register_user32_cursor_icon_monitor(ApiRegistry& r) {
  auto t = r.table("user32");
  t.add<&DestroyCursor>("DestroyCursor");
  t.add<&DestroyIcon>("DestroyIcon");
  t.add<&CreateIconIndirect>("CreateIconIndirect");
  t.add<&CopyIcon>("CopyIcon");
  t.add<&EnumDisplayMonitors>("EnumDisplayMonitors");
  t.add<&MonitorFromWindow>("MonitorFromWindow");
  t.add<&MonitorFromPoint>("MonitorFromPoint");
  t.add<&MonitorFromRect>("MonitorFromRect");
  t.add<&GetMonitorInfo<AStr>>("GetMonitorInfoA");
  t.add<&GetMonitorInfo<WStr>>("GetMonitorInfoW");
  t.add<&WinHelp<AStr>>("WinHelpA");
  t.add<&WinHelp<WStr>>("WinHelpW");
}

}  // namespace emu::winapi
