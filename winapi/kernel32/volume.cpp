// kernel32 volumes: the configured drives' volume GUID paths and mount points.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

template <class S> uint64_t FindFirstVolume(Call& c, Ptr buf, uint32_t n) {
  c.s.write_str<S>(buf, c.s.cfg.drives.empty() ? "\\\\?\\Volume{bb1d6623-5e53-11ea-a949-100000000001}\\" : c.s.cfg.drives[0].volume_guid_path, n);
  return c.s.handles.add(std::make_shared<GenericObject>("volfind"));
}
template <class S> uint64_t FindNextVolume(Call& c, Handle, Ptr, uint32_t) { return fail(c, kErrNoMoreFiles); }
template <class S> uint64_t GetVolumePathNamesForVolumeName(Call& c, S, Ptr buf, uint32_t n, Ptr ret) {
  if (n >= 5) {
    if constexpr (S::wide) c.s.mem.write(buf, u"C:\\\0", 10);
    else c.s.mem.write(buf, "C:\\\0", 5);
  }
  if (ret) c.s.write_u32(ret, 5);
  return 1;
}

}  // namespace

void register_kernel32_volume(ApiRegistry& r) {
  auto t = r.table("kernel32");
  t.add<&FindFirstVolume<AStr>>("FindFirstVolumeA");
  t.add<&FindFirstVolume<WStr>>("FindFirstVolumeW");
  t.add<&FindNextVolume<AStr>>("FindNextVolumeA");
  t.add<&FindNextVolume<WStr>>("FindNextVolumeW");
  t.add<constant_result<1, 1>>("FindVolumeClose");
  t.add<&GetVolumePathNamesForVolumeName<AStr>>("GetVolumePathNamesForVolumeNameA");
  t.add<&GetVolumePathNamesForVolumeName<WStr>>("GetVolumePathNamesForVolumeNameW");
  t.add<constant_result<1, 2>>("SetVolumeMountPointA");
  t.add<constant_result<1, 2>>("SetVolumeMountPointW");
  t.add<constant_result<1, 1>>("DeleteVolumeMountPointA");
}

}  // namespace emu::winapi
