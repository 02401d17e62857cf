// The special folders of the emulated user (CSIDL values), one table for
// SHGetFolderPath and friends and for the registry's Shell Folders keys, so
// both answer the same paths.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace emu::winapi {

struct Config;

// The folder for a CSIDL value (flags such as CSIDL_FLAG_CREATE ignored);
// unknown values answer the roaming application data folder.
std::string known_folder_path(const Config& cfg, uint32_t csidl);

// The value names Windows keeps under HKCU\...\Explorer\Shell Folders with
// the CSIDL each one stands for.
struct ShellFolderName { std::string_view value_name; uint32_t csidl; };
const std::vector<ShellFolderName>& shell_folder_names();

}  // namespace emu::winapi
