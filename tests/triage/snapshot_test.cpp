// tests/python/data/*_with_triage.json are reports with the "triage" key the
// emulate command adds; the Python adapter's tests read them. They must be
// what evaluate() produces today for the same report (the fixture).
#include <boost/test/unit_test.hpp>

#include <filesystem>

#include "tests/triage/fixture.h"

using namespace emu::triage;
using namespace emu::triage::test;

BOOST_AUTO_TEST_CASE(python_snapshots_match_evaluate) {
  const std::string dir = std::string(EMU_SOURCE_DIR) + "/tests/python/data/";
  size_t checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::string name = entry.path().filename().string();
    const std::string suffix = "_with_triage.json";
    if (name.size() <= suffix.size() || name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) continue;
    boost::json::object snap = boost::json::parse(read_text(entry.path().string())).as_object();
    boost::json::object report = fixture(name.substr(0, name.size() - suffix.size()));
    BOOST_TEST_CONTEXT(name) {
      BOOST_TEST_REQUIRE(snap.contains("triage"));
      boost::json::value stored = snap["triage"];
      snap.erase("triage");
      BOOST_TEST(boost::json::serialize(snap) == boost::json::serialize(report), "snapshot report differs from the fixture");
      BOOST_TEST(boost::json::serialize(stored) == boost::json::serialize(evaluate(report, default_settings())),
                 "regenerate the snapshot: its triage is stale");
    }
    ++checked;
  }
  BOOST_TEST(checked >= 3u);
}
