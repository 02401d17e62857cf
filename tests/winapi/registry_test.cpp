// The handler registry: every entry is callable and found under the module
// names guests use. With --log_level=message it lists the number of
// handlers per DLL table:
//   build/bin/winapi_tests --run_test=registry --log_level=message
#include <boost/test/unit_test.hpp>

#include <sstream>

#include "winapi/core/api.h"

using namespace emu::winapi;

BOOST_AUTO_TEST_SUITE(registry)

BOOST_AUTO_TEST_CASE(handlers_per_dll) {
  const auto& reg = ApiRegistry::instance();
  std::ostringstream out;
  size_t total = 0;
  for (const auto& [dll, table] : reg.tables()) {
    for (const auto& [name, def] : table) {
      BOOST_TEST(def.fn != nullptr, dll << "." << name);
      BOOST_TEST(def.name == name);
    }
    out << "  " << dll << ": " << table.size() << "\n";
    total += table.size();
  }
  BOOST_TEST_MESSAGE("handlers per DLL (" << total << " in all):\n" << out.str());
  BOOST_TEST(total > 0u);
}

// Module spellings a guest imports from resolve to the table that serves them.
BOOST_AUTO_TEST_CASE(lookup_by_import_module_name) {
  const auto& reg = ApiRegistry::instance();
  BOOST_TEST(reg.find("MFC42.DLL", "ordinal_1168") != nullptr);   // AfxGetModuleState
  BOOST_TEST(reg.find("msvcr100", "malloc") == reg.find("msvcrt", "malloc"));
  BOOST_TEST(reg.find("msvcr71.dll", "malloc") == reg.find("msvcrt", "malloc"));
  BOOST_TEST(reg.find("kernelbase", "CreateFileA") == reg.find("kernel32", "CreateFileA"));
  BOOST_TEST(reg.find("ole32", "StringFromGUID2") != nullptr);
  BOOST_TEST(reg.find("nosuchdll", "CreateFileA") == nullptr);
}

BOOST_AUTO_TEST_SUITE_END()
