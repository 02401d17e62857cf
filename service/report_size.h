// Keeps a report under a byte limit: the events of the longest entry points
// are cut from the end (a note says how many were dropped) until the
// serialized report fits, and "limits_hit" records it.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <string>

namespace emu::service {

// Returns the serialized report, at most max_bytes long when that is at all
// possible (a report with no events left is returned as it is).
std::string serialize_within(boost::json::object& report, uint64_t max_bytes);

}  // namespace emu::service
