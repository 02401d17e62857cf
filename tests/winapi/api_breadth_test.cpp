// Guest programs (tests/guest/api_*.c, x86 and x64) that call atom, GDI
// object, user32, IStream, setupapi and console APIs and check the results
// Windows documents; each returns 0 or the number of its first failed
// check. The report must also show the calls and their side effects.
#include <boost/test/unit_test.hpp>

#include "tests/winapi/helpers.h"

using namespace emu::winapi;
using namespace emu::winapi::test;

namespace {

struct GuestRun {
  Result result;
  const boost::json::object* main = nullptr;
};

GuestRun run_guest(const std::string& file) {
  GuestRun g{run_bytes(guest_file(file), file, default_config()), nullptr};
  if (g.result.load_error) return g;
  for (auto& ep : entry_points(g.result))
    if (str(ep.at("ep_type")) == "module_entry") g.main = &ep.as_object();
  return g;
}

bool unsupported(const Result& r, const std::string& needle) {
  for (auto& e : r.report.at("errors").as_array())
    if (str(e.at("type")) == "unsupported_api" && str(e.at("api_name")).find(needle) != std::string::npos) return true;
  return false;
}

// Runs NAME_x86.exe and NAME_x64.exe; both must exit with 0.
void check_guest(const std::string& name, const std::vector<std::string>& apis, const std::string& no_unsupported) {
  for (const char* arch : {"x86", "x64"}) {
    BOOST_TEST_CONTEXT(name << "_" << arch) {
      GuestRun g = run_guest(name + "_" + arch + ".exe");
      BOOST_TEST_REQUIRE(!g.result.load_error);
      BOOST_TEST_REQUIRE(g.main != nullptr);
      BOOST_TEST(g.main->at("error").is_null(), boost::json::serialize(g.main->at("error")));
      BOOST_TEST(g.main->at("ret_val").to_number<int64_t>() == 0);  // else: the failed check's number
      for (const auto& api : apis) BOOST_TEST(!api_calls(*g.main, api).empty(), api);
      BOOST_TEST(!unsupported(g.result, no_unsupported));
    }
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(api_breadth)

BOOST_AUTO_TEST_CASE(atom_tables) {
  check_guest("api_atoms",
              {"kernel32.AddAtomA", "kernel32.FindAtomA", "kernel32.DeleteAtom", "kernel32.GetAtomNameW",
               "kernel32.GlobalAddAtomW", "kernel32.GlobalGetAtomNameA", "kernel32.GlobalDeleteAtom"},
              "Atom");
}

BOOST_AUTO_TEST_CASE(gdi_objects) {
  check_guest("api_gdi_objects",
              {"gdi32.CreateDIBSection", "gdi32.CreateSolidBrush", "gdi32.CreateFontIndirectA", "gdi32.CreatePalette",
               "gdi32.SelectObject", "gdi32.DeleteObject", "gdi32.GetStockObject"},
              "gdi32.");
  // The font's face name is shown as the argument.
  GuestRun g = run_guest("api_gdi_objects_x86.exe");
  BOOST_TEST_REQUIRE(g.main != nullptr);
  const auto fonts = api_calls(*g.main, "gdi32.CreateFontIndirectA");
  BOOST_TEST_REQUIRE(fonts.size() == 1u);
  BOOST_TEST(arg(fonts[0], 0) == "Tahoma");
}

BOOST_AUTO_TEST_CASE(user32_icons_monitors_oem_help) {
  check_guest("api_user32_extras",
              {"user32.EnumDisplayMonitors", "user32.DestroyIcon", "user32.DestroyCursor", "user32.OemToCharA",
               "user32.CharToOemW", "user32.WinHelpA"},
              "user32.");
  // WinHelp starts the help viewer on the file.
  GuestRun g = run_guest("api_user32_extras_x64.exe");
  BOOST_TEST_REQUIRE(g.main != nullptr);
  bool viewer = false;
  for (const auto& e : events_of(*g.main, "process_create"))
    if (str(e.at("cmdline")).find("app.hlp") != std::string::npos) viewer = true;
  BOOST_TEST(viewer);
}

BOOST_AUTO_TEST_CASE(hglobal_stream) {
  check_guest("api_com_stream",
              {"ole32.CreateStreamOnHGlobal", "ole32.IStream::Write", "ole32.IStream::Read", "ole32.IStream::Seek",
               "ole32.IStream::Stat", "ole32.IStream::SetSize", "ole32.IStream::Release", "ole32.GetHGlobalFromStream"},
              "ole32.");
}

BOOST_AUTO_TEST_CASE(setupapi_and_console) {
  check_guest("api_setupapi_console",
              {"setupapi.SetupDiGetClassDevsA", "setupapi.SetupDiEnumDeviceInfo",
               "setupapi.SetupDiDestroyDeviceInfoList", "kernel32.SetConsoleTextAttribute"},
              "Setup");
}

BOOST_AUTO_TEST_SUITE_END()
