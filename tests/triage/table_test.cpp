// The heuristic table against issue 7 and the shared Assemblyline lists:
// ATT&CK ids from ../shared/assemblyline/ATTACK.md, tag paths from
// ../shared/assemblyline/tags.txt.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <regex>
#include <set>

#include "tests/triage/fixture.h"
#include "triage/tags.h"

using namespace emu::triage;
using namespace emu::triage::test;

namespace {

const std::string kShared = EMU_SHARED_DIR;

bool shared_present() {
  if (std::filesystem::exists(kShared + "/assemblyline/tags.txt")) return true;
  BOOST_TEST_MESSAGE("skipped: " << kShared << "/assemblyline is absent");
  return false;
}

// Ids listed in ATTACK.md's table rows (prose mentions, such as the revoked
// id, are not rows).
std::set<std::string> attack_ids() {
  std::set<std::string> ids;
  std::istringstream in(read_text(kShared + "/assemblyline/ATTACK.md"));
  std::regex id_re("T[0-9]{4}(\\.[0-9]{3})?");
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] != '|') continue;
    for (std::sregex_iterator it(line.begin(), line.end(), id_re), end; it != end; ++it) ids.insert(it->str());
  }
  return ids;
}

std::set<std::string> tag_paths() {
  std::set<std::string> paths;
  std::istringstream in(read_text(kShared + "/assemblyline/tags.txt"));
  for (std::string line; std::getline(in, line);) {
    std::string path = line.substr(0, line.find(' '));
    if (!path.empty()) paths.insert(path);
  }
  return paths;
}

const char* kFixtures[] = {"hello_x86",         "plain_dll_x86",     "three_tls_callbacks_x86", "stager_shellcode_x64",
                           "dll_injection_x86", "hollowing_x86",     "thread_hijack_x64",       "apc_injection_x64",
                           "persistence_x86",   "evasion_x86",       "downloader_x86",          "packed_x86"};

}  // namespace

BOOST_AUTO_TEST_SUITE(table)

BOOST_AUTO_TEST_CASE(first_seven_match_issue_7_exactly) {
  struct Row { int id; const char* name; int score; };
  const Row expected[] = {{1, "Multiple TLS Callbacks Detected", 100},
                          {2, "VirtualAlloc with Execute/Write Permissions", 150},
                          {3, "Loads Potentially Suspicious DLL", 75},
                          {4, "High Number of GetProcAddress Calls", 60},
                          {5, "Calls Suspicious API Function", 120},
                          {6, "Dynamic Code Segments Detected", 130},
                          {7, "Shellcode detected", 1000}};
  for (const Row& r : expected) {
    const Heuristic* h = find_heuristic(r.id);
    BOOST_TEST_REQUIRE(h != nullptr);
    BOOST_TEST(h->name == r.name);
    BOOST_TEST(h->score == r.score);
  }
}

BOOST_AUTO_TEST_CASE(ids_are_unique_ascending_and_described) {
  int last = 0;
  for (const Heuristic& h : heuristics()) {
    BOOST_TEST(h.id == last + 1, "ids run 1, 2, 3, ... without gaps; got " << h.id);
    last = h.id;
    BOOST_TEST(!h.name.empty());
    BOOST_TEST(!h.description.empty());
    BOOST_TEST(h.score > 0);
  }
  BOOST_TEST(find_heuristic(0) == nullptr);
  BOOST_TEST(find_heuristic(last + 1) == nullptr);
}

BOOST_AUTO_TEST_CASE(attack_ids_come_from_attack_md) {
  if (!shared_present()) return;
  std::set<std::string> allowed = attack_ids();
  BOOST_TEST_REQUIRE(allowed.count("T1055") == 1u);  // the parser read the table
  BOOST_TEST(allowed.count("T1562.001") == 0u);       // nor the prose about the revoked id
  for (const Heuristic& h : heuristics())
    for (const std::string& a : h.attack_ids) BOOST_TEST(allowed.count(a) == 1u, "heuristic " << h.id << ": " << a);
  // Hits add sub-techniques at run time: those too.
  for (const char* f : kFixtures) {
    auto t = triage_of(f);
    for (const auto& hv : t.at("hits").as_array())
      for (const std::string& a : strings(hv.at("attack_ids")))
        BOOST_TEST(allowed.count(a) == 1u, f << ": heuristic " << hv.at("id").as_int64() << ": " << a);
  }
}

BOOST_AUTO_TEST_CASE(tag_paths_come_from_tags_txt) {
  if (!shared_present()) return;
  std::set<std::string> allowed = tag_paths();
  BOOST_TEST_REQUIRE(allowed.size() > 100u);
  for (const std::string& p : emitted_tag_paths()) BOOST_TEST(allowed.count(p) == 1u, p);
  std::set<std::string> emitted(emitted_tag_paths().begin(), emitted_tag_paths().end());
  size_t seen = 0;
  for (const char* f : kFixtures) {
    auto t = triage_of(f);
    std::vector<const boost::json::object*> owners{&t};
    for (const auto& hv : t.at("hits").as_array()) owners.push_back(&hv.as_object());
    for (const auto* o : owners)
      for (const auto& kv : o->at("tags").as_object()) {
        ++seen;
        std::string path(kv.key());
        BOOST_TEST(allowed.count(path) == 1u, f << ": " << path);
        BOOST_TEST(emitted.count(path) == 1u, f << ": " << path << " missing from emitted_tag_paths()");
      }
  }
  BOOST_TEST(seen > 10u);
}

BOOST_AUTO_TEST_CASE(hit_tags_are_part_of_the_run_tags) {
  for (const char* f : kFixtures) {
    auto t = triage_of(f);
    for (const auto& hv : t.at("hits").as_array())
      for (const auto& kv : hv.at("tags").as_object())
        for (const std::string& v : strings(kv.value()))
          BOOST_TEST(contains(tag_values(t, std::string(kv.key())), v), f << ": " << kv.key() << " " << v);
  }
}

BOOST_AUTO_TEST_CASE(tag_value_checks) {
  BOOST_TEST(is_ipv4("10.0.0.1"));
  BOOST_TEST(!is_ipv4("10.0.0"));
  BOOST_TEST(!is_ipv4("10.0.0.256"));
  BOOST_TEST(!is_ipv4("1.2.3.4.5"));
  BOOST_TEST(is_domain("a.example.com"));
  BOOST_TEST(is_domain("xn--bcher-kva.example"));
  BOOST_TEST(!is_domain("localhost"));
  BOOST_TEST(!is_domain("1.2.3.4"));
  BOOST_TEST(!is_domain("bad_label-.com"));
  BOOST_TEST(!is_domain("a..com"));
  BOOST_TEST(is_uri("http://a.example.com/x?y=1"));
  BOOST_TEST(!is_uri("a.example.com/x"));
  BOOST_TEST(!is_uri("http:///x"));
}

BOOST_AUTO_TEST_SUITE_END()
