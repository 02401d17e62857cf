// Estimated serialized size of a JSON value, without serializing it: what
// the engine uses to stop storing events once a report could not hold them.
#pragma once

#include <cstdint>

#include <boost/json.hpp>

namespace emu::winapi {

// Bytes boost::json::serialize would produce: exact, except that a double
// counts as 24 bytes and a control character in a string as six (\u00XX;
// \n and the like are shorter).
uint64_t approx_serialized_size(const boost::json::value& v);

}  // namespace emu::winapi
