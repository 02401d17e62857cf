// One emulation: the loaded process, the CPU, the kernel state the handlers
// work on (handles, heaps, files, registry, network, threads) and the record
// of what happened (events per entry point, errors). Handlers receive it
// through Call::s.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "cpu/cpu.h"
#include "loader/loader.h"
#include "winapi/config.h"
#include "winapi/core/api.h"
#include "winapi/core/handles.h"
#include "winapi/core/heap.h"
#include "winapi/core/network.h"
#include "winapi/core/registry.h"
#include "winapi/core/text.h"
#include "winapi/core/vfs.h"
#include "winapi/runtime/api_resolution.h"

namespace emu::winapi {

// Why an entry point stopped. Thrown by handlers and the run loop; caught
// by the entry point driver.
struct RunEnd {
  enum class Kind {
    Returned,       // returned to the emulator's return address
    ExitProcess,    // ExitProcess / exit / TerminateProcess(self)
    ExitThread,     // ExitThread of the running thread
    Error,          // an error object describes it (fault, unsupported api, ...)
    Limit,          // a limit: ends every remaining entry point too
  } kind = Kind::Returned;
  uint64_t value = 0;                 // return / exit code
  boost::json::object error;          // for Error / Limit
};

std::string normalize_instr(const std::string& disassembly);

struct PendingRun {
  std::string type;                   // "thread", "injected_thread", "irp_mj_create", ...
  uint64_t address = 0;
  std::vector<uint64_t> args;
  Conv conv = Conv::Stdcall;
  uint32_t tid = 0;
  std::shared_ptr<ThreadObject> thread;
  bool new_thread = false;            // needs its own TEB + stack
};

struct RunRecord {
  std::string type;
  uint64_t start = 0;
  std::vector<uint64_t> args;
  uint32_t pid = 0, tid = 0;
  uint64_t instr_start = 0, instr_count = 0;
  boost::json::array events;
  // Set once the session stopped storing events (see Session::emit): the
  // last element of `events` is then a scratch slot, not an event.
  bool events_cut = false;
  std::vector<std::string> api_order;  // unique lower-case API names, first seen first
  std::set<std::string> api_seen;
  std::optional<uint64_t> ret_val;
  boost::json::value error;            // null or ErrorInfo
  bool limit = false;                  // ended by a limit: no further entry point runs
  std::vector<std::shared_ptr<VFile>> dropped;  // files first written during this run
  uint32_t exceptions = 0;
  std::vector<std::pair<uint64_t, uint64_t>> dynamic;  // (base, size) of regions found executing
  std::vector<std::string> dynamic_tags;
};

struct VirtualRegion {
  uint64_t base = 0, size = 0;
  uint32_t protect = 0;               // PAGE_* as allocated
  uint32_t type = 0x20000;            // MEM_PRIVATE
  std::string tag;
  std::string process;                // the target process path (VirtualAllocEx)
};

// A guest function the emulator called, waiting for its return.
struct Continuation {
  uint64_t call_sp = 0;               // stack pointer the callee was entered with
  uint64_t saved_sp = 0;              // stack pointer to restore afterwards
  std::function<void(uint64_t ret)> then;
};

class Session {
 public:
  Session(const Config& cfg, loader::Process& proc, const std::atomic<bool>* cancel);
  ~Session();

  const Config& cfg;
  loader::Process& proc;
  cpu::Memory& mem;
  cpu::Cpu cpu;
  const bool x64;
  const unsigned ptr_size;

  HandleTable handles;
  Vfs vfs;
  Registry registry;
  Network net;
  std::map<uint64_t, std::unique_ptr<GuestHeap>> heaps;  // by heap handle
  uint64_t process_heap = 0;
  std::map<uint64_t, VirtualRegion> vallocs;               // by base
  std::set<uint64_t> runtime_pages;                       // pages allocated at run time

  // Identity.
  uint32_t pid = 0x3E8;
  uint32_t tid = 0x3EC;                // the running thread
  uint32_t next_tid = 0x3F0, next_pid = 0x1000;
  std::string image_path;
  std::string command_line;            // as the guest sees it
  std::map<std::string, std::string> env;  // lower-case names -> values (SetEnvironmentVariable)
  std::string current_dir;

  // Process-wide emulated state for handlers.
  std::vector<uint64_t> vectored_handlers;
  uint64_t unhandled_filter = 0;
  std::vector<uint64_t> atexit_fns;
  std::map<std::string, uint64_t> scratch;   // lazily made guest buffers by name (CRT globals, ...)
  std::vector<std::optional<uint64_t>> fls_slots;
  uint32_t tls_next = 0;
  std::set<uint32_t> tls_used;
  uint64_t tick_base_ms = 0x5A3C1E0;   // GetTickCount at instruction 0
  // The emulated clock: 100 ns per instruction plus the time the guest slept,
  // so Sleep(50) between two clock reads shows 50 ms passing and every clock
  // (tick count, system time, performance counter) agrees.
  uint64_t slept_100ns = 0;
  uint64_t elapsed_100ns() const;
  std::map<std::string, std::string> props;  // misc state by name
  // Host state of handler areas the Session does not declare (atom tables,
  // GDI objects, ...), by area name; see winapi/core/session_state.h.
  std::map<std::string, std::shared_ptr<void>> area_state;
  std::map<uint64_t, uint64_t> crt_streams;  // FILE* -> file handle (fopen)

  // --- guest memory helpers (host-side, ignore permissions) ---
  uint64_t read_ptr(uint64_t addr) const;
  bool write_ptr(uint64_t addr, uint64_t v);
  uint32_t read_u32(uint64_t addr) const;
  bool write_u32(uint64_t addr, uint32_t v);
  uint16_t read_u16(uint64_t addr) const;
  bool write_u16(uint64_t addr, uint16_t v);
  uint64_t read_u64(uint64_t addr) const;
  bool write_u64(uint64_t addr, uint64_t v);
  std::string read_astr(uint64_t addr, size_t max = 4096) const;   // raw bytes
  std::string read_wstr_utf8(uint64_t addr, size_t max = 4096) const;
  std::u16string read_wstr(uint64_t addr, size_t max = 4096) const;
  // Writes a string with its terminator; `max_chars` bounds it (including
  // the NUL; truncates). Returns the characters written without the NUL.
  size_t write_astr(uint64_t addr, std::string_view bytes, size_t max_chars = SIZE_MAX);
  size_t write_wstr(uint64_t addr, std::u16string_view w, size_t max_chars = SIZE_MAX);
  // UTF-8 text as A or W per the template argument.
  template <class S> size_t write_str(uint64_t addr, std::string_view utf8, size_t max_chars = SIZE_MAX);
  // UNICODE_STRING / ANSI_STRING.
  std::string read_unicode_string(uint64_t addr) const;
  bool write_unicode_string(uint64_t addr, uint64_t buffer, uint16_t len_bytes, uint16_t max_bytes);
  // Process heap allocation for handler-made data (returned strings, ...).
  uint64_t heap_alloc(uint64_t size, bool zero = true);
  GuestHeap* heap(uint64_t handle);
  // VirtualAlloc semantics on the process address space; 0 on failure.
  uint64_t virtual_alloc(uint64_t addr, uint64_t size, uint32_t protect, std::string tag, const std::string& process = {});
  // Guest buffer made once per name (CRT globals such as __argv).
  uint64_t static_buffer(const std::string& name, uint64_t size);

  static uint8_t perms_from_protect(uint32_t protect);
  // A PAGE_* value Windows accepts: exactly one base protection, and
  // PAGE_GUARD / PAGE_NOCACHE / PAGE_WRITECOMBINE only alone and not with
  // PAGE_NOACCESS (VirtualProtect fails with ERROR_INVALID_PARAMETER otherwise).
  static bool valid_page_protection(uint32_t protect);
  static uint32_t protect_from_perms(uint8_t perms);
  static std::string protect_name(uint32_t protect);

  // --- thread environment ---
  uint64_t teb() const;
  void set_last_error(uint32_t e);
  uint32_t last_error() const;
  uint64_t tick_ms() const;           // deterministic clock: advances with instructions
  uint64_t filetime_now() const;      // 100 ns since 1601

  // --- events ---
  boost::json::object pos() const;
  // Records an event in the current run. Once the stored events would
  // serialize to more than cfg.max_report_bytes, further events are only
  // counted (events_dropped): a report can never show them, and storing them
  // would only grow memory.
  void emit(const char* type, boost::json::object fields);
  uint64_t event_bytes = 0;                  // estimated serialized size of the stored events
  uint64_t events_stored = 0, events_dropped = 0;
  RunRecord* current = nullptr;
  std::deque<RunRecord> runs;
  boost::json::array errors;                 // top-level errors
  std::set<std::string> unsupported_seen;
  std::vector<std::string> limits_hit;
  uint64_t api_count = 0;
  std::string last_api;

  // --- modules ---
  std::string module_name_for_report(uint64_t trap_addr, const loader::TrapTarget& t) const;
  uint64_t proc_address(const loader::Module& m, std::string_view name);
  const loader::Module* load_library(std::string_view name);
  void register_traps();
  void init_security_cookie(const loader::Module& m);
  bool main_is_driver() const;
  void bind_crt_data_imports();

  // --- calling guest code from handlers ---
  // Calls `addr` with `args`; `then(ret)` runs when it returns (with the
  // stack pointer restored). `ebp` (x86) sets a frame pointer for the call
  // (MSVC scope-table funclets need the parent frame's ebp).
  void call_guest(uint64_t addr, const std::vector<uint64_t>& args, std::function<void(uint64_t)> then,
                  std::optional<uint64_t> ebp = std::nullopt);
  // Finishes a deferred API call: return value, stack clean-up, return.
  void finish_api(const Call& c, uint64_t ret);
  void return_from_api(Conv conv, unsigned nargs, uint64_t ret_addr, uint64_t sp, uint64_t ret);

  // --- runs ---
  std::deque<PendingRun> pending;
  uint32_t threads_created = 0;
  void queue_thread(std::shared_ptr<ThreadObject> t, const std::string& type);
  [[noreturn]] void end_run(RunEnd::Kind kind, uint64_t value = 0);
  [[noreturn]] void end_with_error(boost::json::object err, bool limit = false);
  boost::json::object fault_error(const char* type, uint64_t pc, std::optional<uint64_t> address,
                                  const char* access);

  // Runs every entry point; fills `runs`.
  void run_all(const std::vector<loader::EntryPoint>& eps, bool is_driver);

  // Exception dispatch (runtime/seh_*.cpp).
  void dispatch_exception(uint32_t code, uint64_t pc, uint64_t fault_address, const std::vector<uint64_t>& info,
                          const boost::json::object& error_if_unhandled);
  void raise_from_api(uint32_t code, uint32_t flags, const std::vector<uint64_t>& info);  // RaiseException
  void dispatch_x86(uint32_t code, uint64_t pc, const std::vector<uint64_t>& info, boost::json::object err,
                    uint32_t flags = 0);
  void dispatch_x64(uint32_t code, uint64_t pc, const std::vector<uint64_t>& info, boost::json::object err,
                    uint32_t flags = 0);
  void rtl_unwind_x86(uint64_t target_frame, uint64_t record, std::function<void()> done);
  // RtlUnwindEx on x64: from the context `from` (the faulting one) up to the
  // frame whose establisher is target_frame, calls each frame's termination
  // handler with EXCEPTION_UNWINDING set in the record (the target frame's
  // with EXCEPTION_TARGET_UNWIND too, and target_ip as
  // DISPATCHER_CONTEXT.TargetIp), innermost first; then calls done().
  void rtl_unwind_x64(const cpu::Context& from, uint64_t target_frame, uint64_t target_ip, uint64_t record,
                      std::function<void()> done);
  // RtlUnwindEx called by guest code (x64): unwinds from `from` (its
  // caller's context) to target_frame as above, then continues at target_ip
  // with rax = return_value in the target frame's context as the handlers
  // left it (runtime/seh_unwind_x64.cpp).
  void rtl_unwind_ex_x64(const cpu::Context& from, uint64_t target_frame, uint64_t target_ip, uint64_t record,
                         uint64_t return_value);
  // x64 language-handler calls in progress, by the stack slot holding their
  // return address. On Windows a walk that leaves a handler's frames passes
  // through the dispatcher's own; here it reaches the emulator's return
  // trap and continues where the record says (runtime/seh_unwind_x64.cpp).
  struct HandlerCall {
    uint64_t call_sp = 0;
    // An unwind (RtlUnwindEx from the handler): for a dispatch handler the
    // faulting context; for an unwind handler the frame the outer unwind
    // had reached, whose handler is called again (collided unwind).
    cpu::Context unwind_resume;
    bool collided = false;
    // A new exception raised in the handler: for a dispatch handler the
    // faulting context; for an unwind handler the outer unwind's caller.
    cpu::Context dispatch_resume;
  };
  std::vector<HandlerCall> x64_handler_calls;
  uint64_t write_exception_record(uint64_t at, uint32_t code, uint32_t flags, uint64_t address,
                                  const std::vector<uint64_t>& info);
  void write_context(uint64_t at, const cpu::Context& c);
  cpu::Context read_context(uint64_t at) const;
  size_t context_size() const { return x64 ? 0x4D0 : 0x2CC; }

  // x64 dispatch state for __C_specific_handler: the frame being asked.
  struct X64Frame {
    cpu::Context ctx;                  // the frame's context (as unwound)
    uint64_t record = 0, context_ptr = 0, pointers = 0;
    uint64_t image_base = 0, establisher = 0;
  };
  std::vector<X64Frame> x64_frames;
  // x64 unwinding (runtime/unwind_x64.cpp).
  struct FunctionEntry { uint64_t image_base = 0, entry = 0, begin = 0, end = 0, unwind = 0; };
  std::optional<FunctionEntry> lookup_function_entry(uint64_t pc) const;
  // One frame of virtual unwind: updates c to the caller's context; returns
  // the handler (absolute, 0 if none) and its data address for the requested kind
  // (1 = exception handler, 2 = termination handler), and the establisher frame.
  struct UnwindResult { uint64_t handler = 0, handler_data = 0, establisher = 0; bool ok = false; };
  UnwindResult virtual_unwind(const FunctionEntry& f, cpu::Context& c, unsigned handler_kind) const;

  // Kernel drivers (runtime/driver.cpp).
  uint64_t driver_object = 0;
  uint64_t device_object = 0;
  void run_driver(uint64_t entry);

  // Trap addresses the emulator owns.
  uint64_t trap_page = 0;
  // Entry points return into kernel32 (BaseThreadInitThunk) as on Windows,
  // where code finds kernel32's image by scanning down from its return
  // address; the emulator's own trap page is the fallback.
  uint64_t ep_return = 0;
  uint64_t ep_return_trap() const { return ep_return ? ep_return : trap_page; }
  uint64_t guest_return_trap() const { return trap_page + 0x10; }
  uint64_t default_irp_trap() const { return trap_page + 0x20; }

  // Limits.
  std::chrono::steady_clock::time_point started;
  std::chrono::steady_clock::time_point deadline;
  const std::atomic<bool>* cancel;
  std::atomic<bool> timed_out{false};
  void check_limits();
  void scan_dynamic_code();
  uint64_t last_scan_instr = 0;

  // Import names as written in the image (api-set names): trap address -> dll base name.
  std::map<uint64_t, std::string> import_module_by_target;
  // How the guest came by each API address it calls (api events' "resolved").
  ApiResolution resolution{proc};
  std::vector<Continuation> continuations;
  bool exiting = false;

 private:
  void run_one(const PendingRun& r);
  void run_loop();
  void handle_trap(uint64_t pc);
  void handle_api(uint64_t pc, const loader::TrapTarget& t);
  void place_at_call_site(uint64_t return_address);
  void handle_stop(const cpu::Stop& st);
  std::set<std::pair<uint64_t, uint64_t>> registered_ranges_;
  RunRecord* uncounted_events_ = nullptr;  // run whose last event is not in event_bytes yet
};

template <class S> size_t Session::write_str(uint64_t addr, std::string_view utf8, size_t max_chars) {
  if constexpr (S::wide) return write_wstr(addr, utf8_to_utf16(utf8), max_chars);
  else return write_astr(addr, utf8_to_ansi(utf8), max_chars);
}

}  // namespace emu::winapi
