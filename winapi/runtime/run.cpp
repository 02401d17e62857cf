// The run loop: entry points one after the other, the CPU in slices, API
// traps dispatched to handlers, faults to the exception dispatcher, limits
// checked between slices (and by a watchdog that interrupts the CPU).
#include <condition_variable>
#include <mutex>
#include <thread>

#include "winapi/core/stdcall_args.h"
#include "winapi/runtime/session.h"

namespace emu::winapi {

namespace {
constexpr uint64_t kSlice = 1'000'000;

struct Watchdog {
  std::mutex m;
  std::condition_variable cv;
  bool stop = false;
  std::thread th;
  Watchdog(Session& s) {
    th = std::thread([this, &s] {
      std::unique_lock<std::mutex> lk(m);
      while (!stop) {
        const auto now = std::chrono::steady_clock::now();
        if (s.cfg.timeout_seconds > 0 && now >= s.deadline) {
          s.timed_out = true;
          s.cpu.request_stop();
          cv.wait_for(lk, std::chrono::milliseconds(20));
          continue;
        }
        if (s.cancel && s.cancel->load()) s.cpu.request_stop();
        auto wake = now + std::chrono::milliseconds(20);
        if (s.cfg.timeout_seconds > 0 && s.deadline < wake) wake = s.deadline;
        cv.wait_until(lk, wake);
      }
    });
  }
  ~Watchdog() {
    {
      std::lock_guard<std::mutex> lk(m);
      stop = true;
    }
    cv.notify_all();
    th.join();
  }
};
}  // namespace

void Session::end_run(RunEnd::Kind kind, uint64_t value) {
  RunEnd e;
  e.kind = kind;
  e.value = value;
  throw e;
}

void Session::end_with_error(boost::json::object err, bool limit) {
  RunEnd e;
  e.kind = limit ? RunEnd::Kind::Limit : RunEnd::Kind::Error;
  e.error = std::move(err);
  throw e;
}

void Session::check_limits() {
  auto limit = [&](const char* type) {
    boost::json::object e{{"type", type}};
    if (!last_api.empty()) e["last_api"] = last_api;
    e["pc"] = cpu.pc();
    end_with_error(std::move(e), true);
  };
  if (cancel && cancel->load()) limit("cancelled");
  if (timed_out.load() || (cfg.timeout_seconds > 0 && std::chrono::steady_clock::now() >= deadline)) limit("timeout");
  if (cfg.max_instructions > 0 && cpu.instructions() >= static_cast<uint64_t>(cfg.max_instructions))
    limit("max_instructions");
  if (cfg.max_memory_bytes && mem.committed_bytes() > cfg.max_memory_bytes) limit("max_memory");
}

// Instruction text in the style Speakeasy's reports use (Capstone's):
// hex literals without leading zeros, values below 10 in decimal.
std::string normalize_instr(const std::string& in) {
  std::string out;
  for (size_t i = 0; i < in.size();) {
    if (in.compare(i, 2, "0x") == 0 && i + 2 < in.size() && std::isxdigit(static_cast<unsigned char>(in[i + 2]))) {
      size_t j = i + 2;
      while (j < in.size() && std::isxdigit(static_cast<unsigned char>(in[j]))) ++j;
      const std::string digits = in.substr(i + 2, j - i - 2);
      if (digits.size() <= 16) {
        const uint64_t v = std::stoull(digits, nullptr, 16);
        out += v < 10 ? std::to_string(v) : hex(v);
      } else {
        out += in.substr(i, j - i);
      }
      i = j;
      continue;
    }
    out.push_back(in[i++]);
  }
  return out;
}

boost::json::object Session::fault_error(const char* type, uint64_t pc, std::optional<uint64_t> address,
                                         const char* access) {
  boost::json::object e;
  e["type"] = type;
  e["pc"] = pc;
  e["instr"] = normalize_instr(cpu.disassemble(pc));
  if (address) e["address"] = *address;
  if (access) e["access_type"] = access;
  static const char* n32[] = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
  static const char* n64[] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
                              "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15"};
  boost::json::object regs;
  const int n = x64 ? 16 : 8;
  for (int i = 0; i < n; ++i) {
    uint64_t v = cpu.reg(static_cast<cpu::Reg>(i));
    if (!x64) v &= 0xFFFFFFFF;
    regs[x64 ? n64[i] : n32[i]] = hex(v);
  }
  regs[x64 ? "rip" : "eip"] = hex(pc);
  regs["eflags"] = hex(cpu.eflags());
  e["regs"] = std::move(regs);
  boost::json::array stack;
  const uint64_t sp = cpu.reg(cpu::RSP);
  for (unsigned i = 0; i < 16; ++i) {
    const uint64_t a = sp + i * ptr_size;
    if (!mem.is_range_mapped(a, ptr_size)) break;
    char buf[64];
    std::snprintf(buf, sizeof buf, "sp+0x%02x: %s", i * ptr_size, hex(read_ptr(a)).c_str());
    stack.push_back(boost::json::string(buf));
  }
  e["stack"] = std::move(stack);
  const loader::Module* m = proc.module_at(pc);
  e["pc_module"] = m ? m->name : (pc >= trap_page && pc < trap_page + 0x1000 ? "emulator" : "unknown");
  e["thread_id"] = tid;
  e["process_id"] = pid;
  if (!last_api.empty()) e["last_api"] = last_api;
  return e;
}

void Session::queue_thread(std::shared_ptr<ThreadObject> t, const std::string& type) {
  if (threads_created >= cfg.max_threads) {
    boost::json::object e{{"type", "max_threads"}, {"count", threads_created}};
    end_with_error(std::move(e), true);
  }
  ++threads_created;
  PendingRun r;
  r.type = type;
  r.address = t->start;
  r.args = {t->param};
  r.tid = t->tid;
  r.thread = t;
  r.new_thread = true;
  pending.push_back(std::move(r));
}

void Session::run_all(const std::vector<loader::EntryPoint>& eps, bool is_driver) {
  started = std::chrono::steady_clock::now();
  deadline = started + std::chrono::microseconds(static_cast<int64_t>(cfg.timeout_seconds * 1e6));
  Watchdog dog(*this);
  bool stop_all = false;
  auto run = [&](const PendingRun& r) {
    if (stop_all) return;
    run_one(r);
    if (!runs.empty() && runs.back().limit) stop_all = true;
  };
  if (is_driver) {
    for (const auto& ep : eps)
      if (ep.type == "driver_entry") { run_driver(ep.address); break; }
    return;
  }
  for (const auto& ep : eps) {
    PendingRun r;
    r.type = ep.type;
    r.address = ep.address;
    r.tid = proc.main_thread().tid;
    if (ep.type.rfind("tls_callback", 0) == 0 || ep.type.rfind("dll_entry", 0) == 0)
      r.args = {proc.main_module().base, 1, 0};
    else if (ep.type.rfind("export.", 0) == 0)
      r.args = {0, 0, 0, 0};
    else if (ep.type == "module_entry")
      r.args = {proc.peb()};
    run(r);
    if (exiting && ep.type == "module_entry" && !proc.main_module().is_dll) {
      // ExitProcess in the main entry: threads still run (their behaviour
      // matters for analysis), further module entry points do not exist.
    }
  }
  while (!pending.empty() && !stop_all) {
    PendingRun r = std::move(pending.front());
    pending.pop_front();
    run(r);
  }
}

void Session::run_one(const PendingRun& r) {
  runs.emplace_back();
  RunRecord& rec = runs.back();
  current = &rec;
  rec.type = r.type;
  rec.start = r.address;
  rec.args = r.args;
  rec.pid = pid;
  rec.tid = r.tid ? r.tid : proc.main_thread().tid;
  tid = rec.tid;
  rec.instr_start = cpu.instructions();
  continuations.clear();
  exiting = false;

  loader::Process::ThreadEnvironment te = proc.main_thread();
  if (r.new_thread) {
    te = proc.create_thread_environment(cfg.stack_size ? cfg.stack_size : 0x40000, r.tid);
    if (r.thread) r.thread->teb = te.teb;
  }
  cpu::Context ctx = proc.initial_context(te);
  cpu.set_context(ctx);
  uint64_t sp = cpu.reg(cpu::RSP);
  if (x64) {
    sp = (sp & ~0xFull) - 0x60;
    for (size_t i = 0; i < r.args.size(); ++i) write_u64(sp + 8 + 8 * i, r.args[i]);
    static constexpr cpu::Reg regs[4] = {cpu::RCX, cpu::RDX, cpu::R8, cpu::R9};
    for (size_t i = 0; i < 4; ++i) cpu.set_reg(regs[i], i < r.args.size() ? r.args[i] : 0);
    sp -= 8;
    write_u64(sp, ep_return_trap());
  } else {
    sp = (sp & ~0x3ull) - 0x20;
    for (size_t i = r.args.size(); i-- > 0;) {
      sp -= 4;
      write_u32(sp, static_cast<uint32_t>(r.args[i]));
    }
    if (r.conv == Conv::Fastcall) {
      cpu.set_reg(cpu::RCX, r.args.size() > 0 ? r.args[0] : 0);
      cpu.set_reg(cpu::RDX, r.args.size() > 1 ? r.args[1] : 0);
    }
    sp -= 4;
    write_u32(sp, static_cast<uint32_t>(ep_return_trap()));
  }
  cpu.set_reg(cpu::RSP, sp);
  cpu.set_pc(r.address);

  try {
    check_limits();
    run_loop();
  } catch (RunEnd& e) {
    switch (e.kind) {
      case RunEnd::Kind::Returned:
        rec.ret_val = x64 ? e.value : (e.value & 0xFFFFFFFF);
        break;
      case RunEnd::Kind::ExitProcess:
      case RunEnd::Kind::ExitThread:
        rec.ret_val = e.value & (x64 ? ~0ull : 0xFFFFFFFFull);
        break;
      case RunEnd::Kind::Error:
        rec.error = std::move(e.error);
        break;
      case RunEnd::Kind::Limit: {
        const std::string type = e.error.contains("type") ? std::string(e.error["type"].as_string()) : "limit";
        if (std::find(limits_hit.begin(), limits_hit.end(), type) == limits_hit.end()) limits_hit.push_back(type);
        rec.limit = true;
        rec.error = std::move(e.error);
        break;
      }
    }
    if (r.thread) { r.thread->finished = true; r.thread->exit_code = static_cast<uint32_t>(e.value); }
  }
  scan_dynamic_code();
  rec.instr_count = cpu.instructions() - rec.instr_start;
  for (auto& f : vfs.written_files()) {
    bool seen = false;
    for (auto& r2 : runs) for (auto& g : r2.dropped) if (g == f) seen = true;
    if (!seen) rec.dropped.push_back(f);
  }
  current = &rec;
}

void Session::run_loop() {
  for (;;) {
    check_limits();
    uint64_t slice = kSlice;
    if (cfg.max_instructions > 0) {
      const uint64_t left = static_cast<uint64_t>(cfg.max_instructions) - std::min<uint64_t>(cpu.instructions(), cfg.max_instructions);
      slice = std::max<uint64_t>(1, std::min(slice, left));
    }
    const cpu::Stop st = cpu.run(slice);
    handle_stop(st);
  }
}

void Session::scan_dynamic_code() {
  last_scan_instr = cpu.instructions();
  if (!current) return;
  for (const auto& r : mem.regions()) {
    if (r.base == trap_page || r.tag == "import_stubs") continue;
    const loader::Module* m = proc.module_at(r.base);
    if (m && m->decoy) continue;
    bool dyn = false;
    for (uint64_t a = r.base; a < r.base + r.size && !dyn; a += cpu::kPageSize) {
      const cpu::Page* p = mem.page(a);
      if (p && p->has_code && (p->written || runtime_pages.count(a))) dyn = true;
    }
    if (!dyn) continue;
    bool known = false;
    for (auto& d : current->dynamic) if (d.first == r.base) known = true;
    if (!known) {
      current->dynamic.emplace_back(r.base, r.size);
      current->dynamic_tags.push_back(r.tag.empty() ? "dynamic_" + hex(r.base) : r.tag);
    }
  }
}

static const char* fault_type(const cpu::Stop& st) {
  switch (st.fault) {
    case cpu::FaultKind::PageFault:
    case cpu::FaultKind::GuardPage:
      return st.access == cpu::Access::Write ? "invalid_write"
             : st.access == cpu::Access::Execute ? "invalid_fetch" : "invalid_read";
    case cpu::FaultKind::DivideError: return "divide_by_zero";
    case cpu::FaultKind::InvalidOpcode: return "invalid_instruction";
    case cpu::FaultKind::Breakpoint: return "breakpoint";
    case cpu::FaultKind::SingleStep: return "single_step";
    case cpu::FaultKind::Overflow: return "integer_overflow";
    case cpu::FaultKind::GeneralProtection: return "general_protection";
    case cpu::FaultKind::BoundRange: return "array_bounds";
    default: return "fault";
  }
}

void Session::handle_stop(const cpu::Stop& st) {
  switch (st.kind) {
    case cpu::StopKind::Budget:
      scan_dynamic_code();
      return;
    case cpu::StopKind::Interrupted:
      check_limits();
      return;
    case cpu::StopKind::Trap:
      handle_trap(st.pc);
      return;
    case cpu::StopKind::Fault: {
      const char* type = fault_type(st);
      uint32_t code = 0xC0000005;
      std::vector<uint64_t> info;
      std::optional<uint64_t> addr;
      const char* access = nullptr;
      switch (st.fault) {
        case cpu::FaultKind::PageFault:
        case cpu::FaultKind::GuardPage:
          code = st.fault == cpu::FaultKind::GuardPage ? 0x80000001 : 0xC0000005;
          info = {static_cast<uint64_t>(st.access == cpu::Access::Write ? 1 : st.access == cpu::Access::Execute ? 8 : 0), st.address};
          addr = st.address;
          access = st.access == cpu::Access::Write ? "write" : st.access == cpu::Access::Execute ? "fetch" : "read";
          break;
        case cpu::FaultKind::GeneralProtection: info = {0, x64 ? ~0ull : 0xFFFFFFFFull}; break;
        case cpu::FaultKind::DivideError: code = 0xC0000094; break;
        case cpu::FaultKind::InvalidOpcode: code = 0xC000001D; break;
        case cpu::FaultKind::Breakpoint: code = 0x80000003; info = {0}; break;
        case cpu::FaultKind::SingleStep: code = 0x80000004; break;
        case cpu::FaultKind::Overflow: code = 0xC0000095; break;
        case cpu::FaultKind::BoundRange: code = 0xC000008C; break;  // EXCEPTION_ARRAY_BOUNDS_EXCEEDED
        default: break;
      }
      boost::json::object err = fault_error(type, st.pc, addr, access);
      if (!cfg.dispatch_exceptions) end_with_error(std::move(err));
      dispatch_exception(code, st.pc, addr.value_or(0), info, err);
      return;
    }
    case cpu::StopKind::Halt: {
      boost::json::object err = fault_error("privileged_instruction", st.pc, std::nullopt, nullptr);
      if (!cfg.dispatch_exceptions) end_with_error(std::move(err));
      dispatch_exception(0xC0000096, st.pc, 0, {}, err);
      return;
    }
    case cpu::StopKind::Interrupt: {
      if (st.vector == 0x29) {  // __fastfail
        end_run(RunEnd::Kind::ExitProcess, 0xC0000409);
      }
      boost::json::object err = fault_error("interrupt", st.pc, std::nullopt, nullptr);
      err["interrupt_num"] = st.vector;
      if (!cfg.dispatch_exceptions) end_with_error(std::move(err));
      if (st.vector == 0x2D || st.vector == 0x2C) {
        dispatch_exception(st.vector == 0x2D ? 0x80000003 : 0xC0000420, st.pc, 0, {0}, err);
      } else {
        dispatch_exception(0xC0000005, st.pc, 0, {0, x64 ? ~0ull : 0xFFFFFFFFull}, err);
      }
      return;
    }
    case cpu::StopKind::Syscall: {
      boost::json::object err = fault_error("unsupported_syscall", st.pc, std::nullopt, nullptr);
      err["context_summary"] = "syscall number " + hex(cpu.reg(cpu::RAX));
      end_with_error(std::move(err));
    }
    case cpu::StopKind::Unimplemented: {
      boost::json::object err = fault_error("unsupported_instruction", st.pc, std::nullopt, nullptr);
      if (!st.mnemonic.empty()) err["context_summary"] = "unimplemented instruction: " + st.mnemonic;
      end_with_error(std::move(err));
    }
  }
}

void Session::return_from_api(Conv conv, unsigned nargs, uint64_t ret_addr, uint64_t sp, uint64_t ret) {
  if (x64) {
    cpu.set_reg(cpu::RAX, ret);
    cpu.set_reg(cpu::RSP, sp + 8);
  } else {
    cpu.set_reg(cpu::RAX, ret & 0xFFFFFFFF);
    uint64_t pop = 4;
    if (conv == Conv::Stdcall) pop += 4ull * nargs;
    else if (conv == Conv::Fastcall && nargs > 2) pop += 4ull * (nargs - 2);
    cpu.set_reg(cpu::RSP, (sp + pop) & 0xFFFFFFFF);
  }
  cpu.set_pc(ret_addr);
}

void Session::finish_api(const Call& c, uint64_t ret) {
  if (c.set_high && !x64) cpu.set_reg(cpu::RDX, c.high & 0xFFFFFFFF);
  return_from_api(c.conv, c.nargs, c.return_address, c.sp, ret);
}

void Session::call_guest(uint64_t addr, const std::vector<uint64_t>& args, std::function<void(uint64_t)> then,
                         std::optional<uint64_t> ebp) {
  // Handlers that never return (a guest exception handler that jumps
  // away) leave stale continuations behind: forget the oldest.
  if (continuations.size() > 256) continuations.erase(continuations.begin(), continuations.begin() + 128);
  const uint64_t saved = cpu.reg(cpu::RSP);
  uint64_t sp;
  if (x64) {
    sp = ((saved - 0x80 - 8 * std::max<size_t>(4, args.size())) & ~0xFull) - 8;
    write_u64(sp, guest_return_trap());
    for (size_t i = 0; i < args.size(); ++i) write_u64(sp + 8 + 8 * i, args[i]);
    static constexpr cpu::Reg regs[4] = {cpu::RCX, cpu::RDX, cpu::R8, cpu::R9};
    for (size_t i = 0; i < 4 && i < args.size(); ++i) cpu.set_reg(regs[i], args[i]);
  } else {
    sp = ((saved - 0x40 - 4 * args.size()) & ~0xFull) - 4;
    write_u32(sp, static_cast<uint32_t>(guest_return_trap()));
    for (size_t i = 0; i < args.size(); ++i) write_u32(sp + 4 + 4 * i, static_cast<uint32_t>(args[i]));
  }
  Continuation k;
  k.call_sp = sp;
  k.saved_sp = saved;
  if (ebp) {
    const uint64_t old_ebp = cpu.reg(cpu::RBP);
    cpu.set_reg(cpu::RBP, *ebp);
    k.then = [this, old_ebp, then = std::move(then)](uint64_t r) {
      cpu.set_reg(cpu::RBP, old_ebp);
      then(r);
    };
  } else {
    k.then = std::move(then);
  }
  continuations.push_back(std::move(k));
  cpu.set_reg(cpu::RSP, sp);
  cpu.set_pc(addr);
}

void Session::handle_trap(uint64_t pc) {
  if (pc == ep_return_trap()) end_run(RunEnd::Kind::Returned, cpu.reg(cpu::RAX));
  if (pc == guest_return_trap()) {
    const uint64_t sp = cpu.reg(cpu::RSP);
    // Calls whose frames were abandoned (a handler that never returned, a
    // longjmp) lie deeper than where this one returned: drop them.
    while (!continuations.empty() && continuations.back().saved_sp < sp) continuations.pop_back();
    if (continuations.empty()) {
      boost::json::object e = fault_error("invalid_fetch", pc, pc, "fetch");
      end_with_error(std::move(e));
    }
    Continuation k = std::move(continuations.back());
    continuations.pop_back();
    const uint64_t ret = cpu.reg(cpu::RAX);
    cpu.set_reg(cpu::RSP, k.saved_sp);
    k.then(x64 ? ret : (ret & 0xFFFFFFFF));
    return;
  }
  if (pc == default_irp_trap()) {
    // IopInvalidDeviceRequest: complete with STATUS_INVALID_DEVICE_REQUEST.
    Call c(*this, "ntoskrnl.IopInvalidDeviceRequest", Conv::Stdcall, 2);
    finish_api(c, 0xC0000010);
    return;
  }
  if (const loader::TrapTarget* t = proc.trap_at(pc)) {
    handle_api(pc, *t);
    return;
  }
  boost::json::object e = fault_error("invalid_fetch", pc, pc, "fetch");
  if (!cfg.dispatch_exceptions) end_with_error(std::move(e));
  dispatch_exception(0xC0000005, pc, pc, {8, pc}, e);
}

// An api event's pos.pc is the call site, not the trap: where the caller's
// code is (triage places calls inside dynamic code segments by it).
void Session::place_at_call_site(uint64_t return_address) {
  if (!current || current->events.empty()) return;
  if (auto* p = current->events.back().as_object().if_contains("pos"); p && p->is_object())
    p->as_object()["pc"] = return_address;
}

void Session::handle_api(uint64_t pc, const loader::TrapTarget& t) {
  const std::string mod = module_name_for_report(pc, t);
  const ApiDef* def = ApiRegistry::instance().find(t.module, t.function);
  if (!def && mod != lower(t.module)) def = ApiRegistry::instance().find(mod, t.function);
  const std::string name = mod + "." + t.function;
  ++api_count;
  last_api = name;
  if (current) {
    std::string key = lower(name);
    if (current->api_seen.insert(key).second) current->api_order.push_back(key);
  }
  if (cfg.max_api_count > 0 && api_count > static_cast<uint64_t>(cfg.max_api_count)) {
    boost::json::object e{{"type", "max_api_count"}, {"count", api_count - 1}, {"last_api", name}, {"pc", pc}};
    end_with_error(std::move(e), true);
  }
  check_limits();
  if (api_count - last_scan_instr > 0 && cpu.instructions() - last_scan_instr > 200000) scan_dynamic_code();

  Call c(*this, name, def ? def->conv : Conv::Cdecl, def ? static_cast<unsigned>(def->kinds.size()) : 0);
  if (!def) {
    boost::json::object ev{{"api_name", name}, {"args", boost::json::array()}, {"ret_val", "0x0"}};
    const std::string_view how = resolution.classify(cpu, pc, c.return_address, c.sp);
    if (!how.empty()) ev["resolved"] = how;
    emit("api", std::move(ev));
    place_at_call_site(c.return_address);
    boost::json::object err{{"type", "unsupported_api"}, {"api_name", name}, {"pc", c.return_address}};
    if (cfg.stop_on_unsupported_api) end_with_error(std::move(err));
    if (unsupported_seen.insert(name).second) errors.push_back(std::move(err));
    // An x86 stdcall export pops its arguments: returning without doing so
    // would unbalance the caller's stack. Sizes from the import libraries.
    std::optional<uint32_t> pops;
    if (!x64) pops = stdcall_arg_bytes(t.module, t.function);
    if (!x64 && !pops) pops = stdcall_arg_bytes(ApiRegistry::canonical_dll(t.module), t.function);
    return_from_api(pops ? Conv::Stdcall : Conv::Cdecl, pops.value_or(0) / 4, c.return_address, c.sp, 0);
    return;
  }
  c.args_text.reserve(def->kinds.size());
  for (size_t i = 0; i < def->kinds.size(); ++i) {
    const uint64_t v = c.arg(i);
    switch (def->kinds[i]) {
      case ArgKind::AStr: c.args_text.push_back(v ? ansi_to_utf8(read_astr(v, 1024)) : "0x0"); break;
      case ArgKind::WStr: c.args_text.push_back(v ? read_wstr_utf8(v, 1024) : "0x0"); break;
      default: c.args_text.push_back(hex(v)); break;
    }
  }
  size_t idx = 0;
  if (current) {
    boost::json::object ev{{"api_name", name}, {"args", boost::json::array()}, {"ret_val", nullptr}};
    const std::string_view how = resolution.classify(cpu, pc, c.return_address, c.sp);
    if (!how.empty()) ev["resolved"] = how;
    emit("api", std::move(ev));
    idx = current->events.size() - 1;
    place_at_call_site(c.return_address);
  }
  RunRecord* rec = current;
  auto fill_args = [&]() {
    if (!rec || idx >= rec->events.size()) return;
    boost::json::array a;
    for (auto& s : c.args_text) a.push_back(boost::json::string(s));
    rec->events[idx].as_object()["args"] = std::move(a);
  };
  uint64_t ret;
  try {
    ret = def->fn(c);
  } catch (RunEnd&) {
    fill_args();
    throw;
  }
  fill_args();
  resolution.refresh();  // the handler may have mapped a module (LoadLibrary)
  if (!x64) ret &= 0xFFFFFFFF;
  if (c.deferred) return;
  if (rec && idx < rec->events.size()) rec->events[idx].as_object()["ret_val"] = hex(ret);
  finish_api(c, ret);
}

}  // namespace emu::winapi
