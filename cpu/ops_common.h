// Shared pieces of the integer families: operand-form handler templates and
// the selection helpers that pick them by form and size.
#pragma once

#include "cpu/decoder.h"
#include "cpu/state.h"

namespace emu::cpu {

inline uint8_t off_of(const Decoded& d, int k) {
  return static_cast<uint8_t>(gpr_off(d.op(k).reg.value));
}

// Operand forms of a two-operand instruction (destination first).
enum class Form { RR, RM, MR, RI, MI };

// Classifies operands 0 and 1; false if the pair is not one of the forms.
inline bool form_of(const Decoded& d, Form& f) {
  if (d.is_gpr(0)) {
    if (d.is_gpr(1)) { f = Form::RR; return true; }
    if (d.is_mem(1)) { f = Form::RM; return true; }
    if (d.is_imm(1)) { f = Form::RI; return true; }
  } else if (d.is_mem(0)) {
    if (d.is_gpr(1)) { f = Form::MR; return true; }
    if (d.is_imm(1)) { f = Form::MI; return true; }
  }
  return false;
}

// Fills operand fields for form f (register offsets, memory recipe, imm).
inline bool fill_form(const Decoded& d, Form f, Insn& o) {
  switch (f) {
    case Form::RR: o.r1 = off_of(d, 0); o.r2 = off_of(d, 1); return true;
    case Form::RM: o.r1 = off_of(d, 0); return set_mem(d, 1, o);
    case Form::MR: o.r2 = off_of(d, 1); return set_mem(d, 0, o);
    case Form::RI: o.r1 = off_of(d, 0); o.imm = imm_value(d, 1); return true;
    case Form::MI: o.imm = imm_value(d, 1); return set_mem(d, 0, o);
  }
  return false;
}

// Binary operation `dst = Op<T>::f(s, dst, src)` in every form.
// Op<T> provides: static constexpr bool kWrite; static T f(State&, T, T).
template <template <class> class Op>
struct Binary {
  template <class T> static const Insn* rr(State& s, const Insn* i) {
    T r = Op<T>::f(s, s.reg<T>(i->r1), s.reg<T>(i->r2));
    if constexpr (Op<T>::kWrite) s.set_reg<T>(i->r1, r);
    return i + 1;
  }
  template <class T> static const Insn* ri(State& s, const Insn* i) {
    T r = Op<T>::f(s, s.reg<T>(i->r1), static_cast<T>(i->imm));
    if constexpr (Op<T>::kWrite) s.set_reg<T>(i->r1, r);
    return i + 1;
  }
  template <class T> static const Insn* rm(State& s, const Insn* i) {
    T v;
    if (!s.read<T>(i, s.ea(i), v)) return nullptr;
    T r = Op<T>::f(s, s.reg<T>(i->r1), v);
    if constexpr (Op<T>::kWrite) s.set_reg<T>(i->r1, r);
    return i + 1;
  }
  template <class T> static const Insn* mem_src(State& s, const Insn* i, T src) {
    const uint64_t a = s.ea(i);
    T d;
    if constexpr (Op<T>::kWrite) {
      if (!s.read_rmw<T>(i, a, d)) return nullptr;
      s.write<T>(i, a, Op<T>::f(s, d, src));
    } else {
      if (!s.read<T>(i, a, d)) return nullptr;
      Op<T>::f(s, d, src);
    }
    return i + 1;
  }
  template <class T> static const Insn* mr(State& s, const Insn* i) {
    return mem_src<T>(s, i, s.reg<T>(i->r2));
  }
  template <class T> static const Insn* mi(State& s, const Insn* i) {
    return mem_src<T>(s, i, static_cast<T>(i->imm));
  }
  template <class T> static Handler pick_t(Form f) {
    switch (f) {
      case Form::RR: return &rr<T>;
      case Form::RM: return &rm<T>;
      case Form::MR: return &mr<T>;
      case Form::RI: return &ri<T>;
      case Form::MI: return &mi<T>;
    }
    return nullptr;
  }
  static Handler pick(Form f, int bytes) {
    switch (bytes) {
      case 1: return pick_t<uint8_t>(f);
      case 2: return pick_t<uint16_t>(f);
      case 4: return pick_t<uint32_t>(f);
      case 8: return pick_t<uint64_t>(f);
    }
    return nullptr;
  }
  static bool select(const Decoded& d, Insn& o) {
    Form f;
    if (d.nvis() != 2 || !form_of(d, f)) return false;
    o.fn = pick(f, d.bits(0) / 8);
    return o.fn && fill_form(d, f, o);
  }
};

// Unary operation on r/m: `dst = Op<T>::f(s, dst)`.
template <template <class> class Op>
struct Unary {
  template <class T> static const Insn* r(State& s, const Insn* i) {
    s.set_reg<T>(i->r1, Op<T>::f(s, s.reg<T>(i->r1)));
    return i + 1;
  }
  template <class T> static const Insn* m(State& s, const Insn* i) {
    const uint64_t a = s.ea(i);
    T d;
    if (!s.read_rmw<T>(i, a, d)) return nullptr;
    s.write<T>(i, a, Op<T>::f(s, d));
    return i + 1;
  }
  static bool select(const Decoded& d, Insn& o) {
    if (d.nvis() != 1) return false;
    const int bytes = d.bits(0) / 8;
    if (d.is_gpr(0)) {
      o.r1 = off_of(d, 0);
      switch (bytes) {
        case 1: o.fn = &r<uint8_t>; break;
        case 2: o.fn = &r<uint16_t>; break;
        case 4: o.fn = &r<uint32_t>; break;
        case 8: o.fn = &r<uint64_t>; break;
        default: return false;
      }
      return true;
    }
    if (d.is_mem(0)) {
      switch (bytes) {
        case 1: o.fn = &m<uint8_t>; break;
        case 2: o.fn = &m<uint16_t>; break;
        case 4: o.fn = &m<uint32_t>; break;
        case 8: o.fn = &m<uint64_t>; break;
        default: return false;
      }
      return set_mem(d, 0, o);
    }
    return false;
  }
};

// Reads an r/m source operand of size T: register form uses r2, memory form the EA.
template <class T, bool Mem>
inline bool read_src(State& s, const Insn* i, T& v) {
  if constexpr (Mem) {
    return s.read<T>(i, s.ea(i), v);
  } else {
    v = s.reg<T>(i->r2);
    return true;
  }
}


template <class T> using Signed = std::make_signed_t<T>;

}  // namespace emu::cpu
