#include "winapi/core/known_folders.h"

#include "winapi/config.h"

namespace emu::winapi {

std::string known_folder_path(const Config& cfg, uint32_t csidl) {
  const std::string user = "C:\\Users\\" + cfg.user_name;
  const std::string roaming = user + "\\AppData\\Roaming";
  const std::string local = user + "\\AppData\\Local";
  const std::string shell = roaming + "\\Microsoft\\Windows";
  switch (csidl & 0xFF) {
    case 0x00: case 0x10: return user + "\\Desktop";
    case 0x02: return shell + "\\Start Menu\\Programs";
    case 0x05: return user + "\\Documents";
    case 0x06: return user + "\\Favorites";
    case 0x07: return shell + "\\Start Menu\\Programs\\Startup";
    case 0x08: return shell + "\\Recent";
    case 0x09: return shell + "\\SendTo";
    case 0x0B: return shell + "\\Start Menu";
    case 0x0D: return user + "\\Music";
    case 0x0E: return user + "\\Videos";
    case 0x13: return shell + "\\Network Shortcuts";
    case 0x14: return "C:\\Windows\\Fonts";
    case 0x15: return shell + "\\Templates";
    case 0x18: return "C:\\ProgramData\\Microsoft\\Windows\\Start Menu\\Programs\\Startup";
    case 0x1A: return roaming;
    case 0x1B: return shell + "\\Printer Shortcuts";
    case 0x1C: return local;
    case 0x20: return local + "\\Microsoft\\Windows\\Temporary Internet Files";
    case 0x21: return shell + "\\Cookies";
    case 0x22: return local + "\\Microsoft\\Windows\\History";
    case 0x23: return "C:\\ProgramData";
    case 0x24: return "C:\\Windows";
    case 0x25: case 0x29: return "C:\\Windows\\system32";
    case 0x26: return "C:\\Program Files";
    case 0x27: return user + "\\Pictures";
    case 0x28: return user;
    case 0x2A: return "C:\\Program Files (x86)";
    default: return roaming;
  }
}

const std::vector<ShellFolderName>& shell_folder_names() {
  static const std::vector<ShellFolderName> names = {
      {"AppData", 0x1A},   {"Cache", 0x20},     {"Cookies", 0x21},    {"Desktop", 0x10},
      {"Favorites", 0x06}, {"Fonts", 0x14},     {"History", 0x22},    {"Local AppData", 0x1C},
      {"My Music", 0x0D},  {"My Pictures", 0x27}, {"My Video", 0x0E}, {"NetHood", 0x13},
      {"Personal", 0x05},  {"PrintHood", 0x1B}, {"Programs", 0x02},   {"Recent", 0x08},
      {"SendTo", 0x09},    {"Start Menu", 0x0B}, {"Startup", 0x07},   {"Templates", 0x15}};
  return names;
}

}  // namespace emu::winapi
