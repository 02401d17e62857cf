#include "winapi/runtime/api_resolution.h"

#include <Zydis/Zydis.h>

#include <array>

namespace emu::winapi {

namespace {

constexpr std::string_view kImport = "import";
constexpr std::string_view kDynamic = "dynamic";

// The longest call form: prefixes + FF /2 with SIB and disp32 (9 bytes in
// practice); 15 is the architectural limit.
constexpr unsigned kMaxCallLength = 15;

void fill_registers(const cpu::Cpu& cpu, bool x64, uint64_t sp_before_call, ZydisRegisterContext& ctx) {
  ctx = {};
  for (unsigned i = 0; i < 16; ++i) {
    uint64_t v = cpu.reg(static_cast<cpu::Reg>(i));
    if (i == cpu::RSP) v = sp_before_call;
    ctx.values[ZYDIS_REGISTER_RAX + i] = v;
    ctx.values[ZYDIS_REGISTER_EAX + i] = v & 0xFFFFFFFF;
  }
  if (!x64)
    for (unsigned i = 0; i < 8; ++i) ctx.values[ZYDIS_REGISTER_RAX + i] &= 0xFFFFFFFF;
}

}  // namespace

ApiResolution::ApiResolution(loader::Process& proc)
    : proc_(proc), mem_(proc.memory()), x64_(proc.arch() == loader::Arch::X64) {
  mem_.on_watched_read = [this](uint64_t addr) { on_read(addr); };
  refresh();
}

ApiResolution::~ApiResolution() { mem_.on_watched_read = nullptr; }

void ApiResolution::refresh() {
  const auto& mods = proc_.modules();
  for (; indexed_ < mods.size(); ++indexed_) index_module(*mods[indexed_]);
}

bool ApiResolution::read_ptr(uint64_t addr, uint64_t& v) const {
  v = 0;
  return mem_.read(addr, &v, x64_ ? 8 : 4);
}

void ApiResolution::index_module(const loader::Module& m) {
  for (const loader::Import& imp : m.imports) {
    if (!imp.iat_address || !imp.target) continue;
    iat_slots_[imp.iat_address] = imp.target;
    imported_targets_.insert(imp.target);
  }
  if (!m.decoy) return;
  // The export directory as the guest sees it, from the mapped headers.
  const auto lfanew = mem_.read_as<uint32_t>(m.base + 0x3C);
  if (!lfanew || *lfanew > m.size) return;
  const uint64_t opt = m.base + *lfanew + 24;
  const auto magic = mem_.read_as<uint16_t>(opt);
  if (!magic) return;
  const uint64_t dir = opt + (*magic == 0x20B ? 112 : 96);
  const auto rva = mem_.read_as<uint32_t>(dir);
  if (!rva || !*rva || *rva >= m.size) return;
  const uint64_t exp = m.base + *rva;
  const auto count = mem_.read_as<uint32_t>(exp + 20);     // NumberOfFunctions
  const auto functions = mem_.read_as<uint32_t>(exp + 28); // AddressOfFunctions
  if (!count || !functions || !*count || *functions >= m.size || *count > (m.size - *functions) / 4) return;
  ExportTable t{m.base, m.base + *functions, *count};
  if (mem_.watch_reads(t.functions, 4ull * t.count)) export_tables_.push_back(t);
}

void ApiResolution::on_read(uint64_t addr) {
  for (const ExportTable& t : export_tables_) {
    if (addr < t.functions || addr >= t.functions + 4ull * t.count) continue;
    const uint64_t entry = t.functions + ((addr - t.functions) & ~3ull);
    if (auto rva = mem_.read_as<uint32_t>(entry); rva && *rva) walked_.insert(t.module_base + *rva);
    return;
  }
}

ApiResolution::Site ApiResolution::call_site(const cpu::Cpu& cpu, uint64_t target, uint64_t return_address,
                                             uint64_t sp) const {
  Site site;
  const uint64_t mask = x64_ ? ~0ull : 0xFFFFFFFFull;
  std::array<uint8_t, kMaxCallLength> bytes{};
  const uint64_t from = (return_address - kMaxCallLength) & mask;
  if (return_address < kMaxCallLength || !mem_.read(from, bytes.data(), bytes.size())) {
    // Near the start of a mapping: read what exists.
    bytes = {};
    for (unsigned k = 1; k <= kMaxCallLength; ++k)
      if (!mem_.read((return_address - k) & mask, &bytes[kMaxCallLength - k], 1)) break;
  }
  ZydisDecoder dec;
  if (x64_) ZydisDecoderInit(&dec, ZYDIS_MACHINE_MODE_LONG_64, ZYDIS_STACK_WIDTH_64);
  else ZydisDecoderInit(&dec, ZYDIS_MACHINE_MODE_LEGACY_32, ZYDIS_STACK_WIDTH_32);
  ZydisRegisterContext regs;
  bool regs_filled = false;
  // The caller's stack pointer before the call pushed the return address.
  const uint64_t sp_before = (sp + (x64_ ? 8 : 4)) & mask;

  // Several byte sequences may decode as a call ending exactly at the
  // return address; only one whose operand evaluates to the target counts.
  for (unsigned len = 2; len <= kMaxCallLength; ++len) {
    ZydisDecodedInstruction insn;
    ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];
    const uint64_t at = (return_address - len) & mask;
    if (ZYAN_FAILED(ZydisDecoderDecodeFull(&dec, bytes.data() + kMaxCallLength - len, len, &insn, ops))) continue;
    if (insn.length != len || insn.mnemonic != ZYDIS_MNEMONIC_CALL || insn.operand_count_visible < 1) continue;
    const ZydisDecodedOperand& op = ops[0];
    if (op.type == ZYDIS_OPERAND_TYPE_IMMEDIATE) {
      uint64_t dest = 0;
      if (ZYAN_FAILED(ZydisCalcAbsoluteAddress(&insn, &op, at, &dest))) continue;
      dest &= mask;
      if (dest == target) return Site{true, 0};
      // A thunk: `jmp [slot]` (x86 absolute, x64 RIP-relative).
      uint8_t thunk[kMaxCallLength] = {};
      if (!mem_.read(dest, thunk, 6)) continue;
      mem_.read(dest, thunk, sizeof thunk);  // more when mapped; the first 6 bytes suffice for FF 25
      ZydisDecodedInstruction j;
      ZydisDecodedOperand jops[ZYDIS_MAX_OPERAND_COUNT];
      if (ZYAN_FAILED(ZydisDecoderDecodeFull(&dec, thunk, sizeof thunk, &j, jops))) continue;
      if (j.mnemonic != ZYDIS_MNEMONIC_JMP || jops[0].type != ZYDIS_OPERAND_TYPE_MEMORY) continue;
      if (jops[0].mem.base != ZYDIS_REGISTER_NONE && jops[0].mem.base != ZYDIS_REGISTER_RIP) continue;
      if (jops[0].mem.index != ZYDIS_REGISTER_NONE) continue;
      uint64_t slot = 0, v = 0;
      if (ZYAN_FAILED(ZydisCalcAbsoluteAddress(&j, &jops[0], dest, &slot))) continue;
      if (read_ptr(slot & mask, v) && v == target) return Site{true, slot & mask};
      continue;
    }
    if (op.type == ZYDIS_OPERAND_TYPE_REGISTER) {
      if (!regs_filled) { fill_registers(cpu, x64_, sp_before, regs); regs_filled = true; }
      const ZydisRegister r = op.reg.value;
      if (r > ZYDIS_REGISTER_NONE && r <= ZYDIS_REGISTER_MAX_VALUE && (regs.values[r] & mask) == target)
        return Site{true, 0};
      continue;
    }
    if (op.type == ZYDIS_OPERAND_TYPE_MEMORY) {
      if (op.mem.segment == ZYDIS_REGISTER_FS || op.mem.segment == ZYDIS_REGISTER_GS) continue;
      if (!regs_filled) { fill_registers(cpu, x64_, sp_before, regs); regs_filled = true; }
      uint64_t slot = 0, v = 0;
      if (ZYAN_FAILED(ZydisCalcAbsoluteAddressEx(&insn, &op, at, &regs, &slot))) continue;
      slot &= mask;
      if (read_ptr(slot, v) && (v & mask) == target) return Site{true, slot};
    }
  }
  return site;
}

std::string_view ApiResolution::classify(const cpu::Cpu& cpu, uint64_t target, uint64_t return_address,
                                         uint64_t sp) {
  const Site site = call_site(cpu, target, return_address, sp);
  if (site.slot) {
    auto it = iat_slots_.find(site.slot);
    if (it != iat_slots_.end() && it->second == target) return kImport;
  }
  if (lookups_.count(target) || walked_.count(target)) return kDynamic;
  if (imported_targets_.count(target)) return kImport;
  return {};
}

}  // namespace emu::winapi
