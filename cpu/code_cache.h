// The decode cache: basic blocks of decoded records keyed by guest address,
// with per-page invalidation for self-modifying code.
#pragma once

#include <Zydis/Zydis.h>

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <utility>
#include <vector>

#include "cpu/insn.h"
#include "cpu/state.h"

namespace emu::cpu {

// A run of records ending at a control transfer, a stop, a page boundary,
// a trap address or kMaxBlockInsns. `insns` holds `count` real records and,
// unless the last one always leaves the block, a sentinel (rem == 0) that
// sets rip to the fall-through address.
struct Block {
  uint64_t pc = 0;
  uint64_t page0 = 0, page1 = 0;  // page bases the block's bytes cover (equal if one)
  uint32_t count = 0;
  bool dead = false;
  std::vector<Insn> insns;
};

class CodeCache {
 public:
  static constexpr unsigned kMaxBlockInsns = 64;
  // Decoded records kept before the whole cache is dropped (bounds memory
  // when hostile code jumps into every byte offset: ~48 MiB).
  static constexpr uint64_t kMaxRecords = 1u << 20;

  CodeCache(State& s, Mode mode);
  ~CodeCache();
  CodeCache(const CodeCache&) = delete;
  CodeCache& operator=(const CodeCache&) = delete;

  // The block starting at pc, decoded on a miss. nullptr (with the fetch
  // fault stored in the State) if pc cannot be fetched.
  Block* lookup(uint64_t pc) {
    Fast& f = fast_[slot(pc)];
    if (EMU_LIKELY(f.pc == pc && f.block)) return f.block;
    return lookup_slow(pc);
  }

  // Front-table probe only (no decoding): nullptr on a miss.
  Block* lookup_fast(uint64_t pc) const {
    const Fast& f = fast_[slot(pc)];
    return f.pc == pc ? f.block : nullptr;
  }

  void invalidate_page(uint64_t page_base);
  void flush();
  void free_garbage() {
    if (!garbage_.empty()) garbage_.clear();
  }
  void add_trap_range(uint64_t begin, uint64_t end);
  bool is_trap(uint64_t pc) const;
  void set_enabled(bool on) {
    if (on != enabled_) flush();
    enabled_ = on;
  }
  bool enabled() const { return enabled_; }

  // Decodes the instruction at addr for disassembly (no permission checks).
  static constexpr ZydisMachineMode zydis_mode(Mode m) {
    return m == Mode::X64 ? ZYDIS_MACHINE_MODE_LONG_64 : ZYDIS_MACHINE_MODE_LEGACY_32;
  }

 private:
  struct Fast {
    uint64_t pc = 0;
    Block* block = nullptr;
  };
  static constexpr unsigned kFastSize = 4096;
  static unsigned slot(uint64_t pc) { return static_cast<unsigned>((pc ^ (pc >> 12)) & (kFastSize - 1)); }

  Block* lookup_slow(uint64_t pc);
  // Builds the block at pc (at most max_insns). nullptr + State stop on a fetch fault at pc.
  std::unique_ptr<Block> build(uint64_t pc, unsigned max_insns);
  // Copies up to 15 fetchable bytes at pc; returns how many.
  size_t fetch(uint64_t pc, uint8_t* buf) const;
  // Records the fault of fetching `addr` (execute access) into the State.
  void fetch_fault(uint64_t pc, uint64_t addr);
  void kill(Block* b);

  State& s_;
  Mode mode_;
  ZydisDecoder decoder_;
  bool enabled_ = true;
  Fast fast_[kFastSize];
  std::unordered_map<uint64_t, std::unique_ptr<Block>> blocks_;
  std::unordered_map<uint64_t, std::vector<Block*>> by_page_;
  std::vector<std::unique_ptr<Block>> garbage_;
  std::unique_ptr<Block> scratch_;
  uint64_t records_ = 0;  // the uncached block in no-cache mode
  std::vector<std::pair<uint64_t, uint64_t>> traps_;
};

// Handlers the cache installs itself.
const Insn* h_block_end(State& s, const Insn* i);
const Insn* h_stale(State& s, const Insn* i);
const Insn* h_trap(State& s, const Insn* i);
const Insn* h_unimplemented(State& s, const Insn* i);
const Insn* h_invalid_opcode(State& s, const Insn* i);
const Insn* h_general_protection(State& s, const Insn* i);

}  // namespace emu::cpu
