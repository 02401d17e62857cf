// shlwapi path and string helpers.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

template <class S> uint64_t PathRemoveExtension(Call& c, S p) {
  const size_t dot = p.str.rfind('.');
  const size_t slash = p.str.find_last_of("\\/");
  if (dot != std::string::npos && (slash == std::string::npos || dot > slash)) c.s.write_str<S>(p.ptr, p.str.substr(0, dot));
  return 0;
}
template <class S> uint64_t StrChr(Call&, S s, uint32_t ch) {
  const size_t i = s.str.find(static_cast<char>(ch));
  if (i == std::string::npos) return 0;
  return s.ptr + (S::wide ? utf8_to_utf16(s.str.substr(0, i)).size() * 2 : i);
}
template <class S> uint64_t StrCmpNI(Call&, S a, S b, int32_t n) {
  std::string x = lower(a.str).substr(0, std::max(n, 0)), y = lower(b.str).substr(0, std::max(n, 0));
  return static_cast<uint64_t>(static_cast<int64_t>(x < y ? -1 : x > y ? 1 : 0));
}

}  // namespace

void register_shlwapi_path_string(ApiRegistry& r) {
  auto t = r.table("shlwapi");
  t.add<&PathRemoveExtension<AStr>>("PathRemoveExtensionA");
  t.add<&PathRemoveExtension<WStr>>("PathRemoveExtensionW");
  t.add<&StrChr<AStr>>("StrChrA");
  t.add<&StrChr<WStr>>("StrChrW");
  t.add<&StrCmpNI<AStr>>("StrCmpNIA");
  t.add<&StrCmpNI<WStr>>("StrCmpNIW");
}

}  // namespace emu::winapi
