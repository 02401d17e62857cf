// The C runtime's start-up, exit, memory and exception plumbing, shared by
// msvcrt, ucrtbase and its api-ms-win-crt-* sets, vcruntime140 and the
// msvcr* versions (ApiRegistry::canonical_dll maps them here).
#include <memory>

#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

// ---- start-up ----

std::vector<std::string> split_args(const std::string& cl) {
  std::vector<std::string> out;
  std::string cur;
  bool q = false, any = false;
  for (size_t i = 0; i < cl.size(); ++i) {
    const char ch = cl[i];
    if (ch == '"') { q = !q; any = true; continue; }
    if (!q && (ch == ' ' || ch == '\t')) {
      if (any || !cur.empty()) out.push_back(cur);
      cur.clear();
      any = false;
      continue;
    }
    cur.push_back(ch);
  }
  if (any || !cur.empty()) out.push_back(cur);
  return out;
}

// argv / envp arrays in guest memory, made once (narrow and wide).
uint64_t argv_array(Session& s, bool wide) {
  const std::string key = wide ? "crt.wargv" : "crt.argv";
  if (s.scratch.count(key)) return s.scratch[key];
  auto args = split_args(s.command_line);
  const uint64_t arr = s.static_buffer(key, (args.size() + 1) * s.ptr_size);
  for (size_t i = 0; i < args.size(); ++i) {
    const uint64_t b = s.heap_alloc((args[i].size() + 1) * 2);
    if (wide) s.write_wstr(b, utf8_to_utf16(args[i]));
    else s.write_astr(b, utf8_to_ansi(args[i]));
    s.write_ptr(arr + i * s.ptr_size, b);
  }
  s.write_u32(s.static_buffer("crt.argc", 8), static_cast<uint32_t>(args.size()));
  return arr;
}
uint64_t env_array(Session& s, bool wide) {
  const std::string key = wide ? "crt.wenv" : "crt.env";
  if (s.scratch.count(key)) return s.scratch[key];
  const uint64_t arr = s.static_buffer(key, (s.env.size() + 1) * s.ptr_size);
  size_t i = 0;
  for (auto& [k, v] : s.env) {
    const std::string kv = upper(k) + "=" + v;
    const uint64_t b = s.heap_alloc((kv.size() + 1) * 2);
    if (wide) s.write_wstr(b, utf8_to_utf16(kv));
    else s.write_astr(b, utf8_to_ansi(kv));
    s.write_ptr(arr + (i++) * s.ptr_size, b);
  }
  return arr;
}

uint64_t p_argc(Call& c) { argv_array(c.s, false); return c.s.static_buffer("crt.argc", 8); }
uint64_t p_argv(Call& c) {
  const uint64_t p = c.s.static_buffer("crt.pargv", 8);
  c.s.write_ptr(p, argv_array(c.s, false));
  return p;
}
uint64_t p_wargv(Call& c) {
  const uint64_t p = c.s.static_buffer("crt.pwargv", 8);
  c.s.write_ptr(p, argv_array(c.s, true));
  return p;
}
uint64_t p_environ(Call& c) {
  const uint64_t p = c.s.static_buffer("crt.penv", 8);
  c.s.write_ptr(p, env_array(c.s, false));
  return p;
}
uint64_t p_wenviron(Call& c) {
  const uint64_t p = c.s.static_buffer("crt.pwenv", 8);
  c.s.write_ptr(p, env_array(c.s, true));
  return p;
}
uint64_t get_initial_env(Call& c) { return env_array(c.s, false); }
uint64_t get_initial_wenv(Call& c) { return env_array(c.s, true); }
uint64_t p_acmdln(Call& c) {
  const uint64_t p = c.s.static_buffer("crt.pacmdln", 8);
  const uint64_t b = c.s.static_buffer("crt.acmdln", c.s.command_line.size() + 1);
  c.s.write_astr(b, utf8_to_ansi(c.s.command_line));
  c.s.write_ptr(p, b);
  return p;
}
uint64_t p_wcmdln(Call& c) {
  const uint64_t p = c.s.static_buffer("crt.pwcmdln", 8);
  const uint64_t b = c.s.static_buffer("crt.wcmdln", 2 * c.s.command_line.size() + 2);
  c.s.write_wstr(b, utf8_to_utf16(c.s.command_line));
  c.s.write_ptr(p, b);
  return p;
}
uint64_t p_int(Call& c, const char* name) { return c.s.static_buffer(name, 8); }
uint64_t p_commode(Call& c) { return p_int(c, "crt.commode"); }
uint64_t p_fmode(Call& c) { return p_int(c, "crt.fmode"); }
uint64_t errno_ptr(Call& c) { return p_int(c, "crt.errno"); }
uint64_t doserrno_ptr(Call& c) { return p_int(c, "crt.doserrno"); }
uint64_t p_mb_cur_max(Call& c) { uint64_t p = p_int(c, "crt.mbcurmax"); c.s.write_u32(p, 1); return p; }

uint64_t getmainargs(Call& c, Ptr argc, Ptr argv, Ptr envp, uint32_t, Ptr) {
  const uint64_t a = argv_array(c.s, false);
  c.s.write_u32(argc, c.s.read_u32(c.s.static_buffer("crt.argc", 8)));
  c.s.write_ptr(argv, a);
  c.s.write_ptr(envp, env_array(c.s, false));
  return 0;
}
uint64_t wgetmainargs(Call& c, Ptr argc, Ptr argv, Ptr envp, uint32_t, Ptr) {
  const uint64_t a = argv_array(c.s, true);
  c.s.write_u32(argc, c.s.read_u32(c.s.static_buffer("crt.argc", 8)));
  c.s.write_ptr(argv, a);
  c.s.write_ptr(envp, env_array(c.s, true));
  return 0;
}

// Calls each non-null function pointer in [begin, end) in turn.
uint64_t initterm_impl(Call& c, uint64_t begin, uint64_t end, bool stop_on_error) {
  if (end <= begin || end - begin > 0x10000 * 8) return 0;
  c.defer();
  Session* s = &c.s;
  Call saved = c;
  auto cur = std::make_shared<uint64_t>(begin);
  auto step = std::make_shared<std::function<void()>>();
  std::weak_ptr<std::function<void()>> weak = step;
  *step = [s, saved, cur, end, stop_on_error, weak]() {
    while (*cur < end) {
      const uint64_t fn = s->read_ptr(*cur);
      *cur += s->ptr_size;
      if (!fn) continue;
      auto self = weak.lock();
      s->call_guest(fn, {}, [s, saved, stop_on_error, self](uint64_t r) {
        if (stop_on_error && static_cast<uint32_t>(r)) { s->finish_api(saved, r); return; }
        (*self)();
      });
      return;
    }
    s->finish_api(saved, 0);
  };
  // The pending continuation holds the step alive (strong `self`).
  (*step)();
  return 0;
}
uint64_t initterm(Call& c, Ptr b, Ptr e) { return initterm_impl(c, b, e, false); }
uint64_t initterm_e(Call& c, Ptr b, Ptr e) { return initterm_impl(c, b, e, true); }

uint64_t register_onexit(Call& c, Ptr, Ptr fn) { c.s.atexit_fns.push_back(fn); return 0; }
uint64_t crt_atexit(Call& c, Ptr fn) { c.s.atexit_fns.push_back(fn); return 0; }
uint64_t onexit(Call& c, Ptr fn) { c.s.atexit_fns.push_back(fn); return fn; }
uint64_t dllonexit(Call& c, Ptr fn, Ptr, Ptr) { c.s.atexit_fns.push_back(fn); return fn; }
uint64_t controlfp_s(Call& c, Ptr cur, uint32_t, uint32_t) { if (cur) c.s.write_u32(cur, 0x9001F); return 0; }
uint64_t controlfp(Call&, uint32_t, uint32_t) { return 0x9001F; }
uint64_t exit_(Call& c, int32_t code) { c.s.exiting = true; c.s.end_run(RunEnd::Kind::ExitProcess, static_cast<uint32_t>(code)); }
uint64_t abort_(Call& c) { c.s.end_run(RunEnd::Kind::ExitProcess, 3); }
uint64_t amsg_exit(Call& c, int32_t) { c.s.end_run(RunEnd::Kind::ExitProcess, 255); }
uint64_t invalid_parameter(Call& c, Ptr, Ptr, Ptr, uint32_t, Ptr) { c.s.end_run(RunEnd::Kind::ExitProcess, 0xC0000417); }
uint64_t acrt_iob_func(Call& c, uint32_t i) {
  const uint64_t base = c.s.static_buffer("crt.iob", 3 * 0x40);
  return base + (i % 3) * (c.s.x64 ? 0x30 : 0x20);
}
uint64_t iob_func(Call& c) { return c.s.static_buffer("crt.iob", 3 * 0x40); }
uint64_t signal_(Call&, int32_t, Ptr) { return 0; }
uint64_t set_se_translator(Call&, Ptr) { return 0; }
uint64_t get_osfhandle(Call&, int32_t fd) { return fd < 3 ? 0x10 + fd : ~0ull; }

// ---- memory ----
uint64_t malloc_(Call& c, uint64_t n) { return c.s.heap_alloc(n ? n : 1, false); }
uint64_t calloc_(Call& c, uint64_t n, uint64_t sz) {
  if (sz && n > (1ull << 32) / sz) return 0;
  return c.s.heap_alloc(std::max<uint64_t>(n * sz, 1), true);
}
uint64_t free_(Call& c, Ptr p) { if (p) c.s.heap(c.s.process_heap)->free(p); return 0; }
uint64_t realloc_(Call& c, Ptr p, uint64_t n) {
  if (!n) { if (p) c.s.heap(c.s.process_heap)->free(p); return 0; }
  return c.s.heap(c.s.process_heap)->realloc(p, n, false);
}
uint64_t recalloc_(Call& c, Ptr p, uint64_t n, uint64_t sz) { return c.s.heap(c.s.process_heap)->realloc(p, n * sz, true); }
uint64_t msize_(Call& c, Ptr p) { return c.s.heap(c.s.process_heap)->size_of(p).value_or(~0ull); }
uint64_t aligned_malloc(Call& c, uint64_t n, uint64_t) { return c.s.heap_alloc(n ? n : 1, false); }
uint64_t new_(Call& c, uint64_t n) { return c.s.heap_alloc(n ? n : 1, false); }

// ---- exception handling of MSVC's C runtime ----
//
// _except_handler3 / _except_handler4_common walk the function's scope
// table (MSVC's __try/__except/__finally bookkeeping) exactly as the CRT
// does: filters are called with the frame's ebp, a match unwinds the inner
// frames (RtlUnwind), runs the inner __finally blocks and jumps to the
// __except block with ebp set.
struct ScopeFrame {
  uint64_t frame = 0;        // the EXCEPTION_REGISTRATION (ebp - 0x10)
  uint64_t table = 0;        // first scope record
  uint32_t top = 0;          // TRYLEVEL_NONE
  uint64_t ebp() const { return frame + 0x10; }
};

void local_unwind(Session& s, ScopeFrame f, uint32_t target, std::function<void()> done, int depth = 0) {
  const uint32_t level = s.read_u32(f.frame + 0xC);
  if (level == target || level == f.top || depth > 64) { done(); return; }
  const uint64_t rec = f.table + 12ull * level;
  const uint32_t enclosing = s.read_u32(rec);
  const uint32_t filter = s.read_u32(rec + 4);
  const uint32_t handler = s.read_u32(rec + 8);
  s.write_u32(f.frame + 0xC, enclosing);
  if (filter == 0 && handler) {  // a __finally block
    s.call_guest(handler, {}, [&s, f, target, done, depth](uint64_t) { local_unwind(s, f, target, done, depth + 1); }, f.ebp());
    return;
  }
  local_unwind(s, f, target, done, depth + 1);
}

void scope_search(Session& s, Call saved, ScopeFrame f, uint64_t record, uint32_t level, int depth) {
  if (level == f.top || depth > 64) { s.finish_api(saved, 1); return; }  // ExceptionContinueSearch
  const uint64_t rec = f.table + 12ull * level;
  const uint32_t enclosing = s.read_u32(rec);
  const uint32_t filter = s.read_u32(rec + 4);
  const uint32_t handler = s.read_u32(rec + 8);
  if (!filter) { scope_search(s, saved, f, record, enclosing, depth + 1); return; }
  s.call_guest(filter, {}, [&s, saved, f, record, level, enclosing, handler, depth](uint64_t r) {
    const int32_t v = static_cast<int32_t>(r);
    if (v < 0) { s.finish_api(saved, 0); return; }  // EXCEPTION_CONTINUE_EXECUTION
    if (v == 0) { scope_search(s, saved, f, record, enclosing, depth + 1); return; }
    // EXCEPTION_EXECUTE_HANDLER: unwind the inner frames, then this one's inner levels.
    s.rtl_unwind_x86(f.frame, record, [&s, f, level, enclosing, handler]() {
      local_unwind(s, f, level, [&s, f, enclosing, handler]() {
        s.write_u32(f.frame + 0xC, enclosing);
        s.cpu.set_reg(cpu::RBP, f.ebp());
        s.cpu.set_pc(handler);
      });
    });
  }, f.ebp());
}

uint64_t scope_handler(Call& c, ScopeFrame f, uint64_t record, uint64_t context) {
  c.defer();
  Session& s = c.s;
  const uint32_t flags = s.read_u32(record + 4);
  if (flags & 6) {  // unwinding: run this frame's __finally blocks
    Call saved = c;
    local_unwind(s, f, f.top, [&s, saved] { s.finish_api(saved, 1); });
    return 0;
  }
  // EXCEPTION_POINTERS for the filters: [ebp-0x14] points at it.
  const uint64_t ptrs = (s.cpu.reg(cpu::RSP) - 0x20) & ~0xFull;
  s.write_u32(ptrs, static_cast<uint32_t>(record));
  s.write_u32(ptrs + 4, static_cast<uint32_t>(context));
  s.cpu.set_reg(cpu::RSP, ptrs - 0x10);
  s.write_u32(f.frame - 4, static_cast<uint32_t>(ptrs));
  scope_search(s, c, f, record, s.read_u32(f.frame + 0xC), 0);
  return 0;
}

uint64_t except_handler4_common(Call& c, Ptr cookie_ptr, Ptr, Ptr record, Ptr frame, Ptr context, Ptr) {
  if (c.s.x64) return 1;
  ScopeFrame f;
  f.frame = frame;
  f.table = ((c.s.read_u32(frame + 8) ^ c.s.read_u32(cookie_ptr)) & 0xFFFFFFFF) + 16;
  f.top = 0xFFFFFFFE;
  return scope_handler(c, f, record, context);
}
uint64_t except_handler3(Call& c, Ptr record, Ptr frame, Ptr context, Ptr) {
  if (c.s.x64) return 1;
  ScopeFrame f;
  f.frame = frame;
  f.table = c.s.read_u32(frame + 8);
  f.top = 0xFFFFFFFF;
  return scope_handler(c, f, record, context);
}

// x64 unwinding through a __C_specific_handler frame: the __finally blocks
// (JumpTarget 0) whose range covers the frame's pc run in table order
// (innermost first) as handler(AbnormalTermination = TRUE, EstablisherFrame);
// in the target frame the walk stops at the __except scope being unwound to.
uint64_t c_specific_unwind(Call& c, uint64_t record, uint64_t establisher, uint64_t dispatcher) {
  Session& s = c.s;
  const uint64_t image = s.read_u64(dispatcher + 8);
  const uint64_t pc = s.read_u64(dispatcher) - image;
  const uint64_t target = s.read_u64(dispatcher + 0x20) - image;
  const uint64_t data = s.read_u64(dispatcher + 0x38);
  const uint32_t count = std::min<uint32_t>(s.read_u32(data), 256);
  const bool target_unwind = s.read_u32(record + 4) & 0x20;  // EXCEPTION_TARGET_UNWIND
  c.defer();
  Call saved = c;
  auto step = std::make_shared<std::function<void(uint32_t)>>();
  std::weak_ptr<std::function<void(uint32_t)>> weak = step;
  *step = [&s, saved, image, pc, target, data, count, target_unwind, establisher, dispatcher, weak](uint32_t i) {
    for (; i < count; ++i) {
      const uint64_t e = data + 4 + 16ull * i;
      const uint32_t begin = s.read_u32(e), end = s.read_u32(e + 4), handler = s.read_u32(e + 8), jump = s.read_u32(e + 12);
      if (pc < begin || pc >= end) continue;
      if (jump != 0) {
        if (target_unwind && jump == target) break;
        continue;
      }
      s.write_u32(dispatcher + 0x48, i + 1);  // ScopeIndex: where a collided unwind resumes
      auto self = weak.lock();
      s.call_guest(image + handler, {1, establisher}, [self, i](uint64_t) { (*self)(i + 1); });
      return;
    }
    s.finish_api(saved, 1);  // ExceptionContinueSearch
  };
  (*step)(0);
  return 0;
}

// x64: __C_specific_handler over the scope table in the handler data.
uint64_t c_specific_handler(Call& c, Ptr record, Ptr establisher, Ptr context, Ptr dispatcher) {
  Session& s = c.s;
  if (!s.x64) return 1;
  const uint32_t flags = s.read_u32(record + 4);
  if (flags & 6) return c_specific_unwind(c, record, establisher, dispatcher);
  const uint64_t image = s.read_u64(dispatcher + 8);
  const uint64_t pc = s.read_u64(dispatcher) - image;
  const uint64_t data = s.read_u64(dispatcher + 0x38);
  const uint32_t count = std::min<uint32_t>(s.read_u32(data), 256);
  if (s.x64_frames.empty()) return 1;
  const Session::X64Frame frame = s.x64_frames.back();
  c.defer();
  Call saved = c;
  auto search = std::make_shared<std::function<void(uint32_t)>>();
  std::weak_ptr<std::function<void(uint32_t)>> weak = search;
  *search = [&s, saved, image, pc, data, count, frame, establisher, weak, record](uint32_t i) {
    for (; i < count; ++i) {
      const uint64_t e = data + 4 + 16ull * i;
      const uint32_t begin = s.read_u32(e), end = s.read_u32(e + 4), handler = s.read_u32(e + 8), jump = s.read_u32(e + 12);
      if (pc < begin || pc >= end || jump == 0) continue;
      // Unwind the inner frames (their __finally blocks run) and this
      // frame's inner scopes, then enter the __except block.
      auto take = [&s, frame, image, jump, record, establisher]() {
        cpu::Context ctx = frame.ctx;
        ctx.rip = image + jump;
        ctx.gpr[cpu::RAX] = s.read_u32(record);
        ctx.gpr[cpu::RDX] = s.read_u64(record + 0x10);
        s.x64_frames.clear();
        s.rtl_unwind_x64(s.read_context(frame.context_ptr), establisher, image + jump, record,
                         [&s, ctx] { s.cpu.set_context(ctx); });
      };
      if (handler == 1) { take(); return; }
      auto self = weak.lock();
      s.call_guest(image + handler, {frame.pointers, establisher}, [&s, saved, self, i, take](uint64_t r) {
        const int32_t v = static_cast<int32_t>(r);
        if (v < 0) { s.finish_api(saved, 0); return; }
        if (v > 0) { take(); return; }
        (*self)(i + 1);
      });
      return;
    }
    s.finish_api(saved, 1);
  };
  (void)context;
  (*search)(0);
  return 0;
}

uint64_t cxx_frame_handler(Call&, Ptr, Ptr, Ptr, Ptr) { return 1; }
uint64_t cxx_throw(Call& c, Ptr obj, Ptr info) {
  std::vector<uint64_t> args = {0x19930520, obj, info};
  if (c.s.x64) args.push_back(c.s.proc.main_module().base);
  c.defer();
  c.s.finish_api(c, 0);
  c.s.raise_from_api(0xE06D7363, 1, args);
  return 0;
}
uint64_t seh_filter(Call&, uint32_t, Ptr) { return 0; }

// ---- misc ----
uint64_t rand_(Call& c) {
  uint64_t seed = c.s.props.count("rand") ? std::stoull(c.s.props["rand"]) : 1;
  seed = seed * 214013 + 2531011;
  c.s.props["rand"] = std::to_string(seed & 0xFFFFFFFF);
  return (seed >> 16) & 0x7FFF;
}
uint64_t srand_(Call& c, uint32_t seed) { c.s.props["rand"] = std::to_string(seed); return 0; }
uint64_t time_(Call& c, Ptr out) {
  const uint64_t t = (c.s.filetime_now() - 116444736000000000ull) / 10000000ull;
  if (out) c.s.write_u64(out, t);
  return t;
}
uint64_t time32_(Call& c, Ptr out) {
  const uint64_t t = (c.s.filetime_now() - 116444736000000000ull) / 10000000ull;
  if (out) c.s.write_u32(out, static_cast<uint32_t>(t));
  return t;
}
uint64_t clock_(Call& c) { return c.s.elapsed_100ns() / 10000; }
uint64_t getpid_(Call& c) { return c.s.pid; }
uint64_t getenv_(Call& c, AStr name) {
  auto it = c.s.env.find(lower(name.str));
  if (it == c.s.env.end()) return 0;
  const uint64_t b = c.s.static_buffer("crt.getenv." + it->first, it->second.size() + 1);
  c.s.write_astr(b, utf8_to_ansi(it->second));
  return b;
}
uint64_t wgetenv_(Call& c, WStr name) {
  auto it = c.s.env.find(lower(name.str));
  if (it == c.s.env.end()) return 0;
  const uint64_t b = c.s.static_buffer("crt.wgetenv." + it->first, 2 * it->second.size() + 2);
  c.s.write_wstr(b, utf8_to_utf16(it->second));
  return b;
}
uint64_t system_(Call& c, AStr cmd) {
  c.s.emit("process_create", {{"path", "C:\\Windows\\system32\\cmd.exe"}, {"cmdline", "cmd.exe /c " + cmd.str}});
  return 0;
}

}  // namespace

void register_crt(ApiRegistry& r) {
  auto t = r.table("msvcrt", Conv::Cdecl);
  for (const char* n : {"_set_app_type", "__set_app_type", "__setusermatherr", "_set_fmode", "_cexit", "_c_exit",
                        "_configthreadlocale", "_set_new_mode", "_initialize_onexit_table",
                        "_register_thread_local_exe_atexit_callback", "_execute_onexit_table", "_configure_narrow_argv",
                        "_configure_wide_argv", "_initialize_narrow_environment", "_initialize_wide_environment",
                        "__std_type_info_destroy_list", "_set_invalid_parameter_handler", "_lock", "_unlock",
                        "_set_abort_behavior", "__crtSetUserMathErr", "_setmbcp", "__lconv_init", "_fpreset",
                        "_crt_at_quick_exit", "__telemetry_main_invoke_trigger", "__telemetry_main_return_trigger",
                        "_set_error_mode", "__vcrt_InitializeCriticalSectionEx", "_mbctype", "setlocale",
                        "_setmode", "__security_init_cookie", "_CrtSetCheckCount", "__p__pgmptr"})
    t.add<constant_result<0, 1>>(n);
  t.add<constant_result<1, 1>>("_isatty");
  t.add<constant_result<0, 0>>("_get_initial_narrow_environment_unused");
  t.add<&get_initial_env>("_get_initial_narrow_environment");
  t.add<&get_initial_wenv>("_get_initial_wide_environment");
  t.add<&p_argc>("__p___argc");
  t.add<&p_argv>("__p___argv");
  t.add<&p_wargv>("__p___wargv");
  t.add<&p_environ>("__p__environ");
  t.add<&p_wenviron>("__p__wenviron");
  t.add<&p_acmdln>("__p__acmdln");
  t.add<&p_wcmdln>("__p__wcmdln");
  t.add<&p_commode>("__p__commode");
  t.add<&p_fmode>("__p__fmode");
  t.add<&p_mb_cur_max>("__p___mb_cur_max");
  t.add<&errno_ptr>("_errno");
  t.add<&errno_ptr>("__errno_location");
  t.add<&doserrno_ptr>("__doserrno");
  t.add<&getmainargs>("__getmainargs");
  t.add<&wgetmainargs>("__wgetmainargs");
  t.add<&initterm>("_initterm");
  t.add<&initterm_e>("_initterm_e");
  t.add<&register_onexit>("_register_onexit_function");
  t.add<&crt_atexit>("_crt_atexit");
  t.add<&crt_atexit>("atexit");
  t.add<&onexit>("_onexit");
  t.add<&onexit>("__onexit");
  t.add<&dllonexit>("__dllonexit");
  t.add<&controlfp_s>("_controlfp_s");
  t.add<&controlfp>("_controlfp");
  t.add<&controlfp>("_control87");
  t.add<&controlfp>("__control87_2");
  t.add<&exit_>("exit");
  t.add<&exit_>("_exit");
  t.add<&exit_>("_Exit");
  t.add<&exit_>("quick_exit");
  t.add<&abort_>("abort");
  t.add<&abort_>("terminate");
  t.add<&abort_>("?terminate@@YAXXZ");
  t.add<&amsg_exit>("_amsg_exit");
  t.add<&invalid_parameter>("_invalid_parameter");
  t.add<&invalid_parameter>("_invoke_watson");
  t.add<&invalid_parameter>("_invalid_parameter_noinfo_noreturn");
  t.add<constant_result<0, 0>>("_invalid_parameter_noinfo");
  t.add<&acrt_iob_func>("__acrt_iob_func");
  t.add<&iob_func>("__iob_func");
  t.add<&signal_>("signal");
  t.add<&set_se_translator>("_set_se_translator");
  t.add<&get_osfhandle>("_get_osfhandle");
  t.add<&malloc_>("malloc");
  t.add<&calloc_>("calloc");
  // The CRT's internal allocators (exported by msvcrt), the same heap.
  t.add<&malloc_>("_malloc_crt");
  t.add<&calloc_>("_calloc_crt");
  t.add<&free_>("free");
  t.add<&realloc_>("realloc");
  t.add<&recalloc_>("_recalloc");
  t.add<&msize_>("_msize");
  t.add<&aligned_malloc>("_aligned_malloc");
  t.add<&free_>("_aligned_free");
  t.add<&new_>("??2@YAPAXI@Z");
  t.add<&new_>("??_U@YAPAXI@Z");
  t.add<&new_>("??2@YAPEAX_K@Z");
  t.add<&new_>("??_U@YAPEAX_K@Z");
  t.add<&free_>("??3@YAXPAX@Z");
  t.add<&free_>("??_V@YAXPAX@Z");
  t.add<&free_>("??3@YAXPEAX@Z");
  t.add<&free_>("??_V@YAXPEAX@Z");
  t.add<constant_result<0, 2>>("??3@YAXPAXI@Z");
  t.add<&except_handler4_common>("_except_handler4_common");
  t.add<&except_handler3>("_except_handler3");
  t.add<&c_specific_handler>("__C_specific_handler");
  t.add<&cxx_frame_handler>("__CxxFrameHandler3");
  t.add<&cxx_frame_handler>("__CxxFrameHandler4");
  t.add<&cxx_frame_handler>("__CxxFrameHandler");
  t.add<&cxx_frame_handler>("__GSHandlerCheck_EH4");
  t.add<&cxx_throw>("_CxxThrowException");
  t.add<&seh_filter>("_seh_filter_exe");
  t.add<&seh_filter>("_seh_filter_dll");
  t.add<&seh_filter>("_XcptFilter");
  t.add<&rand_>("rand");
  t.add<&srand_>("srand");
  t.add<&time_>("_time64");
  t.add<&time32_>("time");
  t.add<&time32_>("_time32");
  t.add<&clock_>("clock");
  t.add<&getpid_>("_getpid");
  t.add<&getenv_>("getenv");
  t.add<&wgetenv_>("_wgetenv");
  t.add<&system_>("system");
}

}  // namespace emu::winapi
