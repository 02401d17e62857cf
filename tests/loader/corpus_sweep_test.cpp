// Sweeps ../shared/corpus (real malware and Speakeasy's test binaries, all
// xz-compressed; decompressed into a temp dir, never run natively) and the
// mingw-built guest programs.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "loader/loader.h"
#include "tests/loader/test_util.h"

namespace fs = std::filesystem;
using namespace emu::loader;

namespace {

std::vector<uint8_t> xz_decompress(const fs::path& p) {
  std::vector<uint8_t> out;
  const std::string cmd = "xz -dc '" + p.string() + "'";
  FILE* f = popen(cmd.c_str(), "r");
  if (!f) return out;
  uint8_t buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) out.insert(out.end(), buf, buf + n);
  pclose(f);
  return out;
}

// file name -> kind column of INDEX.tsv ("x86 GUI", "shellcode x64", ...)
std::map<std::string, std::string> read_index(const fs::path& tsv) {
  std::map<std::string, std::string> kinds;
  std::ifstream in(tsv);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string c;
    while (std::getline(ss, c, '\t')) cols.push_back(c);
    if (cols.size() >= 4) kinds[cols[0]] = cols[3];
  }
  return kinds;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(corpus)

BOOST_AUTO_TEST_CASE(shared_corpus_loads_or_fails_by_name) {
  const fs::path shared = EMU_SHARED_DIR;
  if (!fs::exists(shared / "corpus")) {
    BOOST_TEST_MESSAGE("skipped: " << shared << "/corpus is absent");
    return;
  }
  const auto kinds = read_index(shared / "corpus/malware-dev/INDEX.tsv");
  std::map<std::string, int> outcome;
  const auto start = std::chrono::steady_clock::now();
  int files = 0;
  for (const char* sub : {"corpus/malware-dev", "corpus/speakeasy-tests"}) {
    for (const auto& e : fs::directory_iterator(shared / sub)) {
      if (e.path().extension() != ".xz") continue;
      const auto bytes = xz_decompress(e.path());
      const std::string name = e.path().stem().string();
      auto it = kinds.find(name);
      const std::string kind = it == kinds.end() ? "" : it->second;
      ++files;
      BOOST_TEST_CONTEXT(name) {
        try {
          std::unique_ptr<Process> p;
          if (kind.starts_with("shellcode") || name.ends_with(".bin")) {
            LoadOptions o;
            o.raw_arch = (kind.find("x64") != std::string::npos || name.find("x64") != std::string::npos) ? Arch::X64 : Arch::X86;
            p = load_shellcode(bytes, o);
            ++outcome["shellcode loaded"];
          } else {
            p = load_pe(bytes, {});
            ++outcome["pe loaded"];
          }
          BOOST_TEST(!p->entry_points().empty());
          // every bound import lands on a trap or a data export
          for (const auto& imp : p->modules().front()->imports)
            BOOST_TEST((p->trap_at(imp.target) != nullptr || p->is_data_export(imp.target) ||
                        p->module_at(imp.target) != nullptr),
                       imp.dll << "!" << imp.function);
        } catch (const LoadError& err) {
          ++outcome[err.what()];
          BOOST_TEST(std::string(err.what()).starts_with("load_error: "));
        }
      }
    }
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (auto& [k, n] : outcome) BOOST_TEST_MESSAGE(k << ": " << n);
  BOOST_TEST_MESSAGE(files << " files in " << secs << " s");
  BOOST_TEST(files > 150);
  BOOST_TEST(outcome["pe loaded"] > 150);  // these are real Windows programs: nearly all must map
}

BOOST_AUTO_TEST_CASE(guest_programs_bind_to_decoys) {
  const fs::path dir = EMU_GUEST_DIR;
  int checked = 0;
  if (!fs::exists(dir)) {
    BOOST_TEST_MESSAGE("skipped: no guest programs built");
    return;
  }
  // Every mingw-built guest program (hello, two_exports, and whatever else
  // tests/guest holds): each import must bind to a decoy export.
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string f = entry.path().filename().string();
    if (!f.ends_with(".exe") && !f.ends_with(".dll")) continue;
    BOOST_TEST_CONTEXT(f) {
      LoadOptions o;
      o.env.image_path = "C:\\Users\\u\\" + f;
      auto p = load_pe(test_util::read_file(entry.path()), o);
      const Module& m = p->main_module();
      BOOST_TEST(!m.imports.empty());
      for (const auto& imp : m.imports) {
        BOOST_TEST_CONTEXT(imp.dll << "!" << imp.function) {
          const Module* d = p->module_at(imp.target);
          BOOST_REQUIRE(d);
          BOOST_TEST(d->decoy);
          if (p->is_data_export(imp.target)) continue;
          const TrapTarget* t = p->trap_at(imp.target);
          BOOST_REQUIRE(t);
          BOOST_TEST(t->function == imp.function);
          BOOST_TEST(p->get_proc_address(*d, imp.function) == imp.target);
        }
      }
      ++checked;
    }
  }
  BOOST_TEST_MESSAGE(checked << " guest programs checked");
  BOOST_TEST(checked >= 4);
}

BOOST_AUTO_TEST_SUITE_END()
