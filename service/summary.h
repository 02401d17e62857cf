// The short human summary `emulate` prints for each input: file, arch,
// entry points with how each ended, API count, events by kind, dynamic
// code, errors and the triage verdict.
#pragma once

#include <boost/json.hpp>
#include <string>

namespace emu::service {

std::string human_summary(const boost::json::object& report);

}  // namespace emu::service
