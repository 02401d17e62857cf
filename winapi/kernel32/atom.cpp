// kernel32 atom tables: AddAtom/FindAtom/DeleteAtom/GetAtomName on the
// process's local table and their Global* twins on the global one (on
// Windows that one is the session's, shared with other processes; here the
// emulated process is the only one, so it is one more table).
//
// As documented: string atoms are numbered from 0xC000, names compare
// without case, each AddAtom of an existing name counts a reference that
// DeleteAtom removes; integer atoms (MAKEINTATOM(n) or the string "#n",
// 1 <= n <= 0xBFFF) stand for themselves and are never stored.
#include <map>

#include "winapi/core/handler.h"
#include "winapi/core/session_state.h"

namespace emu::winapi {
namespace {

constexpr uint32_t kMaxIntAtom = 0xC000;
constexpr size_t kMaxAtomName = 255;

struct AtomTable : Object {
  const char* kind() const override { return "atom_table"; }
  struct Entry {
    std::string name;   // as first added (GetAtomName returns this spelling)
    uint32_t refs = 0;
  };
  std::map<uint16_t, Entry> atoms;
  std::map<std::string, uint16_t> by_name;  // upper-cased name -> atom
  uint32_t next = kMaxIntAtom;
};

AtomTable& table(Call& c, bool global) { return session_state<AtomTable>(c.s, global ? "global_atoms" : "local_atoms"); }

// What an atom-name argument stands for.
struct AtomName {
  enum class Kind { Integer, String, Invalid } kind = Kind::Invalid;
  uint16_t value = 0;   // Integer
  std::string name;     // String (UTF-8)
};

template <class S> AtomName parse_name(Call& c, uint64_t p) {
  AtomName a;
  // MAKEINTATOM: a pointer-sized value whose high bits are zero.
  if (p < 0x10000) {
    if (p == 0 || p >= kMaxIntAtom) return a;
    a.kind = AtomName::Kind::Integer;
    a.value = static_cast<uint16_t>(p);
    c.set_arg_text(0, "#" + std::to_string(p));
    return a;
  }
  a.name = S::wide ? c.s.read_wstr_utf8(p, kMaxAtomName + 2) : ansi_to_utf8(c.s.read_astr(p, kMaxAtomName + 2));
  c.set_arg_text(0, a.name);
  // "#1234": an integer atom when only decimal digits follow.
  if (a.name.size() > 1 && a.name[0] == '#' &&
      a.name.find_first_not_of("0123456789", 1) == std::string::npos) {
    if (a.name.size() > 6) return a;  // beyond any 16-bit value
    const uint32_t v = static_cast<uint32_t>(std::stoul(a.name.substr(1)));
    if (v == 0 || v >= kMaxIntAtom) return a;
    a.kind = AtomName::Kind::Integer;
    a.value = static_cast<uint16_t>(v);
    return a;
  }
  if (a.name.empty() || utf8_to_utf16(a.name).size() > kMaxAtomName) return a;
  a.kind = AtomName::Kind::String;
  return a;
}

template <class S> uint64_t add_atom(Call& c, Ptr name, bool global) {
  const AtomName a = parse_name<S>(c, name);
  if (a.kind == AtomName::Kind::Invalid) return fail(c, kErrInvalidParameter);
  if (a.kind == AtomName::Kind::Integer) return a.value;
  AtomTable& t = table(c, global);
  const std::string key = upper(a.name);
  if (auto it = t.by_name.find(key); it != t.by_name.end()) {
    ++t.atoms[it->second].refs;
    return it->second;
  }
  // Numbers of deleted atoms are reused, lowest first.
  uint32_t atom = kMaxIntAtom;
  while (atom <= 0xFFFF && t.atoms.count(static_cast<uint16_t>(atom))) ++atom;
  if (atom > 0xFFFF) return fail(c, kErrNotEnoughMemory);
  t.atoms[static_cast<uint16_t>(atom)] = {a.name, 1};
  t.by_name[key] = static_cast<uint16_t>(atom);
  return atom;
}

template <class S> uint64_t find_atom(Call& c, Ptr name, bool global) {
  const AtomName a = parse_name<S>(c, name);
  if (a.kind == AtomName::Kind::Invalid) return fail(c, kErrInvalidParameter);
  if (a.kind == AtomName::Kind::Integer) return a.value;
  AtomTable& t = table(c, global);
  auto it = t.by_name.find(upper(a.name));
  if (it == t.by_name.end()) return fail(c, kErrFileNotFound);
  return it->second;
}

// Returns 0 on success, the atom itself on failure (as documented).
uint64_t delete_atom(Call& c, uint32_t atom, bool global) {
  atom &= 0xFFFF;
  if (atom == 0) return fail(c, kErrInvalidHandle, atom);
  if (atom < kMaxIntAtom) return 0;
  AtomTable& t = table(c, global);
  auto it = t.atoms.find(static_cast<uint16_t>(atom));
  if (it == t.atoms.end()) return fail(c, kErrInvalidHandle, atom);
  if (--it->second.refs == 0) {
    t.by_name.erase(upper(it->second.name));
    t.atoms.erase(it);
  }
  return 0;
}

// Copies the name into buf (size in characters, NUL included): the length
// copied, truncated to fit; 0 with ERROR_MORE_DATA for an empty buffer.
template <class S> uint64_t get_atom_name(Call& c, uint32_t atom, Ptr buf, int32_t size, bool global) {
  atom &= 0xFFFF;
  std::string name;
  if (atom == 0) return fail(c, kErrInvalidParameter);
  if (atom < kMaxIntAtom) {
    name = "#" + std::to_string(atom);
  } else {
    AtomTable& t = table(c, global);
    auto it = t.atoms.find(static_cast<uint16_t>(atom));
    if (it == t.atoms.end()) return fail(c, kErrInvalidHandle);
    name = it->second.name;
  }
  if (!buf || size <= 0) return fail(c, kErrMoreData);
  return c.s.write_str<S>(buf, name, static_cast<size_t>(size));
}

template <class S> uint64_t AddAtom(Call& c, Ptr name) { return add_atom<S>(c, name, false); }
template <class S> uint64_t GlobalAddAtom(Call& c, Ptr name) { return add_atom<S>(c, name, true); }
template <class S> uint64_t FindAtom(Call& c, Ptr name) { return find_atom<S>(c, name, false); }
template <class S> uint64_t GlobalFindAtom(Call& c, Ptr name) { return find_atom<S>(c, name, true); }
uint64_t DeleteAtom(Call& c, uint32_t atom) { return delete_atom(c, atom, false); }
uint64_t GlobalDeleteAtom(Call& c, uint32_t atom) { return delete_atom(c, atom, true); }
template <class S> uint64_t GetAtomName(Call& c, uint32_t atom, Ptr buf, int32_t size) {
  return get_atom_name<S>(c, atom, buf, size, false);
}
template <class S> uint64_t GlobalGetAtomName(Call& c, uint32_t atom, Ptr buf, int32_t size) {
  return get_atom_name<S>(c, atom, buf, size, true);
}

}  // namespace

void register_kernel32_atom(ApiRegistry& r) {
  auto t = r.table("kernel32");
  t.add<&AddAtom<AStr>>("AddAtomA");
  t.add<&AddAtom<WStr>>("AddAtomW");
  t.add<&GlobalAddAtom<AStr>>("GlobalAddAtomA");
  t.add<&GlobalAddAtom<WStr>>("GlobalAddAtomW");
  t.add<&FindAtom<AStr>>("FindAtomA");
  t.add<&FindAtom<WStr>>("FindAtomW");
  t.add<&GlobalFindAtom<AStr>>("GlobalFindAtomA");
  t.add<&GlobalFindAtom<WStr>>("GlobalFindAtomW");
  t.add<&DeleteAtom>("DeleteAtom");
  t.add<&GlobalDeleteAtom>("GlobalDeleteAtom");
  t.add<&GetAtomName<AStr>>("GetAtomNameA");
  t.add<&GetAtomName<WStr>>("GetAtomNameW");
  t.add<&GlobalGetAtomName<AStr>>("GlobalGetAtomNameA");
  t.add<&GlobalGetAtomName<WStr>>("GlobalGetAtomNameW");
}

}  // namespace emu::winapi
