// Each fixture is a report of a program with known behaviour; the expected
// hits follow from that behaviour (issue 7's heuristic definitions).
#include <boost/test/unit_test.hpp>

#include "tests/triage/fixture.h"

using namespace emu::triage;
using namespace emu::triage::test;
namespace json = boost::json;

BOOST_AUTO_TEST_SUITE(fixtures)

BOOST_AUTO_TEST_CASE(plain_hello_world_triggers_none_of_2_to_7) {
  // mingw-w64 programs carry two CRT TLS callbacks (tlssup.c), so 1 fires.
  auto t = triage_of("hello_x86");
  BOOST_TEST((hit_ids(t) == std::set<int>{1}));
  BOOST_TEST(t.at("score").as_int64() == 100);
  BOOST_TEST(t.at("verdict").as_string() == "info");
}

BOOST_AUTO_TEST_CASE(plain_dll_triggers_nothing) {
  auto t = triage_of("plain_dll_x86");
  BOOST_TEST(hit_ids(t).empty());
  BOOST_TEST(t.at("score").as_int64() == 0);
}

BOOST_AUTO_TEST_CASE(tls_callbacks_are_evidence_with_addresses) {
  auto t = triage_of("three_tls_callbacks_x86");
  BOOST_TEST((hit_ids(t) == std::set<int>{1}));
  const auto& h = hit(t, 1);
  BOOST_TEST(h.at("evidence").as_array().size() == 3u);
  BOOST_TEST(h.at("evidence").as_array()[1].at("address").as_uint64() == 0x401140u);
  BOOST_TEST(h.at("evidence").as_array()[1].at("ep_type").as_string() == "tls_callback_1");
}

BOOST_AUTO_TEST_CASE(shellcode_stager_is_flagged_with_network_indicators) {
  auto t = triage_of("stager_shellcode_x64");
  std::set<int> ids = hit_ids(t);
  // 7: shellcode calling APIs; 12: nothing looked them up by name; 2: RWX
  // VirtualAlloc; 3: wininet loaded; 5: InternetConnect et al.; 17: network.
  BOOST_TEST((ids == std::set<int>{2, 3, 5, 7, 12, 17}));
  const auto& sc = hit(t, 7);
  BOOST_TEST(sc.at("score").as_int64() == 1000);
  BOOST_TEST(strings(sc.at("signatures")) == std::vector<std::string>{"shellcode_api_calls"});
  BOOST_TEST(contains(tag_values(sc, "technique.shellcode"), "Shellcode resolving Windows APIs"));
  // The first API call of the run, at its own call site.
  const auto& ev0 = sc.at("evidence").as_array()[0].as_object();
  BOOST_TEST(ev0.at("api_name").as_string() == "kernel32.LoadLibraryA");
  BOOST_TEST(ev0.at("pc").as_uint64() == 0x10a9u);
  BOOST_TEST(ev0.at("ep_type").as_string() == "shellcode");

  BOOST_TEST(contains(tag_values(t, "network.dynamic.domain"), "updates.example-cdn.net"));
  BOOST_TEST(contains(tag_values(t, "network.dynamic.ip"), "203.0.113.7"));
  BOOST_TEST(contains(tag_values(t, "network.dynamic.uri"), "https://updates.example-cdn.net/jquery-3.3.1.min.js"));
  BOOST_TEST(contains(tag_values(t, "network.dynamic.uri_path"), "/jquery-3.3.1.min.js"));
  BOOST_TEST(contains(tag_values(t, "network.port"), "443"));
  BOOST_TEST(contains(tag_values(t, "network.user_agent"),
                      "Mozilla/5.0 (Windows NT 6.1; Trident/7.0; rv:11.0) like Gecko"));
  BOOST_TEST(contains(strings(hit(t, 17).at("attack_ids")), "T1071.001"));
}

BOOST_AUTO_TEST_CASE(remote_thread_at_loadlibrary_is_dll_injection) {
  auto t = triage_of("dll_injection_x86");
  BOOST_TEST((hit_ids(t) == std::set<int>{5, 8}));
  const auto& h = hit(t, 8);
  auto sigs = strings(h.at("signatures"));
  BOOST_TEST(contains(sigs, "dll_injection"));
  BOOST_TEST(contains(sigs, "remote_thread_injection"));  // the engine's thread_inject event
  BOOST_TEST(contains(strings(h.at("attack_ids")), "T1055.001"));
  BOOST_TEST(contains(tag_values(h, "dynamic.process.file_name"), "explorer.exe"));
}

BOOST_AUTO_TEST_CASE(hollowing_is_not_also_thread_hijacking) {
  auto t = triage_of("hollowing_x86");
  // 2: VirtualAllocEx(PAGE_EXECUTE_READWRITE) in the target.
  BOOST_TEST((hit_ids(t) == std::set<int>{2, 5, 9}));
  const auto& h = hit(t, 9);
  BOOST_TEST(strings(h.at("signatures")) == std::vector<std::string>{"process_hollowing"});
  BOOST_TEST(contains(tag_values(h, "dynamic.process.command_line"), "C:\\Windows\\system32\\svchost.exe -k netsvcs"));
}

BOOST_AUTO_TEST_CASE(thread_hijacking) {
  auto t = triage_of("thread_hijack_x64");
  BOOST_TEST((hit_ids(t) == std::set<int>{2, 5, 10}));
  BOOST_TEST(hit(t, 10).at("evidence").as_array().size() == 4u);  // suspend, write, set context, resume
}

BOOST_AUTO_TEST_CASE(apc_injection) {
  auto t = triage_of("apc_injection_x64");
  BOOST_TEST((hit_ids(t) == std::set<int>{5, 11}));
  BOOST_TEST(strings(hit(t, 11).at("signatures")) == std::vector<std::string>{"apc_injection"});
}

BOOST_AUTO_TEST_CASE(persistence_run_key_and_service) {
  auto t = triage_of("persistence_x86");
  BOOST_TEST((hit_ids(t) == std::set<int>{5, 15, 16}));
  const auto& run = hit(t, 15);
  BOOST_TEST(contains(tag_values(run, "dynamic.autorun_location"),
                      "HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run"));
  BOOST_TEST(contains(tag_values(run, "dynamic.registry_key"),
                      "HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\WinUpdate"));
  const auto& svc = hit(t, 16);
  auto sigs = strings(svc.at("signatures"));
  BOOST_TEST(contains(sigs, "create_service"));
  BOOST_TEST(contains(sigs, "service_registry_key"));
  BOOST_TEST(contains(tag_values(t, "dynamic.mutex"), "Global\\MsWinZonesCacheCounterMutexA0"));
}

BOOST_AUTO_TEST_CASE(debugger_and_sandbox_checks) {
  auto t = triage_of("evasion_x86");
  BOOST_TEST((hit_ids(t) == std::set<int>{13, 14}));
  auto dbg = strings(hit(t, 13).at("signatures"));
  BOOST_TEST(dbg == (std::vector<std::string>{"IsDebuggerPresent", "CheckRemoteDebuggerPresent",
                                               "debug_information_query", "debugger_window"}));
  const auto& vm = hit(t, 14);
  auto attack = strings(vm.at("attack_ids"));
  BOOST_TEST(contains(attack, "T1497.001"));  // VirtualBox key, Sandboxie module
  BOOST_TEST(contains(attack, "T1497.003"));  // Sleep(120 s)
}

BOOST_AUTO_TEST_CASE(downloader_dropper) {
  auto t = triage_of("downloader_x86");
  BOOST_TEST((hit_ids(t) == std::set<int>{3, 5, 17, 18, 19, 22}));
  BOOST_TEST(contains(tag_values(t, "network.dynamic.uri"), "http://dl.example.org/files/payload.exe"));
  BOOST_TEST(contains(tag_values(t, "dynamic.process.command_line"),
                      "cmd.exe /c start C:\\Users\\user\\AppData\\Local\\Temp\\svchost32.exe"));
  // One dropped path, seen as file_create, file_write and dropped_files: one
  // signature and one piece of evidence per path.
  const auto& drop = hit(t, 19);
  BOOST_TEST(strings(drop.at("signatures")) == std::vector<std::string>{"drops_executable"});
  BOOST_TEST(drop.at("evidence").as_array().size() == 1u);
}

BOOST_AUTO_TEST_CASE(packed_image_unpacks_and_stages_code) {
  auto t = triage_of("packed_x86");
  // 4: 33 GetProcAddress calls; 6/20: a segment in the image; 21 and 7: a
  // segment in RWX VirtualAlloc memory that calls APIs; no export walking
  // since every function called was looked up first.
  BOOST_TEST((hit_ids(t) == std::set<int>{2, 4, 6, 7, 20, 21}));
  const auto& sc = hit(t, 7);
  BOOST_TEST(strings(sc.at("signatures")) == std::vector<std::string>{"dynamic_code_api_calls"});
  for (const auto& e : sc.at("evidence").as_array()) {
    uint64_t pc = e.at("pc").as_uint64();
    BOOST_TEST((pc >= 0x520000u && pc < 0x523000u));  // only calls made from the staged code
  }
  BOOST_TEST(hit(t, 20).at("evidence").as_array()[0].at("tag").as_string() == "emu.module.packed");
}

BOOST_AUTO_TEST_CASE(every_heuristic_is_shown_by_some_fixture) {
  std::set<int> seen;
  for (const char* f : {"hello_x86", "plain_dll_x86", "three_tls_callbacks_x86", "stager_shellcode_x64",
                        "dll_injection_x86", "hollowing_x86", "thread_hijack_x64", "apc_injection_x64",
                        "persistence_x86", "evasion_x86", "downloader_x86", "packed_x86"})
    for (int id : hit_ids(triage_of(f))) seen.insert(id);
  for (const Heuristic& h : heuristics()) BOOST_TEST(seen.count(h.id) == 1u, "heuristic " << h.id << " never fires");
}

BOOST_AUTO_TEST_CASE(every_hit_has_signatures_and_evidence_with_a_place) {
  for (const char* f : {"three_tls_callbacks_x86", "stager_shellcode_x64", "dll_injection_x86", "hollowing_x86",
                        "thread_hijack_x64", "apc_injection_x64", "persistence_x86", "evasion_x86", "downloader_x86",
                        "packed_x86"}) {
    auto t = triage_of(f);
    for (const auto& hv : t.at("hits").as_array()) {
      const auto& h = hv.as_object();
      BOOST_TEST_CONTEXT(f << " heuristic " << h.at("id").as_int64()) {
        BOOST_TEST(!h.at("signatures").as_array().empty());
        BOOST_TEST_REQUIRE(!h.at("evidence").as_array().empty());
        for (const auto& ev : h.at("evidence").as_array()) {
          const auto& e = ev.as_object();
          BOOST_TEST(e.contains("event"));
          // Events carry the pc of their position; entry points and segments an address;
          // a dropped file its path.
          bool placed = (e.contains("pc") && !e.at("pc").is_null()) || e.contains("address") || e.contains("path");
          BOOST_TEST(placed);
          if (e.at("event") != "dropped_file") BOOST_TEST(e.contains("entry_point"));
        }
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(total_score_is_the_sum_of_hit_scores) {
  for (const char* f : {"stager_shellcode_x64", "downloader_x86", "packed_x86"}) {
    auto t = triage_of(f);
    int64_t sum = 0;
    for (const auto& h : t.at("hits").as_array()) sum += h.at("score").as_int64();
    BOOST_TEST(t.at("score").as_int64() == sum);
  }
}

BOOST_AUTO_TEST_CASE(summary_names_the_hits_and_hosts) {
  std::string s = summary_text(triage_of("stager_shellcode_x64"));
  BOOST_TEST(s.find("[7] Shellcode detected (1000)") != std::string::npos, s);
  BOOST_TEST(s.find("updates.example-cdn.net") != std::string::npos, s);
  BOOST_TEST(s.find("malicious") != std::string::npos, s);
}

BOOST_AUTO_TEST_SUITE_END()
