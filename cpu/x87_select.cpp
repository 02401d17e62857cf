// Entry point of the x87 family (cpu/x87_common.h describes the register
// model): arithmetic and compares, loads and stores, control and state
// images.
#include "cpu/family.h"
#include "cpu/x87_common.h"

namespace emu::cpu {

void register_x87(Registry& r) {
  register_x87_arith(r);
  register_x87_move(r);
  register_x87_control(r);
}

}  // namespace emu::cpu
