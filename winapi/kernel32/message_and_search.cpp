// kernel32 FormatMessage (a generic "Error N" text) and SearchPath (system32
// in the virtual file system).
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

template <class S> uint64_t FormatMessage(Call& c, uint32_t flags, Ptr, uint32_t id, uint32_t, Ptr buf, uint32_t n, Ptr) {
  const std::string text = "Error " + std::to_string(id) + "\r\n";
  if (flags & 0x100) {  // FORMAT_MESSAGE_ALLOCATE_BUFFER
    const uint64_t b = c.s.heap_alloc((text.size() + 1) * 2);
    c.s.write_str<S>(b, text);
    c.s.write_ptr(buf, b);
    return text.size();
  }
  if (n <= text.size()) return fail(c, kErrInsufficientBuffer);
  c.s.write_str<S>(buf, text, n);
  return text.size();
}
template <class S> uint64_t SearchPath(Call& c, S, S file, S ext, uint32_t n, Ptr buf, Ptr part) {
  std::string f = file.str;
  if (!ext.null() && f.find('.') == std::string::npos) f += ext.str;
  const std::string full = "C:\\Windows\\system32\\" + f;
  if (!c.s.vfs.exists(full)) return fail(c, kErrFileNotFound);
  const uint64_t r = copy_out<S>(c, buf, n, full);
  if (part && r < n) c.s.write_ptr(part, buf + (full.size() - f.size()) * (S::wide ? 2 : 1));
  return r;
}

}  // namespace

void register_kernel32_message_and_search(ApiRegistry& r) {
  auto t = r.table("kernel32");
  t.add<&FormatMessage<AStr>>("FormatMessageA");
  t.add<&FormatMessage<WStr>>("FormatMessageW");
  t.add<&SearchPath<AStr>>("SearchPathA");
  t.add<&SearchPath<WStr>>("SearchPathW");
}

}  // namespace emu::winapi
