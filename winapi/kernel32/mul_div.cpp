// kernel32 MulDiv: a * b / c with a 64-bit intermediate, rounded to the
// nearest integer (halves away from zero); -1 when c is 0 or the result does
// not fit in 32 bits (Windows documentation of MulDiv).
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

uint64_t MulDiv(Call&, int32_t a, int32_t b, int32_t c) {
  if (c == 0) return static_cast<uint32_t>(-1);
  const int64_t p = static_cast<int64_t>(a) * b;
  const int64_t q = p / c, r = p % c;
  int64_t v = q;
  // Round half away from zero: |2r| >= |c|.
  if ((r < 0 ? -r : r) * 2 >= (c < 0 ? -static_cast<int64_t>(c) : c)) v += ((p < 0) != (c < 0)) ? -1 : 1;
  if (v > INT32_MAX || v < INT32_MIN) return static_cast<uint32_t>(-1);
  return static_cast<uint32_t>(static_cast<int32_t>(v));
}

}  // namespace

void register_kernel32_mul_div(ApiRegistry& r) {
  auto t = r.table("kernel32");
  t.add<&MulDiv>("MulDiv");
}

}  // namespace emu::winapi
