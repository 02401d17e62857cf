// Speakeasy's default profile and its test profile as Config values.
#include "winapi/config.h"
#include "winapi/engine.h"

namespace emu::winapi {

Config default_config() {
  Config c;  // the struct's defaults are Speakeasy's scalar defaults
  c.symlinks = {{"\\??\\C:", "\\Device\\HarddiskVolume1"}, {"\\??\\PhysicalDrive0", "\\Device\\Harddisk0\\DR0"}};
  c.drives = {{"C:\\", "DRIVE_FIXED", "\\\\?\\Volume{bb1d6623-5e53-11ea-a949-100000000001}\\"},
              {"D:\\", "DRIVE_CDROM", "\\\\?\\Volume{bb1d6623-5e53-11ea-a949-100000000002}\\"},
              {"E:\\", "DRIVE_REMOTE", "\\\\?\\Volume{bb1d6623-5e53-11ea-a949-100000000003}\\"},
              {"F:\\", "DRIVE_REMOVABLE", "\\\\?\\Volume{bb1d6623-5e53-11ea-a949-100000000004}\\"}};
  // Speakeasy's resource files are not shipped: their rules keep their
  // shape with small fills (an MZ-less blob of the same role).
  auto fill = [](uint8_t b, uint64_t n) { ContentSource s; s.fill_byte = b; s.fill_size = n; return s; };
  FileRule r1; r1.mode = FileRule::Mode::FullPath; r1.emu_path = "c:\\programdata\\mydir\\myfile.bin"; r1.content = fill(0x41, 512);
  FileRule r2; r2.mode = FileRule::Mode::FullPath; r2.emu_path = "c:\\Windows\\system32\\cmd.exe"; r2.content = fill(0x90, 1024);
  FileRule r3; r3.mode = FileRule::Mode::FullPath; r3.emu_path = "c:\\Windows\\system32\\svchost.exe"; r3.content = fill(0x90, 1024);
  FileRule r4; r4.mode = FileRule::Mode::ByExt; r4.ext = "exe"; r4.content = fill(0x90, 1024);
  FileRule r5; r5.mode = FileRule::Mode::ByExt; r5.ext = "txt"; r5.content = fill(0x90, 1024);
  FileRule r6; r6.mode = FileRule::Mode::FullPath; r6.emu_path = "\\\\.\\pipe*"; r6.content = fill(0x90, 256);
  c.files = {r1, r2, r3, r4, r5, r6};
  c.registry_keys = {
      {"HKEY_LOCAL_MACHINE\\System\\CurrentControlSet\\Services\\usbsamp",
       {{"DisplayName", "REG_SZ", "An example service"}, {"Start", "REG_DWORD", "0x00000003"}}},
      {"HKEY_CLASSES_ROOT\\Interface\\{b196b287-bab4-101a-b69c-00aa00341d07}", {{"default", "REG_SZ", "IEnumConnections"}}},
      {"HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall", {{"default", "REG_SZ", "IEnumConnections"}}},
      {"HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Windows", {}}};
  HttpResponseRule get;
  get.verb = "GET";
  FileRule d; d.mode = FileRule::Mode::Default; d.content = fill(0x90, 256);
  get.files = {d};
  c.http_responses = {get};
  FileRule ws; ws.mode = FileRule::Mode::Default; ws.content = fill(0x90, 256);
  c.winsock_responses = {ws};
  c.adapters = {{"{00000000-0000-0000-0000-000000000000}", "Intel(R) PRO/1000 MT Network Connection",
                 "00-13-CE-12-34-56", "ethernet", "127.0.0.1", "255.0.0.0", true}};
  auto proc = [](std::string name, std::string path, uint64_t base, std::optional<uint32_t> pid = std::nullopt) {
    ProcessEntry p; p.name = std::move(name); p.path = std::move(path); p.base_addr = base; p.pid = pid; return p;
  };
  c.processes = {proc("System", "[System Process]", 0x80000000, 4),
                 proc("smss", "C:\\Windows\\system32\\smss.exe", 0x05000000),
                 proc("csrss", "C:\\Windows\\system32\\csrss.exe", 0x05510000),
                 proc("wininit", "C:\\Windows\\system32\\wininit.exe", 0x05520000),
                 proc("services", "C:\\Windows\\system32\\services.exe", 0x05530000),
                 proc("lsass", "C:\\Windows\\system32\\lsass.exe", 0x05540000),
                 proc("winlogon", "C:\\Windows\\system32\\winlogon.exe", 0x05550000),
                 proc("svchost", "C:\\Windows\\system32\\svchost.exe", 0x05560000),
                 proc("outlook", "C:\\Windows\\system32\\outlook.exe", 0x05590000),
                 proc("explorer", "C:\\Windows\\explorer.exe", 0x05570000)};
  return c;
}

Config speakeasy_test_profile() {
  Config c = default_config();
  c.strings = false;
  c.memory_tracing = false;
  c.dispatch_exceptions = true;
  c.hostname = "mybox";
  c.user_name = "user";
  c.current_dir = "C:\\Windows\\system32";
  c.command_line = "svchost.exe myarg1 myarg2";
  c.os_major = 6;
  c.os_minor = 1;
  c.os_build = 7601;
  FileRule def;
  def.mode = FileRule::Mode::Default;
  def.content.fill_byte = 0x90;
  def.content.fill_size = 1024;
  c.files.push_back(def);
  return c;
}

}  // namespace emu::winapi
