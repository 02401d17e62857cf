// The emulated registry, seeded from Config::registry_keys. Keys are
// stored by canonical path ("HKEY_LOCAL_MACHINE\Software\..."), compared
// case-insensitively; creating a key creates its parents.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "winapi/config.h"

namespace emu::winapi {

enum RegType : uint32_t {
  kRegNone = 0, kRegSz = 1, kRegExpandSz = 2, kRegBinary = 3, kRegDword = 4,
  kRegMultiSz = 7, kRegQword = 11,
};

struct RegValue {
  std::string name;        // "" is the default value
  uint32_t type = kRegSz;
  std::vector<uint8_t> data;
};

struct RegKey {
  std::string path;                          // canonical display path
  std::map<std::string, RegValue> values;    // by lower-case name
  std::map<std::string, std::string> subkeys;  // lower-case name -> display name
};

class Registry {
 public:
  explicit Registry(const Config& cfg);

  // HKEY_* pseudo handles (0x80000000..) and "\Registry\Machine\..." forms
  // -> canonical path; "" if the root is unknown.
  static std::string root_name(uint64_t hkey);
  static std::string canonical(std::string_view path);
  static std::string join(std::string_view parent, std::string_view sub);

  RegKey* find(std::string_view path);
  RegKey* create(std::string_view path);
  bool remove(std::string_view path);
  // Data of a config value ("0x00000003" for DWORD, text for SZ, ...).
  static RegValue parse_value(const RegistryValue& v);

 private:
  std::map<std::string, RegKey> keys_;  // by lower-case canonical path
};

}  // namespace emu::winapi
