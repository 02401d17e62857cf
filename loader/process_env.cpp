// The process environment: PEB, PEB_LDR_DATA and its three module lists,
// RTL_USER_PROCESS_PARAMETERS with the environment block, TEBs with their
// stacks and TLS arrays, KUSER_SHARED_DATA. Offsets: nt_layout.h.
#include <algorithm>

#include "loader/image_mapper.h"
#include "loader/process_impl.h"
#include "loader/util.h"

namespace emu::loader {

namespace {

// Fixed clock so that the same input gives the same guest view.
constexpr uint64_t kFixedSystemTime = 132223104000000000ull;  // 2020-01-01 00:00:00 UTC as FILETIME
constexpr uint64_t kUptimeMs = 0x00A3B1C2;               // about 3 hours since boot

}  // namespace

uint64_t ProcessImpl::allocate_stack(uint64_t size) {
  size = cpu::page_ceil(std::max<uint64_t>(size, 0x10000));
  const uint64_t limit = arch_ == Arch::X86 ? 0x7FFE0000ull : 0x7FF00000000ull;
  const uint64_t base = mem_.find_free(size, 0x30000, limit);
  if (!base || !mem_.map(base, size, cpu::kPermRead | cpu::kPermWrite, "stack")) fail("no room for a stack");
  return base;
}

std::vector<std::string> ProcessImpl::argv() const {
  // CommandLineToArgvW rules: whitespace separates, quotes group, 2n
  // backslashes before a quote give n backslashes, 2n+1 give a literal quote.
  std::vector<std::string> out;
  const std::string& s = env_.command_line;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    if (i >= s.size()) break;
    std::string arg;
    bool quoted = false;
    while (i < s.size() && (quoted || (s[i] != ' ' && s[i] != '\t'))) {
      if (s[i] == '\\') {
        size_t n = 0;
        while (i < s.size() && s[i] == '\\') { ++n; ++i; }
        if (i < s.size() && s[i] == '"') {
          arg.append(n / 2, '\\');
          if (n % 2) { arg.push_back('"'); ++i; }
        } else {
          arg.append(n, '\\');
        }
      } else if (s[i] == '"') {
        quoted = !quoted;
        ++i;
      } else {
        arg.push_back(s[i++]);
      }
    }
    out.push_back(std::move(arg));
  }
  return out;
}

void ProcessImpl::write_kuser_shared_data() {
  using namespace kusd;
  const uint64_t k = kuser_;
  const uint64_t ticks = kUptimeMs * 1000 / 15625;  // 15.625 ms per tick
  mem_.write_as<uint32_t>(k + kTickCountLow, static_cast<uint32_t>(ticks));
  mem_.write_as<uint32_t>(k + kTickCountMultiplier, 0x0FA00000);
  const uint64_t interrupt = kUptimeMs * 10000;
  auto ksystem_time = [&](uint64_t at, uint64_t v) {
    mem_.write_as<uint32_t>(at, static_cast<uint32_t>(v));
    mem_.write_as<uint32_t>(at + 4, static_cast<uint32_t>(v >> 32));
    mem_.write_as<uint32_t>(at + 8, static_cast<uint32_t>(v >> 32));
  };
  ksystem_time(k + kInterruptTime, interrupt);
  ksystem_time(k + kSystemTime, kFixedSystemTime);
  ksystem_time(k + kTimeZoneBias, 0);
  const uint16_t machine = arch_ == Arch::X86 ? 0x014C : 0x8664;
  mem_.write_as<uint16_t>(k + kImageNumberLow, machine);
  mem_.write_as<uint16_t>(k + kImageNumberHigh, machine);
  const std::u16string root = u"C:\\Windows";
  mem_.write(k + kNtSystemRoot, root.data(), 2 * root.size());
  mem_.write_as<uint32_t>(k + kNtProductType, 1);  // NtProductWinNt
  mem_.write_as<uint8_t>(k + kProductTypeIsValid, 1);
  mem_.write_as<uint32_t>(k + kNtMajorVersion, env_.os_major);
  mem_.write_as<uint32_t>(k + kNtMinorVersion, env_.os_minor);
  // PF_COMPARE_EXCHANGE_DOUBLE, MMX, XMMI, RDTSC, XMMI64, NX, SSE3
  for (unsigned f : {2u, 3u, 6u, 8u, 10u, 12u, 13u}) mem_.write_as<uint8_t>(k + kProcessorFeatures + f, 1);
  mem_.write_as<uint32_t>(k + kSuiteMask, 0x110);
  mem_.write_as<uint8_t>(k + kKdDebuggerEnabled, 0);
  mem_.write_as<uint8_t>(k + kNxSupportPolicy, 2);  // OptIn
  mem_.write_as<uint32_t>(k + kActiveConsoleId, 1);
  mem_.write_as<uint32_t>(k + kNumberOfPhysicalPages, 0x7FF00);
  mem_.write_as<uint64_t>(k + kTestRetInstruction, 0xC3);
  if (arch_ == Arch::X86) {
    if (const Module* nt = find_module("ntdll.dll")) {
      mem_.write_as<uint32_t>(k + kSystemCall, static_cast<uint32_t>(get_proc_address(*nt, "KiFastSystemCall")));
      mem_.write_as<uint32_t>(k + kSystemCallReturn,
                              static_cast<uint32_t>(get_proc_address(*nt, "KiFastSystemCallRet")));
    }
  }
  mem_.write_as<uint64_t>(k + kTickCount, ticks);
  mem_.write_as<uint32_t>(k + kCookie, 0x1D2A3B4C);
  mark_pristine(mem_, k, cpu::kPageSize);
}

void ProcessImpl::create_ldr() {
  ldr_ = alloc(L_.ldr_size, 16);
  mem_.write_as<uint32_t>(ldr_, L_.ldr_size);
  mem_.write_as<uint8_t>(ldr_ + L_.ldr_initialized, 1);
  for (uint32_t off : {L_.ldr_in_load_order, L_.ldr_in_memory_order, L_.ldr_in_init_order}) {
    write_ptr(ldr_ + off, ldr_ + off);
    write_ptr(ldr_ + off + ps_, ldr_ + off);
  }
}

void ProcessImpl::link_ldr_entry(Module& m, bool load_lists, bool init_list) {
  if (!ldr_) return;
  if (!m.ldr_entry) {
    const uint64_t e = alloc(L_.le_size, 16);
    m.ldr_entry = e;
    write_ptr(e + L_.le_dll_base, m.base);
    write_ptr(e + L_.le_entry_point, m.entry);
    mem_.write_as<uint32_t>(e + L_.le_size_of_image, static_cast<uint32_t>(m.size));
    write_ustring(e + L_.le_full_dll_name, widen(m.path));
    write_ustring(e + L_.le_base_dll_name, widen(m.name));
    // LDRP_IMAGE_DLL | LDRP_ENTRY_PROCESSED | LDRP_PROCESS_ATTACH_CALLED for DLLs
    mem_.write_as<uint32_t>(e + L_.le_flags, m.is_dll ? 0x000CC004 : 0x00004000);
    mem_.write_as<uint16_t>(e + L_.le_load_count, 0xFFFF);
    write_ptr(e + L_.le_hash_links, e + L_.le_hash_links);
    write_ptr(e + L_.le_hash_links + ps_, e + L_.le_hash_links);
    auto it = info_.find(&m);
    if (it != info_.end() && !it->second.tmpl)
      mem_.write_as<uint32_t>(e + L_.le_time_date_stamp, it->second.headers.time_date_stamp);
    else
      mem_.write_as<uint32_t>(e + L_.le_time_date_stamp, 0x4CE7B8EF);
    for (uint32_t off : {L_.le_in_load_order, L_.le_in_memory_order, L_.le_in_init_order}) {
      write_ptr(e + off, e + off);
      write_ptr(e + off + ps_, e + off);
    }
  }
  // Append at the tail of a list: entry.Flink = head, entry.Blink = head.Blink,
  // head.Blink.Flink = entry, head.Blink = entry.
  auto append = [&](uint32_t head_off, uint32_t link_off) {
    const uint64_t head = ldr_ + head_off;
    const uint64_t link = m.ldr_entry + link_off;
    const uint64_t tail = read_ptr(head + ps_);
    write_ptr(link, head);
    write_ptr(link + ps_, tail);
    write_ptr(tail, link);
    write_ptr(head + ps_, link);
  };
  if (load_lists) {
    append(L_.ldr_in_load_order, L_.le_in_load_order);
    append(L_.ldr_in_memory_order, L_.le_in_memory_order);
  }
  if (init_list) append(L_.ldr_in_init_order, L_.le_in_init_order);
}

void ProcessImpl::write_process_parameters() {
  const uint64_t p = alloc(L_.pp_size, 16);
  params_ = p;
  mem_.write_as<uint32_t>(p + L_.pp_maximum_length, L_.pp_size);
  mem_.write_as<uint32_t>(p + L_.pp_length, L_.pp_size);
  mem_.write_as<uint32_t>(p + L_.pp_flags, 1);  // RTL_USER_PROC_PARAMS_NORMALIZED
  std::string cwd = env_.current_dir;
  if (!cwd.empty() && cwd.back() != '\\') cwd += '\\';
  write_ustring(p + L_.pp_current_directory, widen(cwd));
  write_ustring(p + L_.pp_dll_path, u"C:\\Windows\\system32;C:\\Windows\\system;C:\\Windows;.");
  write_ustring(p + L_.pp_image_path_name, widen(env_.image_path));
  write_ustring(p + L_.pp_command_line, widen(env_.command_line));
  write_ustring(p + L_.pp_window_title, widen(env_.image_path));
  write_ustring(p + L_.pp_desktop_info, u"WinSta0\\Default");
  write_ustring(p + L_.pp_shell_info, u"");
  write_ustring(p + L_.pp_runtime_data, u"");
  mem_.write_as<uint32_t>(p + L_.pp_show_window_flags, 1);  // SW_SHOWNORMAL
  // Environment block: NAME=value\0 ... \0, UTF-16.
  std::u16string block;
  for (const auto& [k, v] : env_.env_vars) {
    block += widen(k);
    block += u'=';
    block += widen(v);
    block += u'\0';
  }
  block += u'\0';
  if (block.size() == 1) block += u'\0';
  const uint64_t env = alloc(2 * block.size(), 16);
  mem_.write(env, block.data(), 2 * block.size());
  write_ptr(p + L_.pp_environment, env);
  write_ptr(p + L_.pp_environment_size, 2 * block.size());
}

void ProcessImpl::write_peb() {
  const uint64_t p = peb_;
  mem_.write_as<uint8_t>(p + L_.peb_being_debugged, 0);
  const Module* main = modules_.empty() ? nullptr : modules_.front().get();
  write_ptr(p + L_.peb_image_base, main ? main->base : 0);
  write_ptr(p + L_.peb_ldr, ldr_);
  write_ptr(p + L_.peb_process_parameters, params_);
  write_ptr(p + L_.peb_process_heap, heap_base_);
  write_ptr(p + L_.peb_fast_peb_lock, alloc(0x40, 16));  // an RTL_CRITICAL_SECTION
  write_ptr(p + L_.peb_loader_lock, alloc(0x40, 16));
  mem_.write_as<uint32_t>(p + L_.peb_number_of_processors, env_.number_of_processors);
  mem_.write_as<uint32_t>(p + L_.peb_nt_global_flag, 0);
  mem_.write_as<int64_t>(p + L_.peb_critical_section_timeout, -25920000000000ll);  // 30 days
  write_ptr(p + L_.peb_heap_segment_reserve, 0x100000);
  write_ptr(p + L_.peb_heap_segment_commit, 0x2000);
  mem_.write_as<uint32_t>(p + L_.peb_number_of_heaps, 1);
  mem_.write_as<uint32_t>(p + L_.peb_max_heaps, 16);
  const uint64_t heaps = alloc(16 * ps_, 16);
  write_ptr(heaps, heap_base_);
  write_ptr(p + L_.peb_process_heaps, heaps);
  mem_.write_as<uint32_t>(p + L_.peb_os_major, env_.os_major);
  mem_.write_as<uint32_t>(p + L_.peb_os_minor, env_.os_minor);
  mem_.write_as<uint16_t>(p + L_.peb_os_build, static_cast<uint16_t>(env_.os_build));
  mem_.write_as<uint16_t>(p + L_.peb_os_csd_version, static_cast<uint16_t>(env_.service_pack_major << 8));
  mem_.write_as<uint32_t>(p + L_.peb_os_platform_id, 2);  // VER_PLATFORM_WIN32_NT
  uint32_t subsystem = 3, major = 6, minor = 1;
  if (main) {
    auto it = info_.find(main);
    if (it != info_.end() && !it->second.tmpl && it->second.headers.subsystem) {
      subsystem = it->second.headers.subsystem;
      major = it->second.headers.subsystem_major;
      minor = it->second.headers.subsystem_minor;
    }
  }
  mem_.write_as<uint32_t>(p + L_.peb_image_subsystem, subsystem);
  mem_.write_as<uint32_t>(p + L_.peb_subsystem_major, major);
  mem_.write_as<uint32_t>(p + L_.peb_subsystem_minor, minor);
  write_ptr(p + L_.peb_affinity_mask, 1);
  mem_.write_as<uint32_t>(p + L_.peb_session_id, 1);
  write_ustring(p + L_.peb_csd_version, widen(env_.csd_version));
}

uint64_t ProcessImpl::create_tls_array() {
  // ThreadLocalStoragePointer: an array of TLS blocks, slot 0 for the main
  // image (its TLS index), holding a copy of the image's TLS template.
  const Module* main = modules_.empty() ? nullptr : modules_.front().get();
  if (!main || shellcode_module_) return 0;
  auto it = info_.find(main);
  if (it == info_.end() || !it->second.tls.present) return 0;
  const TlsInfo& tls = it->second.tls;
  const uint64_t array = alloc(64 * ps_, 16);
  uint64_t tsize = tls.end > tls.start ? tls.end - tls.start : 0;
  if (tsize > (16u << 20)) {
    note("TLS template larger than 16 MiB ignored");
    tsize = 0;
  }
  const uint64_t total = tsize + std::min<uint32_t>(tls.zero_fill, 16u << 20);
  const uint64_t block = alloc(std::max<uint64_t>(total, 1), 16);
  if (tsize) {
    std::vector<uint8_t> tmp(tsize);
    if (mem_.read(tls.start, tmp.data(), tsize)) mem_.write(block, tmp.data(), tsize);
    else note("TLS template unreadable at " + hex(tls.start));
  }
  write_ptr(array, block);
  return array;
}

void ProcessImpl::write_teb(const ThreadEnvironment& t) {
  const uint64_t b = t.teb;
  write_ptr(b + L_.teb_exception_list, arch_ == Arch::X86 ? 0xFFFFFFFFull : ~0ull);
  write_ptr(b + L_.teb_stack_base, t.stack_base);
  write_ptr(b + L_.teb_stack_limit, t.stack_limit);
  write_ptr(b + L_.teb_self, b);
  write_ptr(b + L_.teb_client_id, env_.pid);
  write_ptr(b + L_.teb_client_id + ps_, t.tid);
  write_ptr(b + L_.teb_thread_local_storage_pointer, create_tls_array());
  write_ptr(b + L_.teb_peb, peb_);
  mem_.write_as<uint32_t>(b + L_.teb_last_error, 0);
  mem_.write_as<uint32_t>(b + L_.teb_current_locale, 0x409);
  write_ptr(b + L_.teb_deallocation_stack, t.stack_limit);
  write_ptr(b + L_.teb_tls_links, b + L_.teb_tls_links);
  write_ptr(b + L_.teb_tls_links + ps_, b + L_.teb_tls_links);
}

void ProcessImpl::build_environment() {
  heap_size_ = cpu::page_ceil(std::max<uint64_t>(opts_.heap_size, 0x10000));
  const uint64_t limit = arch_ == Arch::X86 ? 0x7FFE0000ull : 0x7FF00000000ull;
  const uint64_t stack = allocate_stack(opts_.stack_size);
  main_thread_.stack_limit = stack;
  main_thread_.stack_base = stack + cpu::page_ceil(std::max<uint64_t>(opts_.stack_size, 0x10000));
  heap_base_ = mem_.find_free(heap_size_, 0x140000, limit);
  if (!heap_base_ || !mem_.map(heap_base_, heap_size_, cpu::kPermRead | cpu::kPermWrite, "heap"))
    fail("no room for the process heap");
  create_ldr();
  write_process_parameters();
  write_peb();
  // Load and memory order: main image, ntdll, kernel32, kernelbase, the rest.
  // Initialization order leaves the EXE out and has kernelbase before
  // kernel32, as on Windows 7.
  for (auto& m : modules_) link_ldr_entry(*m, true, false);
  std::vector<Module*> init;
  for (const char* n : {"ntdll.dll", "kernelbase.dll", "kernel32.dll"})
    for (auto& m : modules_)
      if (m->name == n && m->decoy) init.push_back(m.get());
  for (size_t i = 1; i < modules_.size(); ++i)
    if (std::find(init.begin(), init.end(), modules_[i].get()) == init.end()) init.push_back(modules_[i].get());
  for (Module* m : init) link_ldr_entry(*m, false, true);
  write_teb(main_thread_);
  write_kuser_shared_data();
  environment_built_ = true;
  for (const auto& m : modules_) mark_pristine(mem_, m->base, m->size);
}

Process::ThreadEnvironment ProcessImpl::create_thread_environment(uint64_t stack_size, uint32_t tid) {
  const uint64_t teb_pages = cpu::page_ceil(L_.teb_size);
  ThreadEnvironment t;
  t.tid = tid;
  uint64_t teb = next_teb_;
  if (!teb || !mem_.map(teb, teb_pages, cpu::kPermRead | cpu::kPermWrite, "teb")) {
    const uint64_t limit = arch_ == Arch::X86 ? 0x7FFE0000ull : 0x7FF00000000ull;
    teb = mem_.find_free(teb_pages, 0x7F000000ull, limit, cpu::kPageSize);
    if (!teb || !mem_.map(teb, teb_pages, cpu::kPermRead | cpu::kPermWrite, "teb")) fail("no room for a TEB");
  } else {
    next_teb_ -= teb_pages;
  }
  t.teb = teb;
  const uint64_t size = cpu::page_ceil(std::max<uint64_t>(stack_size ? stack_size : opts_.stack_size, 0x10000));
  t.stack_limit = allocate_stack(size);
  t.stack_base = t.stack_limit + size;
  write_teb(t);
  return t;
}

cpu::Context ProcessImpl::initial_context(const ThreadEnvironment& t) const {
  cpu::Context c;
  c.gpr[cpu::RSP] = (t.stack_base - 0x100) & ~uint64_t{0xF};
  c.eflags = 0x202;
  if (arch_ == Arch::X86) {
    c.fs_base = t.teb;
    c.gpr[cpu::RBX] = peb_;  // as kernel32!BaseProcessStart leaves it
  } else {
    c.gs_base = t.teb;
  }
  return c;
}

}  // namespace emu::loader
