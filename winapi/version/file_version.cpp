// version.dll: files carry no version resource here (ERROR_RESOURCE_TYPE_NOT_FOUND).
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

template <class S> uint64_t GetFileVersionInfoSize(Call& c, S, Ptr) { return fail(c, 1813); }
template <class S> uint64_t GetFileVersionInfo(Call& c, S, uint32_t, uint32_t, Ptr) { return fail(c, 1813); }
template <class S> uint64_t VerQueryValue(Call&, Ptr, S, Ptr, Ptr) { return 0; }

}  // namespace

void register_version_file_version(ApiRegistry& r) {
  auto t = r.table("version");
  t.add<&GetFileVersionInfoSize<AStr>>("GetFileVersionInfoSizeA");
  t.add<&GetFileVersionInfoSize<WStr>>("GetFileVersionInfoSizeW");
  t.add<&GetFileVersionInfo<AStr>>("GetFileVersionInfoA");
  t.add<&GetFileVersionInfo<WStr>>("GetFileVersionInfoW");
  t.add<&VerQueryValue<AStr>>("VerQueryValueA");
  t.add<&VerQueryValue<WStr>>("VerQueryValueW");
}

}  // namespace emu::winapi
