#include "winapi/report/json_size.h"

namespace emu::winapi {

namespace {

uint64_t string_size(boost::json::string_view s) {
  uint64_t n = s.size() + 2;
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') n += 1;
    else if (c < 0x20) n += 5;  // \u00XX (\n and friends are shorter: an overestimate)
  }
  return n;
}

uint64_t digits(uint64_t v) {
  uint64_t n = 1;
  while (v >= 10) { v /= 10; ++n; }
  return n;
}

}  // namespace

uint64_t approx_serialized_size(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null: return 4;
    case boost::json::kind::bool_: return v.get_bool() ? 4 : 5;
    case boost::json::kind::int64: {
      const int64_t i = v.get_int64();
      return i < 0 ? 1 + digits(0 - static_cast<uint64_t>(i)) : digits(static_cast<uint64_t>(i));
    }
    case boost::json::kind::uint64: return digits(v.get_uint64());
    case boost::json::kind::double_: return 24;
    case boost::json::kind::string: return string_size(v.get_string());
    case boost::json::kind::array: {
      const auto& a = v.get_array();
      uint64_t n = 2 + (a.empty() ? 0 : a.size() - 1);
      for (const auto& x : a) n += approx_serialized_size(x);
      return n;
    }
    case boost::json::kind::object: {
      const auto& o = v.get_object();
      uint64_t n = 2 + (o.empty() ? 0 : o.size() - 1);
      for (const auto& kv : o) n += string_size(kv.key()) + 1 + approx_serialized_size(kv.value());
      return n;
    }
  }
  return 0;
}

}  // namespace emu::winapi
