// How the guest came by the address of the API it called: the "resolved"
// field of api events ("import" | "dynamic" | absent when unknown), which
// triage uses to tell imports from self-resolved calls (heuristics 7, 12).
//
// Evidence, strongest first:
//  1. The call site read a loader-written import slot: the instruction that
//     ends at the return address is `call [slot]`, or `call rel32` to a
//     `jmp [slot]` thunk, and the slot still holds what the loader wrote.
//     -> "import"
//  2. GetProcAddress / LdrGetProcedureAddress returned the address before.
//     -> "dynamic"
//  3. The guest read the export address table entry of that function (the
//     export tables of system DLLs are read-watched: only code that resolves
//     APIs by itself reads them; GetProcAddress is host code). -> "dynamic"
//  4. The address is one the loader wrote into an import slot, but the call
//     site does not show the slot (MSVC's `mov esi, [__imp_X]` ... `call
//     esi`, function pointers copied from the IAT, tail calls). -> "import"
//  5. Otherwise the field is left out.
// Only facts the engine saw are used, so a plain program's calls are all
// "import" (or absent): nothing here guesses "dynamic" by elimination.
#pragma once

#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "cpu/cpu.h"
#include "loader/loader.h"

namespace emu::winapi {

class ApiResolution {
 public:
  // Indexes the process's modules and read-watches the decoys' export
  // address tables (Memory::on_watched_read is this object's until it dies).
  explicit ApiResolution(loader::Process& proc);
  ~ApiResolution();
  ApiResolution(const ApiResolution&) = delete;
  ApiResolution& operator=(const ApiResolution&) = delete;

  // Indexes modules mapped since the last call (LoadLibrary, a dropped DLL).
  void refresh();
  // An address a lookup API (GetProcAddress, LdrGetProcedureAddress) returned.
  void note_lookup(uint64_t address) { if (address) lookups_.insert(address); }
  // "import", "dynamic" or "" for a call that trapped at `target` and will
  // return to `return_address`; `sp` is the stack pointer at the trap.
  std::string_view classify(const cpu::Cpu& cpu, uint64_t target, uint64_t return_address, uint64_t sp);

 private:
  // What the call site shows.
  struct Site {
    bool call = false;       // a call instruction ends at the return address and reaches target
    uint64_t slot = 0;       // the memory slot it (or its jmp thunk) read the target from, 0 if none
  };
  Site call_site(const cpu::Cpu& cpu, uint64_t target, uint64_t return_address, uint64_t sp) const;
  struct ExportTable {
    uint64_t module_base = 0;
    uint64_t functions = 0;  // AddressOfFunctions, absolute
    uint32_t count = 0;
  };
  void index_module(const loader::Module& m);
  void on_read(uint64_t addr);
  bool read_ptr(uint64_t addr, uint64_t& v) const;

  loader::Process& proc_;
  cpu::Memory& mem_;
  const bool x64_;
  size_t indexed_ = 0;
  std::unordered_map<uint64_t, uint64_t> iat_slots_;       // slot -> what the loader wrote
  std::unordered_set<uint64_t> imported_targets_;          // every value the loader wrote
  std::unordered_set<uint64_t> lookups_;                   // lookup API results
  std::unordered_set<uint64_t> walked_;                    // exports whose table entry the guest read
  std::vector<ExportTable> export_tables_;
};

}  // namespace emu::winapi
