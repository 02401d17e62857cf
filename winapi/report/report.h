// Builds the Speakeasy-schema (3.0.0) report from a finished session.
#pragma once

#include <string>
#include <vector>

#include <boost/json.hpp>

#include "winapi/engine.h"

namespace emu::winapi {

class Session;

struct ReportInputs {
  const Input* input = nullptr;
  std::string filetype;   // exe | dll | driver | shellcode
  double runtime_seconds = 0;
};

boost::json::object build_report(Session& s, const ReportInputs& in, std::vector<Artifact>& artifacts);
// The skeleton every report has (also for rejected inputs).
boost::json::object report_header(const Input& in);
// apihash: SHA-256 (hex) of the unique lower-case API names in first-seen
// order, joined with "," (e.g. "kernel32.getprocaddress,user32.messageboxa").
std::string api_hash(const std::vector<std::string>& names);
// Printable ASCII and UTF-16LE runs of at least `min_len` characters.
void extract_strings(const uint8_t* data, size_t n, size_t min_len, std::vector<std::string>& ansi,
                     std::vector<std::string>& unicode, size_t max_count);

}  // namespace emu::winapi
