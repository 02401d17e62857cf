#include "cpu/code_cache.h"

#include <algorithm>
#include <cstring>

#include "cpu/decoder.h"

namespace emu::cpu {

// ---- handlers owned by the cache -------------------------------------------

const Insn* h_block_end(State& s, const Insn* i) {
  s.rip = i->pc;  // the sentinel's pc is the fall-through address
  return nullptr;
}

// Installed over every record of an invalidated block: leave before it runs.
const Insn* h_stale(State& s, const Insn* i) { return s.exit_at(i); }

const Insn* h_trap(State& s, const Insn* i) {
  s.stopped = true;
  s.stop.kind = StopKind::Trap;
  s.stop.pc = i->pc;
  s.stop.fault = FaultKind::None;
  return s.exit_at(i);
}

const Insn* h_unimplemented(State& s, const Insn* i) {
  s.stopped = true;
  s.stop.kind = StopKind::Unimplemented;
  s.stop.pc = i->pc;
  s.stop.fault = FaultKind::None;
  const char* m = ZydisMnemonicGetString(static_cast<ZydisMnemonic>(i->mnemonic));
  s.stop.mnemonic = m ? m : "invalid";
  return s.exit_at(i);
}

const Insn* h_invalid_opcode(State& s, const Insn* i) { return s.fault(i, FaultKind::InvalidOpcode); }
const Insn* h_general_protection(State& s, const Insn* i) {
  return s.fault(i, FaultKind::GeneralProtection);
}

// ---- cache -----------------------------------------------------------------

CodeCache::CodeCache(State& s, Mode mode) : s_(s), mode_(mode) {
  ZydisDecoderInit(&decoder_, zydis_mode(mode),
                   mode == Mode::X64 ? ZYDIS_STACK_WIDTH_64 : ZYDIS_STACK_WIDTH_32);
}

CodeCache::~CodeCache() = default;

void CodeCache::kill(Block* b) {
  if (b->dead) return;
  b->dead = true;
  for (Insn& r : b->insns) r.fn = &h_stale;
  Fast& f = fast_[slot(b->pc)];
  if (f.block == b) f = Fast{};
  for (uint64_t pg : {b->page0, b->page1}) {
    auto it = by_page_.find(pg);
    if (it == by_page_.end()) continue;
    auto& v = it->second;
    v.erase(std::remove(v.begin(), v.end(), b), v.end());
    if (v.empty()) by_page_.erase(it);
  }
  auto it = blocks_.find(b->pc);
  if (it != blocks_.end() && it->second.get() == b) {
    // Freed later (free_garbage): the block may be executing right now.
    records_ -= std::min<uint64_t>(records_, b->insns.size());
    garbage_.push_back(std::move(it->second));
    blocks_.erase(it);
  }
}

void CodeCache::invalidate_page(uint64_t page_base) {
  auto it = by_page_.find(page_base);
  if (it == by_page_.end()) return;
  std::vector<Block*> victims = it->second;
  for (Block* b : victims) kill(b);
}

void CodeCache::flush() {
  std::vector<Block*> all;
  all.reserve(blocks_.size());
  for (auto& [pc, b] : blocks_) all.push_back(b.get());
  for (Block* b : all) kill(b);
  for (Fast& f : fast_) f = Fast{};
  records_ = 0;
}

void CodeCache::add_trap_range(uint64_t begin, uint64_t end) {
  if (end <= begin) return;
  traps_.emplace_back(begin, end);
  std::sort(traps_.begin(), traps_.end());
  flush();
}

bool CodeCache::is_trap(uint64_t pc) const {
  // Ranges are few and sorted by begin; any range with begin <= pc may hold pc.
  auto it = std::upper_bound(traps_.begin(), traps_.end(), std::pair<uint64_t, uint64_t>(pc, ~uint64_t(0)));
  for (auto r = traps_.begin(); r != it; ++r)
    if (pc < r->second) return true;
  return false;
}

size_t CodeCache::fetch(uint64_t pc, uint8_t* buf) const {
  size_t n = 0;
  while (n < ZYDIS_MAX_INSTRUCTION_LENGTH) {
    const uint64_t a = (pc + n) & s_.mode_mask;
    const Page* p = s_.mem->page(a);
    if (!p || !s_.mem->executable(p->perms) || (p->perms & kPermGuard)) break;
    size_t chunk = std::min<size_t>(ZYDIS_MAX_INSTRUCTION_LENGTH - n, kPageSize - (a & kPageMask));
    std::memcpy(buf + n, p->data + (a & kPageMask), chunk);
    n += chunk;
  }
  return n;
}

void CodeCache::fetch_fault(uint64_t pc, uint64_t addr) {
  s_.stopped = true;
  s_.stop.kind = StopKind::Fault;
  s_.stop.pc = pc;
  s_.stop.address = addr;
  s_.stop.access = Access::Execute;
  s_.stop.fault = FaultKind::PageFault;
  Page* p = s_.mem->page(addr);
  if (p && (p->perms & kPermGuard)) {
    s_.stop.fault = FaultKind::GuardPage;
    s_.mem->protect(page_floor(addr), kPageSize, p->perms & ~kPermGuard);
  }
  s_.rip = pc;
}

static bool ends_block(const ZydisDecodedInstruction& zi) {
  switch (zi.meta.category) {
    case ZYDIS_CATEGORY_COND_BR:
    case ZYDIS_CATEGORY_UNCOND_BR:
    case ZYDIS_CATEGORY_CALL:
    case ZYDIS_CATEGORY_RET:
    case ZYDIS_CATEGORY_SYSCALL:
    case ZYDIS_CATEGORY_INTERRUPT:
    case ZYDIS_CATEGORY_SYSTEM:
      return true;
    default:
      break;
  }
  switch (zi.mnemonic) {
    case ZYDIS_MNEMONIC_HLT:
    case ZYDIS_MNEMONIC_UD0:
    case ZYDIS_MNEMONIC_UD1:
    case ZYDIS_MNEMONIC_UD2:
    case ZYDIS_MNEMONIC_INT3:
    case ZYDIS_MNEMONIC_INT:
    case ZYDIS_MNEMONIC_INTO:
    case ZYDIS_MNEMONIC_POPF:
    case ZYDIS_MNEMONIC_POPFD:
    case ZYDIS_MNEMONIC_POPFQ:
    case ZYDIS_MNEMONIC_LOOP:
    case ZYDIS_MNEMONIC_LOOPE:
    case ZYDIS_MNEMONIC_LOOPNE:
    case ZYDIS_MNEMONIC_JCXZ:
    case ZYDIS_MNEMONIC_JECXZ:
    case ZYDIS_MNEMONIC_JRCXZ:
      return true;
    default:
      return false;
  }
}

static bool always_leaves(Handler fn) {
  return fn == &h_unimplemented || fn == &h_invalid_opcode || fn == &h_general_protection ||
         fn == &h_trap;
}

std::unique_ptr<Block> CodeCache::build(uint64_t pc, unsigned max_insns) {
  auto b = std::make_unique<Block>();
  b->pc = pc;
  b->page0 = b->page1 = page_floor(pc);
  b->insns.reserve(std::min(max_insns, 16u) + 1);
  uint64_t cur = pc;
  bool open = true;  // needs a fall-through sentinel
  while (b->insns.size() < max_insns) {
    if (!b->insns.empty() && (page_floor(cur) != b->page0 || is_trap(cur))) break;
    Insn rec{};
    rec.pc = cur;
    rec.base = rec.index = kZeroReg;
    if (is_trap(cur)) {
      rec.fn = &h_trap;
      rec.len = 0;
      b->insns.push_back(rec);
      open = false;
      break;
    }
    uint8_t buf[ZYDIS_MAX_INSTRUCTION_LENGTH];
    const size_t avail = fetch(cur, buf);
    if (avail == 0) {
      if (b->insns.empty()) {
        fetch_fault(cur, cur);
        return nullptr;
      }
      break;
    }
    ZydisDecodedInstruction zi;
    ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];
    ZyanStatus st = ZydisDecoderDecodeFull(&decoder_, buf, avail, &zi, ops);
    if (!ZYAN_SUCCESS(st)) {
      if (!b->insns.empty()) break;  // let the next block report it at its own address
      if (st == ZYDIS_STATUS_NO_MORE_DATA && avail < ZYDIS_MAX_INSTRUCTION_LENGTH) {
        fetch_fault(cur, (cur + avail) & s_.mode_mask);
        return nullptr;
      }
      rec.fn = &h_invalid_opcode;
      rec.len = 1;
      b->insns.push_back(rec);
      open = false;
      break;
    }
    rec.len = zi.length;
    rec.mnemonic = static_cast<uint16_t>(zi.mnemonic);
    rec.osz = static_cast<uint8_t>(zi.operand_width / 8);
    Decoded d{zi, ops, mode_, cur};
    // Privileged instructions raise #GP at user level; hlt stops the run and
    // cli/sti are accepted as no-ops (the product profile).
    if ((zi.attributes & ZYDIS_ATTRIB_IS_PRIVILEGED) && zi.mnemonic != ZYDIS_MNEMONIC_HLT &&
        zi.mnemonic != ZYDIS_MNEMONIC_CLI && zi.mnemonic != ZYDIS_MNEMONIC_STI) {
      rec.fn = &h_general_protection;
    } else {
      if (!registry().select(d, rec)) {
        Insn u{};
        u.pc = cur;
        u.len = zi.length;
        u.mnemonic = rec.mnemonic;
        u.base = u.index = kZeroReg;
        u.fn = &h_unimplemented;
        rec = u;
      }
    }
    b->insns.push_back(rec);
    const uint64_t last = (cur + zi.length - 1) & s_.mode_mask;
    if (page_floor(last) != b->page0) b->page1 = page_floor(last);
    cur = (cur + zi.length) & s_.mode_mask;
    if (always_leaves(rec.fn)) {
      open = false;
      break;
    }
    if (ends_block(zi)) {
      // Branch handlers leave by themselves; stops like cpuid fall through.
      open = true;
      break;
    }
  }
  b->count = static_cast<uint32_t>(b->insns.size());
  for (uint32_t k = 0; k < b->count; ++k) b->insns[k].rem = static_cast<uint16_t>(b->count - k);
  if (open) {
    Insn end{};
    end.fn = &h_block_end;
    end.pc = cur;
    end.rem = 0;
    end.base = end.index = kZeroReg;
    b->insns.push_back(end);
  }
  return b;
}

Block* CodeCache::lookup_slow(uint64_t pc) {
  // No block executes here, so blocks killed by code writes can go.
  free_garbage();
  if (!enabled_) {
    scratch_ = build(pc, 1);
    return scratch_.get();
  }
  auto it = blocks_.find(pc);
  Block* b;
  if (it != blocks_.end()) {
    b = it->second.get();
  } else {
    if (records_ > kMaxRecords) {
      flush();
      free_garbage();
    }
    std::unique_ptr<Block> nb = build(pc, kMaxBlockInsns);
    if (!nb) return nullptr;
    records_ += nb->insns.size();
    b = nb.get();
    s_.mem->mark_code(b->page0);
    by_page_[b->page0].push_back(b);
    if (b->page1 != b->page0) {
      s_.mem->mark_code(b->page1);
      by_page_[b->page1].push_back(b);
    }
    blocks_.emplace(pc, std::move(nb));
  }
  fast_[slot(pc)] = Fast{pc, b};
  return b;
}

}  // namespace emu::cpu
