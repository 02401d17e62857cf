// Triage: turns an emulation report (Speakeasy report schema 3.0.0) into
// scored heuristic hits with evidence, ATT&CK ids and Assemblyline tags.
// It reads only the report JSON; see triage/README.md for the fields it
// relies on (the contract with the engine).
#pragma once

#include <string>
#include <vector>

#include <boost/json.hpp>

namespace emu::triage {

// One entry of the heuristic table. The Assemblyline service manifest lists
// the same ids, names, scores and ATT&CK ids (a test compares them).
struct Heuristic {
  int id;
  std::string name;
  int score;
  std::vector<std::string> attack_ids;
  std::string description;
};

// The table, ordered by id. Ids are stable: never renumber.
const std::vector<Heuristic>& heuristics();

// Looks up one heuristic; nullptr for an unknown id.
const Heuristic* find_heuristic(int id);

// What the service configuration can override (SUS_APIS, SUS_DLLS,
// GETPROCADDR_THRESHOLD). Names compare case-insensitively; an API name may
// be given without its A/W suffix ("CreateProcess" matches CreateProcessA/W).
struct Settings {
  std::vector<std::string> sus_apis;
  std::vector<std::string> sus_dlls;
  int getprocaddr_threshold;
};
Settings default_settings();

// Applies a JSON object {"sus_apis": [..], "sus_dlls": [..],
// "getprocaddr_threshold": N} (each key optional) over `base`. A wrong type
// or an unknown key throws std::invalid_argument naming the key.
Settings settings_from_json(const boost::json::value& v, Settings base);

// Evaluates every heuristic over the report. The result is the report's
// "triage" top-level key:
//   { "score": total, "hits": [ {id, name, score, attack_ids, description,
//       signatures: [..], evidence: [..], evidence_omitted, tags: {path: [..]}} ],
//     "tags": {path: [values]} }   (every tag of the run, hits' tags included)
// A report of the wrong shape is read as far as it makes sense; evaluate
// never throws on odd input.
boost::json::object evaluate(const boost::json::object& report, const Settings& settings);

// A few human-readable lines for the emulate command's summary.
std::string summary_text(const boost::json::object& triage);

}  // namespace emu::triage
