// Slow paths of guest memory access: TLB refill, permission and guard-page
// checks, page-crossing accesses and stores into pages that hold code.
#include <algorithm>

#include "cpu/state.h"

namespace emu::cpu {

namespace {

bool allowed(const Memory& mem, uint8_t perms, Access acc, bool need_read_too) {
  switch (acc) {
    case Access::Read: return perms & kPermRead;
    case Access::Write: return (perms & kPermWrite) && (!need_read_too || (perms & kPermRead));
    case Access::Execute: return mem.executable(perms);
  }
  return false;
}

}  // namespace

// Returns the page's data (nullptr after recording the fault).
uint8_t* State::translate(const Insn* i, uint64_t a, Access acc, bool need_read_too) {
  Page* p = mem->page(a);
  if (!p) {
    fault(i, FaultKind::PageFault, a, acc);
    return nullptr;
  }
  if (p->perms & kPermGuard) {
    // First touch: report once, then the page behaves normally.
    const uint8_t perms = p->perms & ~kPermGuard;
    fault(i, FaultKind::GuardPage, a, acc);
    mem->protect(page_floor(a), kPageSize, perms);
    return nullptr;
  }
  if (!allowed(*mem, p->perms, acc, need_read_too)) {
    Access reported = acc;
    if (acc == Access::Write && need_read_too && !(p->perms & kPermRead)) reported = Access::Read;
    fault(i, FaultKind::PageFault, a, reported);
    return nullptr;
  }
  if (mem->generation() != tlb_gen) flush_tlb();
  const uint64_t base = page_floor(a);
  const unsigned idx = tlb_index(a);
  uint8_t* addend = p->data - base;
  // A watched page stays out of both TLBs so that every read of it comes
  // here and is reported (Memory::watch_reads).
  if (EMU_UNLIKELY(p->watched)) {
    if (acc == Access::Read || need_read_too) mem->notify_watched_read(a);
    if (acc == Access::Write) p->written = true;
    return p->data;
  }
  if (p->perms & kPermRead) rtlb[idx] = TlbSlot{base, addend};
  if (acc == Access::Write) {
    p->written = true;
    if ((p->perms & kPermRead) && (p->perms & kPermWrite) && !p->has_code) wtlb[idx] = TlbSlot{base, addend};
  }
  return p->data;
}

bool State::read_slow(const Insn* i, uint64_t a, void* v, size_t n) {
  auto* out = static_cast<uint8_t*>(v);
  const size_t first = std::min<size_t>(n, kPageSize - (a & kPageMask));
  uint8_t* p0 = translate(i, a, Access::Read, false);
  if (!p0) return false;
  if (first == n) {
    std::memcpy(out, p0 + (a & kPageMask), n);
    return true;
  }
  const uint64_t a1 = (a + first) & mode_mask;
  uint8_t* p1 = translate(i, a1, Access::Read, false);
  if (!p1) return false;
  std::memcpy(out, p0 + (a & kPageMask), first);
  std::memcpy(out + first, p1, n - first);
  return true;
}

bool State::rmw_slow(const Insn* i, uint64_t a, void* v, size_t n) {
  auto* out = static_cast<uint8_t*>(v);
  const size_t first = std::min<size_t>(n, kPageSize - (a & kPageMask));
  uint8_t* p0 = translate(i, a, Access::Write, true);
  if (!p0) return false;
  if (first == n) {
    std::memcpy(out, p0 + (a & kPageMask), n);
    return true;
  }
  const uint64_t a1 = (a + first) & mode_mask;
  uint8_t* p1 = translate(i, a1, Access::Write, true);
  if (!p1) return false;
  std::memcpy(out, p0 + (a & kPageMask), first);
  std::memcpy(out + first, p1, n - first);
  return true;
}

bool State::write_slow(const Insn* i, uint64_t a, const void* v, size_t n) {
  const auto* in = static_cast<const uint8_t*>(v);
  const size_t first = std::min<size_t>(n, kPageSize - (a & kPageMask));
  const uint64_t a1 = (a + first) & mode_mask;
  // Check every page before storing anything: a faulting store changes nothing.
  uint8_t* p0 = translate(i, a, Access::Write, false);
  if (!p0) return false;
  uint8_t* p1 = nullptr;
  if (first < n) {
    p1 = translate(i, a1, Access::Write, false);
    if (!p1) return false;
  }
  std::memcpy(p0 + (a & kPageMask), in, first);
  if (p1) std::memcpy(p1, in + first, n - first);
  // A store into decoded code drops that code (the executing block leaves
  // before its next record: see h_stale).
  if (Page* pg = mem->page(a); pg && pg->has_code) mem->notify_code_write(*pg, page_floor(a));
  if (p1) {
    if (Page* pg = mem->page(a1); pg && pg->has_code) mem->notify_code_write(*pg, page_floor(a1));
  }
  return true;
}

bool State::probe(const Insn* i, uint64_t a, size_t n, Access acc) {
  if (n == 0) return true;
  uint64_t cur = a;
  uint64_t left = n;
  while (left) {
    if (!translate(i, cur, acc, false)) return false;
    const uint64_t chunk = std::min<uint64_t>(left, kPageSize - (cur & kPageMask));
    left -= chunk;
    cur = (cur + chunk) & mode_mask;
  }
  return true;
}

bool cond_dynamic(const State& s, int cc) {
  switch (cc & 15) {
    case 0: return cond<0>(s);
    case 1: return cond<1>(s);
    case 2: return cond<2>(s);
    case 3: return cond<3>(s);
    case 4: return cond<4>(s);
    case 5: return cond<5>(s);
    case 6: return cond<6>(s);
    case 7: return cond<7>(s);
    case 8: return cond<8>(s);
    case 9: return cond<9>(s);
    case 10: return cond<10>(s);
    case 11: return cond<11>(s);
    case 12: return cond<12>(s);
    case 13: return cond<13>(s);
    case 14: return cond<14>(s);
    default: return cond<15>(s);
  }
}

}  // namespace emu::cpu
