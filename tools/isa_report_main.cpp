// isa-report: which instructions reachable from a file's entry points the
// interpreter lacks.
//
//   isa-report [--json] [--limit N] [--pe | --raw --arch x86|x64] FILE...
//
// Mode options apply to the files after them (so one run can mix PE files
// and shellcode). PE files are mapped the way the loader does (headers and
// sections at their virtual addresses, bounds-checked); code is decoded by
// recursive traversal from AddressOfEntryPoint, TLS callbacks and exports,
// following direct jumps, branches and calls inside the mapped sections,
// with a per-file instruction limit. Shellcode starts at offset 0.
// The PE headers are parsed here rather than with LIEF, whose 0.9 release
// throws or leaks on the malformed headers common in the corpus.
#include <Zydis/Zydis.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#if __has_include("cpu/isa.h")
#include "cpu/isa.h"
#define EMU_HAVE_ISA 1
#else
#define EMU_HAVE_ISA 0
#endif

namespace {

constexpr uint64_t kMaxFileBytes = 256ull << 20;
constexpr uint64_t kMaxImageBytes = 64ull << 20;  // larger images are cut (hostile SizeOfImage)

struct Section {
  uint32_t rva = 0, size = 0;
  bool exec = false;
};

// A file mapped as the guest would see it, addressed by RVA.
struct Image {
  std::vector<uint8_t> bytes;
  std::vector<Section> sections;
  bool x64 = false;
  std::vector<uint32_t> entries;
  std::string error;
};

template <class T>
std::optional<T> rd(const std::vector<uint8_t>& b, uint64_t off) {
  if (off > b.size() || b.size() - off < sizeof(T)) return std::nullopt;
  T v;
  std::memcpy(&v, b.data() + off, sizeof v);
  return v;
}

bool in_sections(const Image& im, uint64_t rva) {
  for (const Section& s : im.sections)
    if (rva >= s.rva && rva < uint64_t(s.rva) + s.size) return true;
  return false;
}

Image map_pe(const std::vector<uint8_t>& f) {
  Image im;
  auto mz = rd<uint16_t>(f, 0);
  auto lfanew = rd<uint32_t>(f, 0x3C);
  if (!mz || *mz != 0x5A4D || !lfanew) {
    im.error = "not a PE file (no MZ header)";
    return im;
  }
  uint64_t pe = *lfanew;
  auto sig = rd<uint32_t>(f, pe);
  if (!sig || *sig != 0x00004550) {
    im.error = "not a PE file (no PE signature)";
    return im;
  }
  auto machine = rd<uint16_t>(f, pe + 4);
  auto nsec = rd<uint16_t>(f, pe + 6);
  auto opt_size = rd<uint16_t>(f, pe + 20);
  uint64_t opt = pe + 24;
  auto magic = rd<uint16_t>(f, opt);
  if (!machine || !nsec || !opt_size || !magic) {
    im.error = "truncated PE header";
    return im;
  }
  if (*machine == 0x8664 && *magic == 0x20B) {
    im.x64 = true;
  } else if (*machine == 0x14C && *magic == 0x10B) {
    im.x64 = false;
  } else {
    char b[96];
    std::snprintf(b, sizeof b, "unsupported machine 0x%x / optional header 0x%x", *machine, *magic);
    im.error = b;
    return im;
  }
  auto entry = rd<uint32_t>(f, opt + 16);
  auto image_base = im.x64 ? rd<uint64_t>(f, opt + 24) : std::optional<uint64_t>(rd<uint32_t>(f, opt + 28).value_or(0));
  auto size_image = rd<uint32_t>(f, opt + 56);
  auto size_headers = rd<uint32_t>(f, opt + 60);
  uint64_t dir_base = opt + (im.x64 ? 112 : 96);
  auto ndirs = rd<uint32_t>(f, dir_base - 4);
  if (!entry || !image_base || !size_image || !size_headers || !ndirs) {
    im.error = "truncated optional header";
    return im;
  }
  uint64_t image_size = std::min<uint64_t>(*size_image, kMaxImageBytes);
  im.bytes.assign(image_size, 0);
  std::memcpy(im.bytes.data(), f.data(), std::min<uint64_t>({*size_headers, f.size(), image_size}));
  uint64_t sec = opt + *opt_size;
  for (unsigned i = 0; i < std::min<unsigned>(*nsec, 96); ++i) {
    uint64_t h = sec + 40ull * i;
    auto vsize = rd<uint32_t>(f, h + 8);
    auto va = rd<uint32_t>(f, h + 12);
    auto raw_size = rd<uint32_t>(f, h + 16);
    auto raw_ptr = rd<uint32_t>(f, h + 20);
    auto chars = rd<uint32_t>(f, h + 36);
    if (!vsize || !va || !raw_size || !raw_ptr || !chars) break;
    Section s;
    s.rva = *va;
    uint64_t mapped = *vsize ? *vsize : *raw_size;
    s.size = uint32_t(std::min<uint64_t>(mapped, image_size > s.rva ? image_size - s.rva : 0));
    s.exec = (*chars & 0x20000000u) || (*chars & 0x20u);
    // Raw data: the loader rounds PointerToRawData down to 512.
    uint64_t from = *raw_ptr & ~0x1FFull;
    uint64_t n = std::min<uint64_t>(*raw_size, mapped);
    if (from < f.size() && s.rva < image_size) {
      n = std::min<uint64_t>({n, f.size() - from, image_size - s.rva});
      std::memcpy(im.bytes.data() + s.rva, f.data() + from, n);
    }
    if (s.size) im.sections.push_back(s);
  }
  auto dir = [&](int i) -> std::pair<uint32_t, uint32_t> {
    if (uint32_t(i) >= *ndirs) return {0, 0};
    auto rva = rd<uint32_t>(f, dir_base + 8ull * i);
    auto size = rd<uint32_t>(f, dir_base + 8ull * i + 4);
    return {rva.value_or(0), size.value_or(0)};
  };
  if (*entry) im.entries.push_back(*entry);
  // Exports (skipping forwarders, whose RVA points into the export directory).
  auto [erva, esize] = dir(0);
  if (erva) {
    auto nfunc = rd<uint32_t>(im.bytes, uint64_t(erva) + 20);
    auto funcs = rd<uint32_t>(im.bytes, uint64_t(erva) + 28);
    if (nfunc && funcs) {
      for (uint32_t i = 0; i < std::min<uint32_t>(*nfunc, 65536); ++i) {
        auto fr = rd<uint32_t>(im.bytes, uint64_t(*funcs) + 4ull * i);
        if (!fr) break;
        if (*fr && !(*fr >= erva && *fr < uint64_t(erva) + esize)) im.entries.push_back(*fr);
      }
    }
  }
  // TLS callbacks: a zero-terminated array of VAs.
  auto [trva, tsize] = dir(9);
  (void)tsize;
  if (trva) {
    std::optional<uint64_t> cbs =
        im.x64 ? rd<uint64_t>(im.bytes, uint64_t(trva) + 24) : std::optional<uint64_t>(rd<uint32_t>(im.bytes, uint64_t(trva) + 12));
    if (cbs && *cbs > *image_base) {
      uint64_t arr = *cbs - *image_base;
      for (int i = 0; i < 64; ++i) {
        std::optional<uint64_t> va = im.x64 ? rd<uint64_t>(im.bytes, arr + 8ull * i)
                                            : std::optional<uint64_t>(rd<uint32_t>(im.bytes, arr + 4ull * i));
        if (!va || !*va || *va < *image_base) break;
        im.entries.push_back(uint32_t(*va - *image_base));
      }
    }
  }
  return im;
}

struct FileResult {
  std::string path;
  std::string error;
  bool x64 = false;
  uint64_t instructions = 0;
  bool truncated = false;
  std::map<ZydisMnemonic, uint64_t> counts;
};

void traverse(const Image& im, uint64_t limit, FileResult& out) {
  ZydisDecoder dec;
  ZydisDecoderInit(&dec, im.x64 ? ZYDIS_MACHINE_MODE_LONG_64 : ZYDIS_MACHINE_MODE_LEGACY_32,
                   im.x64 ? ZYDIS_STACK_WIDTH_64 : ZYDIS_STACK_WIDTH_32);
  std::vector<bool> seen(im.bytes.size(), false);
  std::vector<uint64_t> work;
  for (uint32_t e : im.entries)
    if (e < im.bytes.size() && in_sections(im, e)) work.push_back(e);
  while (!work.empty()) {
    uint64_t pc = work.back();
    work.pop_back();
    int zero_run = 0;
    while (pc < im.bytes.size() && !seen[pc] && in_sections(im, pc)) {
      // Runs of zero bytes ("add [eax], al") are padding or data, not code.
      if (pc + 1 < im.bytes.size() && im.bytes[pc] == 0 && im.bytes[pc + 1] == 0) {
        if (++zero_run >= 4) break;
      } else {
        zero_run = 0;
      }
      if (out.instructions >= limit) {
        out.truncated = true;
        return;
      }
      ZydisDecodedInstruction ins;
      ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];
      if (!ZYAN_SUCCESS(ZydisDecoderDecodeFull(&dec, im.bytes.data() + pc, im.bytes.size() - pc, &ins, ops)))
        break;
      seen[pc] = true;
      out.instructions++;
      out.counts[ins.mnemonic]++;
      uint64_t next = pc + ins.length;
      bool relative = ins.attributes & ZYDIS_ATTRIB_IS_RELATIVE;
      auto target = [&]() -> std::optional<uint64_t> {
        for (unsigned i = 0; i < ins.operand_count_visible; ++i) {
          if (ops[i].type != ZYDIS_OPERAND_TYPE_IMMEDIATE || !ops[i].imm.is_relative) continue;
          ZyanU64 t;
          if (ZYAN_SUCCESS(ZydisCalcAbsoluteAddress(&ins, &ops[i], pc, &t))) return t;
        }
        return std::nullopt;
      };
      bool stop = false;
      switch (ins.meta.category) {
        case ZYDIS_CATEGORY_UNCOND_BR:
          if (relative)
            if (auto t = target()) work.push_back(*t);
          stop = true;
          break;
        case ZYDIS_CATEGORY_COND_BR:
          if (auto t = target()) work.push_back(*t);
          break;
        case ZYDIS_CATEGORY_CALL:
          if (relative)
            if (auto t = target()) work.push_back(*t);
          break;
        case ZYDIS_CATEGORY_RET:
        case ZYDIS_CATEGORY_INTERRUPT:
          stop = ins.mnemonic != ZYDIS_MNEMONIC_INT && ins.mnemonic != ZYDIS_MNEMONIC_INTO;
          break;
        default:
          stop = ins.mnemonic == ZYDIS_MNEMONIC_HLT || ins.mnemonic == ZYDIS_MNEMONIC_UD2 ||
                 ins.mnemonic == ZYDIS_MNEMONIC_UD0 || ins.mnemonic == ZYDIS_MNEMONIC_UD1;
          break;
      }
      if (stop) break;
      pc = next;
    }
  }
}

bool read_file(const std::string& path, std::vector<uint8_t>& out, std::string& err) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    err = "cannot open";
    return false;
  }
  in.seekg(0, std::ios::end);
  std::streamoff n = in.tellg();
  if (n < 0 || uint64_t(n) > kMaxFileBytes) {
    err = "unreadable or larger than 256 MiB";
    return false;
  }
  in.seekg(0);
  out.resize(size_t(n));
  if (n && !in.read(reinterpret_cast<char*>(out.data()), n)) {
    err = "read error";
    return false;
  }
  return true;
}

bool implemented(ZydisMnemonic m) {
#if EMU_HAVE_ISA
  return emu::cpu::is_implemented(m);
#else
  (void)m;
  return false;
#endif
}

std::string json_escape(const std::string& s) {
  std::string o;
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      o += '\\';
      o += char(c);
    } else if (c < 0x20) {
      char b[8];
      std::snprintf(b, sizeof b, "\\u%04x", c);
      o += b;
    } else {
      o += char(c);
    }
  }
  return o;
}

int usage() {
  std::fprintf(stderr,
               "usage: isa-report [--json] [--limit N] [--pe | --raw --arch x86|x64] FILE...\n"
               "  Mode options apply to the files that follow them.\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  bool json = false, raw = false, raw_x64 = false;
  uint64_t limit = 2000000;
  std::vector<FileResult> results;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--json") {
      json = true;
    } else if (a == "--raw") {
      raw = true;
    } else if (a == "--pe") {
      raw = false;
    } else if (a == "--arch" && i + 1 < argc) {
      std::string v = argv[++i];
      if (v != "x86" && v != "x64") return usage();
      raw_x64 = v == "x64";
    } else if (a == "--limit" && i + 1 < argc) {
      limit = std::strtoull(argv[++i], nullptr, 0);
    } else if (a == "-h" || a == "--help" || (a.size() > 1 && a[0] == '-')) {
      return usage();
    } else {
      FileResult r;
      r.path = a;
      std::vector<uint8_t> bytes;
      if (!read_file(a, bytes, r.error)) {
        results.push_back(r);
        continue;
      }
      Image im;
      if (raw) {
        im.bytes = std::move(bytes);
        im.x64 = raw_x64;
        im.sections.push_back({0, uint32_t(std::min<uint64_t>(im.bytes.size(), UINT32_MAX)), true});
        im.entries.push_back(0);
      } else {
        im = map_pe(bytes);
      }
      r.x64 = im.x64;
      if (!im.error.empty()) {
        r.error = im.error;
      } else {
        traverse(im, limit, r);
      }
      results.push_back(std::move(r));
    }
  }
  if (results.empty()) return usage();

  struct Agg {
    uint64_t files = 0, count = 0;
  };
  std::map<ZydisMnemonic, Agg> agg;
  uint64_t ok_files = 0, total_ins = 0;
  for (const FileResult& r : results) {
    if (!r.error.empty()) continue;
    ok_files++;
    total_ins += r.instructions;
    for (auto& [m, n] : r.counts) {
      agg[m].files++;
      agg[m].count += n;
    }
  }
  std::vector<std::pair<ZydisMnemonic, Agg>> missing;
  for (auto& [m, a] : agg)
    if (!implemented(m)) missing.push_back({m, a});
  std::sort(missing.begin(), missing.end(), [](auto& x, auto& y) {
    if (x.second.files != y.second.files) return x.second.files > y.second.files;
    return std::strcmp(ZydisMnemonicGetString(x.first), ZydisMnemonicGetString(y.first)) < 0;
  });

  if (json) {
    std::printf("{\"isa_known\": %s, \"files\": %zu, \"decoded_files\": %llu, \"instructions\": %llu,\n",
                EMU_HAVE_ISA ? "true" : "false", results.size(), static_cast<unsigned long long>(ok_files),
                static_cast<unsigned long long>(total_ins));
    std::printf(" \"missing\": [");
    for (size_t i = 0; i < missing.size(); ++i)
      std::printf("%s\n  {\"mnemonic\": \"%s\", \"files\": %llu, \"count\": %llu}", i ? "," : "",
                  ZydisMnemonicGetString(missing[i].first), static_cast<unsigned long long>(missing[i].second.files),
                  static_cast<unsigned long long>(missing[i].second.count));
    std::printf("],\n \"mnemonics\": {");
    bool first = true;
    for (auto& [m, a] : agg) {
      std::printf("%s\n  \"%s\": {\"files\": %llu, \"count\": %llu, \"implemented\": %s}", first ? "" : ",",
                  ZydisMnemonicGetString(m), static_cast<unsigned long long>(a.files),
                  static_cast<unsigned long long>(a.count), implemented(m) ? "true" : "false");
      first = false;
    }
    std::printf("},\n \"per_file\": [");
    for (size_t i = 0; i < results.size(); ++i) {
      const FileResult& r = results[i];
      uint64_t miss = 0;
      for (auto& [m, n] : r.counts) miss += !implemented(m);
      std::printf("%s\n  {\"path\": \"%s\", \"arch\": \"%s\", \"instructions\": %llu, \"truncated\": %s, "
                  "\"missing_mnemonics\": %llu, \"error\": \"%s\"}",
                  i ? "," : "", json_escape(r.path).c_str(), r.x64 ? "x64" : "x86",
                  static_cast<unsigned long long>(r.instructions), r.truncated ? "true" : "false",
                  static_cast<unsigned long long>(miss), json_escape(r.error).c_str());
    }
    std::printf("]}\n");
    return 0;
  }
  std::printf("files: %zu (decoded %llu), instructions reached: %llu%s\n", results.size(),
              static_cast<unsigned long long>(ok_files), static_cast<unsigned long long>(total_ins),
              EMU_HAVE_ISA ? "" : " (cpu/isa.h absent: every mnemonic listed)");
  for (const FileResult& r : results)
    if (!r.error.empty()) std::printf("  skipped %s: %s\n", r.path.c_str(), r.error.c_str());
  std::printf("\nmnemonics the interpreter lacks (%zu):\n%-16s %6s %10s\n", missing.size(), "mnemonic", "files",
              "count");
  for (auto& [m, a] : missing)
    std::printf("%-16s %6llu %10llu\n", ZydisMnemonicGetString(m), static_cast<unsigned long long>(a.files),
                static_cast<unsigned long long>(a.count));
  return 0;
}
