// Contents of decoy data exports (see the table in decoy_image.cpp): the C
// runtime's command line, argv, environment, _iob and ctype tables, the
// kernel's version and object-type variables.
#include <array>

#include "loader/process_impl.h"
#include "loader/util.h"

namespace emu::loader {

namespace {

// C locale classes as the Microsoft CRT encodes them.
constexpr uint16_t kUpper = 0x1, kLower = 0x2, kDigit = 0x4, kSpace = 0x8, kPunct = 0x10, kControl = 0x20,
                   kBlank = 0x40, kHex = 0x80, kAlpha = 0x100;

std::array<uint16_t, 257> ctype_table() {
  std::array<uint16_t, 257> t{};
  for (int c = 0; c < 128; ++c) {
    uint16_t v = 0;
    if (c < 0x20 || c == 0x7F) v |= kControl;
    if ((c >= 9 && c <= 13) || c == ' ') v |= kSpace;
    if (c == ' ') v |= kBlank;
    if (c == '\t') v |= kBlank;
    if (c >= 'A' && c <= 'Z') v |= kUpper | kAlpha;
    if (c >= 'a' && c <= 'z') v |= kLower | kAlpha;
    if (c >= '0' && c <= '9') v |= kDigit | kHex;
    if ((c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f')) v |= kHex;
    if (c > 0x20 && c < 0x7F && !(v & (kUpper | kLower | kDigit))) v |= kPunct;
    t[c + 1] = v;
  }
  return t;
}

}  // namespace

void ProcessImpl::fill_data_exports(const Module& m, const DecoyTemplate& t) {
  if (t.data_slots.empty()) return;
  const bool x86 = arch_ == Arch::X86;
  std::vector<std::string> args;
  auto get_args = [&]() -> const std::vector<std::string>& {
    if (args.empty()) args = argv();
    return args;
  };
  auto env_strings = [&] {
    std::vector<std::string> v;
    for (const auto& [k, val] : env_.env_vars) v.push_back(k + "=" + val);
    return v;
  };
  auto ansi_array = [&](const std::vector<std::string>& v) {
    const uint64_t a = alloc((v.size() + 1) * ps_, 16);
    for (size_t i = 0; i < v.size(); ++i) write_ptr(a + i * ps_, alloc_cstring(v[i]));
    return a;
  };
  auto wide_array = [&](const std::vector<std::string>& v) {
    const uint64_t a = alloc((v.size() + 1) * ps_, 16);
    for (size_t i = 0; i < v.size(); ++i) write_ptr(a + i * ps_, alloc_wstring(widen(v[i])));
    return a;
  };
  auto ctype = [&] {
    if (!ctype_table_) {
      auto tbl = ctype_table();
      ctype_table_ = alloc(sizeof tbl, 16);
      mem_.write(ctype_table_, tbl.data(), sizeof tbl);
    }
    return ctype_table_;
  };

  for (const auto& slot : t.data_slots) {
    const uint64_t a = m.base + slot.rva;
    const DataExportSpec& s = *slot.spec;
    switch (s.kind) {
      case DataKind::Zero: break;
      case DataKind::U32: mem_.write_as<uint32_t>(a, static_cast<uint32_t>(s.value)); break;
      case DataKind::U16: mem_.write_as<uint16_t>(a, static_cast<uint16_t>(s.value)); break;
      case DataKind::U8: mem_.write_as<uint8_t>(a, static_cast<uint8_t>(s.value)); break;
      case DataKind::Pointer: {
        uint64_t v = 0;
        if (s.name == "MmHighestUserAddress") v = x86 ? 0x7FFEFFFFull : 0x7FFFFFEFFFFull;
        else if (s.name == "MmSystemRangeStart") v = x86 ? 0x80000000ull : 0xFFFF080000000000ull;
        else if (s.name == "MmUserProbeAddress") v = x86 ? 0x7FFF0000ull : 0x7FFFFFF0000ull;
        write_ptr(a, v);
        break;
      }
      case DataKind::ZeroBlockPtr: write_ptr(a, alloc(s.value, 16)); break;
      case DataKind::AnsiCmdline: write_ptr(a, alloc_cstring(env_.command_line)); break;
      case DataKind::WideCmdline: write_ptr(a, alloc_wstring(widen(env_.command_line))); break;
      case DataKind::Argc: mem_.write_as<uint32_t>(a, static_cast<uint32_t>(get_args().size())); break;
      case DataKind::AnsiArgv: write_ptr(a, ansi_array(get_args())); break;
      case DataKind::WideArgv: write_ptr(a, wide_array(get_args())); break;
      case DataKind::AnsiEnviron: write_ptr(a, ansi_array(env_strings())); break;
      case DataKind::WideEnviron: write_ptr(a, wide_array(env_strings())); break;
      case DataKind::Iob: {
        // FILE: _ptr, _cnt, _base, _flag, _file, _charbuf, _bufsiz, _tmpfname
        const uint32_t stride = x86 ? 32 : 48, flag = x86 ? 12 : 24, file = x86 ? 16 : 28;
        const uint32_t flags[3] = {0x1 /*_IOREAD*/, 0x2 /*_IOWRT*/, 0x2 | 0x4 /*_IOWRT|_IONBF*/};
        for (uint32_t i = 0; i < 3; ++i) {
          mem_.write_as<uint32_t>(a + i * stride + flag, flags[i]);
          mem_.write_as<uint32_t>(a + i * stride + file, i);
        }
        break;
      }
      case DataKind::CtypeTable: {
        auto tbl = ctype_table();
        mem_.write(a, tbl.data(), sizeof tbl);
        break;
      }
      case DataKind::CtypePtr: write_ptr(a, ctype() + 2); break;
      case DataKind::Osver: mem_.write_as<uint32_t>(a, env_.os_build); break;
      case DataKind::Winver: mem_.write_as<uint32_t>(a, (env_.os_major << 8) | env_.os_minor); break;
      case DataKind::Winmajor: mem_.write_as<uint32_t>(a, env_.os_major); break;
      case DataKind::Winminor: mem_.write_as<uint32_t>(a, env_.os_minor); break;
      case DataKind::KSystemTime: {
        const uint64_t ticks = 0x00A3B1C2ull * 1000 / 15625;
        mem_.write_as<uint32_t>(a, static_cast<uint32_t>(ticks));
        mem_.write_as<uint32_t>(a + 4, static_cast<uint32_t>(ticks >> 32));
        mem_.write_as<uint32_t>(a + 8, static_cast<uint32_t>(ticks >> 32));
        break;
      }
      case DataKind::ServiceTable: {
        // KSERVICE_TABLE_DESCRIPTOR: Base, Count, Limit, Number; 401 services on 7601 x86.
        const uint32_t n = x86 ? 401 : 401;
        write_ptr(a, alloc(uint64_t{n} * ps_, 16));
        write_ptr(a + ps_, 0);
        write_ptr(a + 2 * ps_, n);
        write_ptr(a + 3 * ps_, alloc(n, 16));
        break;
      }
    }
  }
}

}  // namespace emu::loader
