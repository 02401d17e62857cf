#include <utility>

#include "triage/detectors.h"

namespace json = boost::json;

namespace emu::triage {

namespace {

// Heuristic id -> its detection function. Every table entry has one (a test
// checks that evaluate() knows every id).
const std::vector<std::pair<int, Detector>>& detectors() {
  static const std::vector<std::pair<int, Detector>> table = {
      {1, detect_tls_callbacks},        {2, detect_rwx_memory},
      {3, detect_suspicious_dll},       {4, detect_getprocaddress_count},
      {5, detect_suspicious_api},       {6, detect_dynamic_code},
      {7, detect_shellcode},            {8, detect_remote_thread_injection},
      {9, detect_process_hollowing},    {10, detect_thread_hijacking},
      {11, detect_apc_injection},       {12, detect_export_walking},
      {13, detect_debugger_checks},     {14, detect_sandbox_checks},
      {15, detect_run_key_persistence}, {16, detect_service_persistence},
      {17, detect_network_activity},    {18, detect_download},
      {19, detect_dropped_executable},  {20, detect_unpacked_code},
      {21, detect_rwx_code_executed},   {22, detect_command_shell},
  };
  return table;
}

// Assemblyline's verdict thresholds.
const char* verdict(int64_t score) {
  if (score >= 1000) return "malicious";
  if (score >= 700) return "highly_suspicious";
  if (score >= 300) return "suspicious";
  return "info";
}

}  // namespace

json::object evaluate(const json::object& report, const Settings& settings) {
  ReportView view(report);
  json::array hits;
  int64_t score = 0;
  TagSet all = collect_indicators(view);
  for (const Heuristic& h : heuristics()) {
    Hit hit(h.id);
    for (const auto& [id, fn] : detectors())
      if (id == h.id) fn(view, settings, hit);
    if (hit.empty()) continue;
    // One score per heuristic: its signatures name the behaviours, however
    // many calls showed them (the manifest's max_score equals the score).
    score += h.score;
    all.merge(hit.tags());
    hits.push_back(hit.to_json(h));
  }
  json::object out;
  out["score"] = score;
  out["verdict"] = verdict(score);
  out["hits"] = std::move(hits);
  out["tags"] = all.to_json();
  return out;
}

}  // namespace emu::triage
