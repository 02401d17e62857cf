// Operand resolution helpers for selectors, and the registry of families.
#include "cpu/decoder.h"

#include "cpu/family.h"
#include "cpu/isa.h"

namespace emu::cpu {

int gpr_index(ZydisRegister r) {
  if (r >= ZYDIS_REGISTER_AL && r <= ZYDIS_REGISTER_BL) return r - ZYDIS_REGISTER_AL;
  if (r >= ZYDIS_REGISTER_AH && r <= ZYDIS_REGISTER_BH) return r - ZYDIS_REGISTER_AH;
  if (r >= ZYDIS_REGISTER_SPL && r <= ZYDIS_REGISTER_DIL) return 4 + (r - ZYDIS_REGISTER_SPL);
  if (r >= ZYDIS_REGISTER_R8B && r <= ZYDIS_REGISTER_R15B) return 8 + (r - ZYDIS_REGISTER_R8B);
  if (r >= ZYDIS_REGISTER_AX && r <= ZYDIS_REGISTER_R15W) return r - ZYDIS_REGISTER_AX;
  if (r >= ZYDIS_REGISTER_EAX && r <= ZYDIS_REGISTER_R15D) return r - ZYDIS_REGISTER_EAX;
  if (r >= ZYDIS_REGISTER_RAX && r <= ZYDIS_REGISTER_R15) return r - ZYDIS_REGISTER_RAX;
  return -1;
}

int gpr_off(ZydisRegister r) {
  if (r >= ZYDIS_REGISTER_AH && r <= ZYDIS_REGISTER_BH) return (r - ZYDIS_REGISTER_AH) * 8 + 1;
  int k = gpr_index(r);
  return k < 0 ? -1 : k * 8;
}

int xmm_index(ZydisRegister r) {
  if (r >= ZYDIS_REGISTER_XMM0 && r <= ZYDIS_REGISTER_XMM15) return r - ZYDIS_REGISTER_XMM0;
  return -1;
}

int ymm_index(ZydisRegister r) {
  if (r >= ZYDIS_REGISTER_YMM0 && r <= ZYDIS_REGISTER_YMM15) return r - ZYDIS_REGISTER_YMM0;
  return -1;
}

bool Decoded::is_gpr(int k) const { return is_reg(k) && gpr_index(ops[k].reg.value) >= 0; }
bool Decoded::is_xmm(int k) const { return is_reg(k) && xmm_index(ops[k].reg.value) >= 0; }
bool Decoded::is_ymm(int k) const { return is_reg(k) && ymm_index(ops[k].reg.value) >= 0; }

uint64_t Decoded::next_pc() const {
  uint64_t n = pc + zi.length;
  return mode == Mode::X64 ? n : (n & 0xFFFFFFFFull);
}

bool set_mem(const Decoded& d, int k, Insn& out) {
  const ZydisDecodedOperand& o = d.ops[k];
  if (o.type != ZYDIS_OPERAND_TYPE_MEMORY) return false;
  if (o.mem.type != ZYDIS_MEMOP_TYPE_MEM && o.mem.type != ZYDIS_MEMOP_TYPE_AGEN) return false;
  out.base = kZeroReg;
  out.index = kZeroReg;
  out.scale = 0;
  out.disp = o.mem.disp.has_displacement ? o.mem.disp.value : 0;
  switch (d.zi.address_width) {
    case 64: out.asz = kAddr64; break;
    case 32: out.asz = kAddr32; break;
    case 16: out.asz = kAddr16; break;
    default: return false;
  }
  if (o.mem.base == ZYDIS_REGISTER_RIP || o.mem.base == ZYDIS_REGISTER_EIP) {
    out.disp = static_cast<int64_t>(d.next_pc() + static_cast<uint64_t>(out.disp));
  } else if (o.mem.base != ZYDIS_REGISTER_NONE) {
    int b = gpr_index(o.mem.base);
    if (b < 0) return false;
    out.base = static_cast<uint8_t>(b);
  }
  if (o.mem.index != ZYDIS_REGISTER_NONE) {
    int x = gpr_index(o.mem.index);
    if (x < 0) return false;
    out.index = static_cast<uint8_t>(x);
    switch (o.mem.scale) {
      case 0: case 1: out.scale = 0; break;
      case 2: out.scale = 1; break;
      case 4: out.scale = 2; break;
      case 8: out.scale = 3; break;
      default: return false;
    }
  }
  out.seg = o.mem.segment == ZYDIS_REGISTER_FS ? kSegFs
          : o.mem.segment == ZYDIS_REGISTER_GS ? kSegGs : kSegNone;
  return true;
}

uint64_t imm_value(const Decoded& d, int k) {
  const ZydisDecodedOperand& o = d.ops[k];
  if (o.imm.is_signed) return static_cast<uint64_t>(o.imm.value.s);
  return o.imm.value.u;
}

static Registry build_registry() {
  Registry r;
  register_alu(r);
  register_data(r);
  register_shift(r);
  register_bit(r);
  register_control(r);
  register_stack(r);
  register_string(r);
  register_system(r);
  register_sse_moves(r);
  register_sse(r);
  register_x87(r);
  return r;
}

const Registry& registry() {
  static const Registry r = build_registry();
  return r;
}

bool is_implemented(ZydisMnemonic m) { return registry().has(m); }

}  // namespace emu::cpu
