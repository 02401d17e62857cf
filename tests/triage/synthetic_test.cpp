// Small reports built in code: the edges of each heuristic's rule.
#include <boost/test/unit_test.hpp>

#include <chrono>

#include "tests/triage/fixture.h"
#include "triage/report_view.h"

using namespace emu::triage;
using namespace emu::triage::test;
namespace json = boost::json;

namespace {

json::object api(const std::string& name, std::vector<std::string> args, const std::string& ret = "0x1",
                 uint64_t pc = 0x401100, const char* resolved = nullptr) {
  json::object e{{"pos", {{"tick", 1}, {"tid", 1}, {"pid", 1}, {"pc", pc}}},
                 {"event", "api"}, {"api_name", name}, {"ret_val", ret}};
  json::array a;
  for (auto& s : args) a.emplace_back(s);
  e["args"] = std::move(a);
  if (resolved) e["resolved"] = resolved;
  return e;
}

json::object report(const std::string& filetype, json::array events, json::array segments = {}) {
  json::object ep{{"ep_type", filetype == "shellcode" ? "shellcode" : "module_entry"}, {"start_addr", 0x401000},
                  {"events", std::move(events)}, {"dynamic_code_segments", std::move(segments)}};
  return json::object{{"emulation_total_runtime", 0.1}, {"timestamp", 0}, {"filetype", filetype},
                      {"image_base", 0x400000}, {"entry_points", json::array{std::move(ep)}}};
}

std::set<int> ids_of(const json::object& rep, const Settings& s = default_settings()) {
  return hit_ids(evaluate(rep, s));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(synthetic)

BOOST_AUTO_TEST_CASE(rwx_protection_is_read_from_the_right_argument) {
  // VirtualAlloc(addr, size, type, protect): 0x40 in the type slot is not RWX.
  BOOST_TEST(ids_of(report("exe", {api("kernel32.VirtualAlloc", {"0x0", "0x1000", "0x40", "0x4"})})).count(2) == 0u);
  BOOST_TEST(ids_of(report("exe", {api("kernel32.VirtualAlloc", {"0x0", "0x1000", "0x3000", "0x40"})})).count(2) == 1u);
  // PAGE_EXECUTE_READ is executable but not writable.
  BOOST_TEST(ids_of(report("exe", {api("kernel32.VirtualProtect", {"0x401000", "0x1000", "0x20", "0x19ff00"})})).count(2) == 0u);
  BOOST_TEST(ids_of(report("exe", {api("kernel32.VirtualProtect", {"0x401000", "0x1000", "0x40", "0x19ff00"})})).count(2) == 1u);
  // PAGE_EXECUTE_WRITECOPY | PAGE_GUARD still counts; NtAllocateVirtualMemory's protect is the 6th argument.
  BOOST_TEST(ids_of(report("exe", {api("ntdll.NtAllocateVirtualMemory", {"0xffffffff", "0x19ff00", "0x0", "0x19fef8", "0x3000", "0x180"})})).count(2) == 1u);
  BOOST_TEST(ids_of(report("exe", {api("ntdll.NtProtectVirtualMemory", {"0xffffffff", "0x19ff00", "0x19fef8", "0x4", "0x19fef0"})})).count(2) == 0u);
}

BOOST_AUTO_TEST_CASE(rwx_signature_is_one_per_behaviour_not_per_call) {
  json::array evs;
  for (int i = 0; i < 100; ++i) evs.push_back(api("kernel32.VirtualAlloc", {"0x0", "0x1000", "0x3000", "0x40"}));
  auto t = evaluate(report("exe", std::move(evs)), default_settings());
  const auto& h = hit(t, 2);
  BOOST_TEST(h.at("signatures").as_array().size() == 1u);
  BOOST_TEST(h.at("score").as_int64() == 150);
  BOOST_TEST(t.at("score").as_int64() == 150);
  // Evidence is capped; the rest is counted.
  BOOST_TEST(h.at("evidence").as_array().size() + h.at("evidence_omitted").as_uint64() == 100u);
  BOOST_TEST(h.at("evidence").as_array().size() < 100u);
}

BOOST_AUTO_TEST_CASE(getprocaddress_threshold_is_inclusive_and_configurable) {
  auto calls = [](int n) {
    json::array evs;
    for (int i = 0; i < n; ++i) evs.push_back(api("kernel32.GetProcAddress", {"0x77000000", "Fn" + std::to_string(i)}));
    return report("exe", std::move(evs));
  };
  Settings s = default_settings();
  BOOST_TEST(ids_of(calls(s.getprocaddr_threshold - 1), s).count(4) == 0u);
  BOOST_TEST(ids_of(calls(s.getprocaddr_threshold), s).count(4) == 1u);
  s.getprocaddr_threshold = 3;
  BOOST_TEST(ids_of(calls(2), s).count(4) == 0u);
  BOOST_TEST(ids_of(calls(3), s).count(4) == 1u);
}

BOOST_AUTO_TEST_CASE(suspicious_dll_match_is_case_insensitive_and_configurable) {
  auto load = [](const std::string& name) { return report("exe", {api("kernel32.LoadLibraryA", {name})}); };
  BOOST_TEST(ids_of(load("ws2_32")).count(3) == 1u);
  BOOST_TEST(ids_of(load("C:\\Windows\\System32\\WS2_32.DLL")).count(3) == 1u);
  BOOST_TEST(ids_of(load("comctl32.dll")).count(3) == 0u);
  BOOST_TEST(ids_of(load("0x402000")).count(3) == 0u);  // an unreadable string argument
  Settings s = default_settings();
  s.sus_dlls = {"COMCTL32.dll"};
  BOOST_TEST(ids_of(load("comctl32.dll"), s).count(3) == 1u);
  BOOST_TEST(ids_of(load("ws2_32"), s).count(3) == 0u);
}

BOOST_AUTO_TEST_CASE(suspicious_api_matches_a_and_w_variants_only) {
  BOOST_TEST(ids_of(report("exe", {api("shell32.ShellExecuteW", {"0x0", "open", "x.exe"})})).count(5) == 1u);
  BOOST_TEST(ids_of(report("exe", {api("shell32.ShellExecuteExW", {"0x19ff00"})})).count(5) == 1u);
  // "connect" must not match "InternetConnectA" by substring, nor "WSAConnectByNameA"
  Settings s = default_settings();
  s.sus_apis = {"connect"};
  BOOST_TEST(ids_of(report("exe", {api("wininet.InternetConnectA", {"0x4", "a.example.com", "0x50"})}), s).count(5) == 0u);
  BOOST_TEST(ids_of(report("exe", {api("ws2_32.connect", {"0x80", "0x19ff00", "0x10"})}), s).count(5) == 1u);
}

BOOST_AUTO_TEST_CASE(shellcode_needs_api_calls) {
  BOOST_TEST(ids_of(report("shellcode", {})).count(7) == 0u);
  // A PE calling through its imports is not shellcode, wherever it runs.
  BOOST_TEST(ids_of(report("exe", {api("kernel32.Sleep", {"0x10"})})).count(7) == 0u);
  BOOST_TEST(ids_of(report("shellcode", {api("kernel32.Sleep", {"0x10"}, "0x0", 0x1010)})).count(7) == 1u);
}

BOOST_AUTO_TEST_CASE(dynamic_code_in_a_pe_needs_self_resolved_calls) {
  json::array seg{json::object{{"tag", "api.VirtualAlloc.0x520000"}, {"base", 0x520000}, {"size", 0x1000}}};
  // Called from the segment through an import: not shellcode-like.
  BOOST_TEST(ids_of(report("exe", {api("kernel32.Sleep", {"0x10"}, "0x0", 0x520010, "import")}, seg)).count(7) == 0u);
  // Called from the image, not the segment.
  BOOST_TEST(ids_of(report("exe", {api("kernel32.Sleep", {"0x10"}, "0x0", 0x401010, "dynamic")}, seg)).count(7) == 0u);
  BOOST_TEST(ids_of(report("exe", {api("kernel32.Sleep", {"0x10"}, "0x0", 0x520010, "dynamic")}, seg)).count(7) == 1u);
  // In-place unpacking (the image's own memory) is 20, not 7.
  json::array own{json::object{{"tag", "emu.module.sample"}, {"base", 0x401000}, {"size", 0x1000}}};
  auto ids = ids_of(report("exe", {api("kernel32.Sleep", {"0x10"}, "0x0", 0x401010, "dynamic")}, own));
  BOOST_TEST(ids.count(7) == 0u);
  BOOST_TEST(ids.count(20) == 1u);
  BOOST_TEST(ids.count(6) == 1u);
  // The same with this engine's image tag.
  json::array own2{json::object{{"tag", "image:sample.exe"}, {"base", 0x401000}, {"size", 0x1000}}};
  auto ids2 = ids_of(report("exe", {api("kernel32.Sleep", {"0x10"}, "0x0", 0x401010, "dynamic")}, own2));
  BOOST_TEST(ids2.count(7) == 0u);
  BOOST_TEST(ids2.count(20) == 1u);
}

BOOST_AUTO_TEST_CASE(export_walking_excludes_functions_looked_up_by_name) {
  auto looked_up = report("shellcode", {api("kernel32.GetProcAddress", {"0x77000000", "Sleep"}, "0x77001000", 0x1000, "dynamic"),
                                        api("kernel32.Sleep", {"0x10"}, "0x0", 0x1010, "dynamic")});
  auto t = evaluate(looked_up, default_settings());
  // GetProcAddress itself was found by walking; Sleep was not.
  const auto& h = hit(t, 12);
  BOOST_TEST(h.at("evidence").as_array().size() == 1u);
  BOOST_TEST(h.at("evidence").as_array()[0].at("api_name").as_string() == "kernel32.GetProcAddress");
  // A PE whose calls all go through imports walks nothing.
  BOOST_TEST(ids_of(report("exe", {api("kernel32.Sleep", {"0x10"}, "0x0", 0x401010, "import")})).count(12) == 0u);
}

BOOST_AUTO_TEST_CASE(injection_needs_the_whole_sequence) {
  auto wpm = api("kernel32.WriteProcessMemory", {"0x84", "0x2a0000", "0x19fd00", "0x104", "0x0"});
  auto crt = api("kernel32.CreateRemoteThread", {"0x84", "0x0", "0x0", "0x2a0000", "0x0", "0x0", "0x0"}, "0x88");
  BOOST_TEST(ids_of(report("exe", {wpm})).count(8) == 0u);
  BOOST_TEST(ids_of(report("exe", {crt})).count(8) == 0u);
  BOOST_TEST(ids_of(report("exe", {crt, wpm})).count(8) == 0u);  // thread before the write
  BOOST_TEST(ids_of(report("exe", {wpm, crt})).count(8) == 1u);
  // Writing into the current process (pseudo-handle -1) is not injection.
  auto self_wpm = api("kernel32.WriteProcessMemory", {"0xffffffff", "0x2a0000", "0x19fd00", "0x104", "0x0"});
  auto self_crt = api("kernel32.CreateRemoteThread", {"0xffffffff", "0x0", "0x0", "0x2a0000", "0x0", "0x0", "0x0"});
  BOOST_TEST(ids_of(report("exe", {self_wpm, self_crt})).count(8) == 0u);
  // An APC to the own thread without a remote write is not APC injection.
  BOOST_TEST(ids_of(report("exe", {api("kernel32.QueueUserAPC", {"0x401500", "0xfffffffe", "0x0"})})).count(11) == 0u);
}

BOOST_AUTO_TEST_CASE(sleep_forever_is_not_stalling) {
  BOOST_TEST(ids_of(report("exe", {api("kernel32.Sleep", {"0xffffffff"})})).count(14) == 0u);
  BOOST_TEST(ids_of(report("exe", {api("kernel32.Sleep", {"0xea5f"})})).count(14) == 0u);   // 59.999 s
  BOOST_TEST(ids_of(report("exe", {api("kernel32.Sleep", {"0xea60"})})).count(14) == 1u);   // 60 s
  // Many short sleeps add up, and the hit still shows them.
  json::array naps;
  for (int i = 0; i < 200; ++i) naps.push_back(api("kernel32.Sleep", {"0x1f4"}));  // 200 x 0.5 s
  auto t = evaluate(report("exe", std::move(naps)), default_settings());
  BOOST_TEST(!hit(t, 14).at("evidence").as_array().empty());
}

BOOST_AUTO_TEST_CASE(registry_reads_of_run_keys_are_not_persistence) {
  json::object open{{"pos", {{"tick", 1}, {"tid", 1}, {"pid", 1}}}, {"event", "reg_open_key"},
                    {"path", "HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run"}};
  BOOST_TEST(ids_of(report("exe", {open})).count(15) == 0u);
  json::object write = open;
  write["event"] = "reg_write_value";
  write["value_name"] = "x";
  BOOST_TEST(ids_of(report("exe", {write})).count(15) == 1u);
}

BOOST_AUTO_TEST_CASE(invalid_network_values_are_not_tagged) {
  auto t = evaluate(report("exe", {api("ws2_32.gethostbyname", {"not a host"}),
                                   api("ws2_32.gethostbyname", {"999.1.1.1"}),
                                   api("wininet.InternetOpenUrlA", {"0x4", "no-scheme.example.com/x"})}),
                    default_settings());
  BOOST_TEST(tag_values(t, "network.dynamic.domain").empty());
  BOOST_TEST(tag_values(t, "network.dynamic.ip").empty());
  BOOST_TEST(tag_values(t, "network.dynamic.uri").empty());
  auto ok = evaluate(report("exe", {api("ws2_32.gethostbyname", {"C2.Example.COM"})}), default_settings());
  BOOST_TEST(tag_values(ok, "network.dynamic.domain") == std::vector<std::string>{"c2.example.com"});
}

BOOST_AUTO_TEST_CASE(export_names_are_tagged_for_hits_inside_exports) {
  json::object ep{{"ep_type", "export.ServiceMain"}, {"start_addr", 0x10001000},
                  {"events", json::array{api("advapi32.CreateServiceA", {"0x190", "Svc", "Svc", "0xf01ff"})}}};
  json::object rep{{"emulation_total_runtime", 0.1}, {"timestamp", 0}, {"filetype", "dll"},
                   {"entry_points", json::array{ep}}};
  auto t = evaluate(rep, default_settings());
  BOOST_TEST(contains(tag_values(hit(t, 16), "file.pe.exports.function_name"), "ServiceMain"));
}

BOOST_AUTO_TEST_CASE(odd_reports_do_not_throw) {
  for (const char* text : {R"({})", R"({"entry_points": 5})", R"({"entry_points": [1, null, "x", {}]})",
                           R"({"filetype": 3, "entry_points": [{"events": [1, {"event": 2}, {"api_name": 7}]}]})",
                           R"({"entry_points": [{"events": [{"event": "api", "api_name": "kernel32.VirtualAlloc", "args": "x"}],
                               "dynamic_code_segments": [{"base": "zz"}, 4]}]})",
                           R"({"entry_points": [{"events": [{"event": "api", "api_name": "kernel32.", "args": [1, null],
                               "pos": {"pc": -4}}]}]})"}) {
    json::object rep = json::parse(text).as_object();
    json::object t;
    BOOST_CHECK_NO_THROW(t = evaluate(rep, default_settings()));
    BOOST_TEST(t.contains("hits"));
  }
}

BOOST_AUTO_TEST_CASE(settings_from_json_overrides_and_rejects) {
  Settings s = settings_from_json(json::parse(R"({"sus_dlls": ["evil.dll"], "getprocaddr_threshold": 5})"),
                                  default_settings());
  BOOST_TEST(s.sus_dlls == std::vector<std::string>{"evil.dll"});
  BOOST_TEST(s.getprocaddr_threshold == 5);
  BOOST_TEST(s.sus_apis == default_settings().sus_apis);
  BOOST_CHECK_THROW(settings_from_json(json::parse(R"({"sus_api": []})"), s), std::invalid_argument);
  BOOST_CHECK_THROW(settings_from_json(json::parse(R"({"sus_apis": [1]})"), s), std::invalid_argument);
  BOOST_CHECK_THROW(settings_from_json(json::parse(R"({"getprocaddr_threshold": 0})"), s), std::invalid_argument);
  BOOST_CHECK_THROW(settings_from_json(json::parse(R"([])"), s), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(scale)

// A report at the emulator's API-count limit and a few thousand segments:
// evaluation stays quick and the hit stays small.
BOOST_AUTO_TEST_CASE(large_report_is_evaluated_quickly) {
  json::array evs;
  for (int i = 0; i < 20000; ++i)
    evs.push_back(api("kernel32.VirtualAlloc", {"0x0", "0x1000", "0x3000", "0x40"}, hex(0x10000000u + i * 0x1000u),
                      0x1000 + i, nullptr));
  json::array segs;
  for (int i = 0; i < 2000; ++i)
    segs.push_back(json::object{{"tag", "dyn"}, {"base", 0x20000000u + i * 0x1000u}, {"size", 0x1000}});
  auto rep = report("shellcode", std::move(evs), std::move(segs));
  auto start = std::chrono::steady_clock::now();
  auto t = evaluate(rep, default_settings());
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  BOOST_TEST(secs < 5.0);
  BOOST_TEST(hit(t, 7).at("evidence").as_array().size() <= 25u);
  BOOST_TEST(json::serialize(t).size() < 200000u);
}

BOOST_AUTO_TEST_SUITE_END()
