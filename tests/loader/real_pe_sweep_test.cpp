// Robustness sweep over the download of ../shared/corpus/real-pe.sh (about
// 840 benign PE files). Runs only when EMU_PE_CORPUS names that directory
// (it is not part of CI): every file must load or fail with a named
// LoadError; the outcome counts are printed.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "loader/loader.h"
#include "tests/loader/test_util.h"

namespace fs = std::filesystem;
using namespace emu::loader;

BOOST_AUTO_TEST_SUITE(real_pe)

BOOST_AUTO_TEST_CASE(sweep) {
  const char* dir = std::getenv("EMU_PE_CORPUS");
  if (!dir || !fs::exists(fs::path(dir) / "MANIFEST.tsv")) {
    BOOST_TEST_MESSAGE("skipped: set EMU_PE_CORPUS to the directory real-pe.sh filled");
    return;
  }
  std::ifstream in(fs::path(dir) / "MANIFEST.tsv");
  std::string line;
  std::getline(in, line);  // header
  std::map<std::string, int> outcome;
  std::map<std::string, int> by_arch;
  int files = 0, notes = 0;
  const auto start = std::chrono::steady_clock::now();
  while (std::getline(in, line)) {
    const std::string rel = line.substr(0, line.find('\t'));
    const auto bytes = test_util::read_file(fs::path(dir) / rel);
    ++files;
    try {
      auto p = load_pe(bytes, {});
      ++outcome["loaded"];
      ++by_arch[std::string(arch_name(p->arch())) + (p->main_module().is_dll ? " dll" : p->main_module().is_driver ? " driver" : " exe")];
      notes += p->notes().empty() ? 0 : 1;
      p->entry_points();
    } catch (const LoadError& e) {
      ++outcome[e.what()];
      BOOST_TEST_MESSAGE(rel << ": " << e.what());
    }
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (auto& [k, n] : outcome) BOOST_TEST_MESSAGE(k << ": " << n);
  for (auto& [k, n] : by_arch) BOOST_TEST_MESSAGE("  " << k << ": " << n);
  BOOST_TEST_MESSAGE(files << " files, " << notes << " loaded with notes, " << secs << " s");
  BOOST_TEST(files > 0);
}

BOOST_AUTO_TEST_SUITE_END()
