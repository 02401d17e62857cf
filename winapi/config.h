// The emulation profile: Speakeasy's configuration (version 0.2 keys, see
// ../shared/schemas/speakeasy-config-v2.schema.json) as typed C++ values.
// Defaults are Speakeasy's default profile. service/ parses a JSON config
// file into this; the loader's Environment and every API handler read it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace emu::winapi {

// Content for a virtual file or a network response: bytes from a host file
// or `size` copies of `byte`.
struct ContentSource {
  std::optional<std::string> host_path;  // "$ROOT$" already expanded
  std::optional<uint8_t> fill_byte;
  uint64_t fill_size = 0;
};

struct FileRule {
  enum class Mode { FullPath, ByExt, Default } mode = Mode::Default;
  std::string emu_path;  // FullPath: may end in '*' (prefix match), case-insensitive
  std::string ext;       // ByExt: without the dot, case-insensitive
  ContentSource content;
};

struct RegistryValue {
  std::string name;      // "default" is the key's unnamed value
  std::string type;      // REG_SZ, REG_EXPAND_SZ, REG_DWORD, REG_QWORD, REG_BINARY, REG_MULTI_SZ
  std::string data;      // as written in the config ("0x00000003" for numbers)
};

struct RegistryKey {
  std::string path;      // HKEY_LOCAL_MACHINE\...
  std::vector<RegistryValue> values;
};

struct HttpResponseRule {
  std::string verb = "GET";
  std::vector<FileRule> files;  // Default and ByExt (extension of the URL path)
};

struct NetworkAdapter {
  std::string name, description, mac_address, type, ip_address, subnet_mask;
  bool dhcp_enabled = true;
};

struct ProcessEntry {
  std::string name, path;
  uint64_t base_addr = 0;
  std::optional<uint32_t> pid;
  std::optional<std::string> command_line;
  bool is_main_exe = false;
  std::optional<uint32_t> session;
};

struct Drive { std::string root_path, drive_type, volume_guid_path; };
struct Symlink { std::string name, target; };

struct Config {
  // Limits. A negative or zero value means "no limit" where Speakeasy uses -1.
  double timeout_seconds = 60;
  int64_t max_api_count = 10000;
  int64_t max_instructions = -1;
  uint64_t stack_size = 0;  // 0: the loader's default

  // Analysis switches.
  bool memory_tracing = false;
  bool strings = true;
  bool coverage = false;
  bool keep_memory_on_free = false;
  bool snapshot_memory_regions = false;
  bool dispatch_exceptions = true;      // exceptions.dispatch_handlers

  // Our own switches (extra keys under "emulator" in the config file).
  bool stop_on_unsupported_api = false;  // default: log unsupported_api, return 0, continue
  uint64_t max_memory_bytes = 1ull << 30;  // guest memory committed
  uint32_t max_threads = 64;
  uint64_t max_report_bytes = 64ull << 20;
  uint64_t max_dump_bytes = 64ull << 20;

  // Identity of the emulated machine.
  uint32_t os_major = 6, os_minor = 1, os_build = 7601;
  std::string os_name = "windows";
  std::string current_dir = "C:\\Windows\\system32";
  // Empty: the quoted image path, as Explorer starts a program. Programs look
  // for a backslash in argv[0] to find their own folder.
  std::string command_line;
  std::map<std::string, std::string> env = {
      {"comspec", "C:\\Windows\\system32\\cmd.exe"},
      {"systemroot", "C:\\Windows"},
      {"windir", "C:\\Windows"},
      {"temp", "C:\\Windows\\temp\\"},
      {"userprofile", "C:\\Users\\speakeasy_user"},
      {"systemdrive", "C:"},
      {"allusersprofile", "C:\\ProgramData"},
      {"programfiles", "C:\\Program Files"},
  };
  std::string domain = "speakeasy_domain";
  std::string hostname = "speakeasy_host";
  std::string user_name = "speakeasy_user";
  bool user_is_admin = true;
  std::string user_sid = "S-1-5-21-1111111111-2222222222-3333333333-1001";

  bool api_hammering_enabled = false;
  uint32_t api_hammering_threshold = 2000;
  std::vector<std::string> api_hammering_allow_list;

  std::vector<Symlink> symlinks;
  std::vector<Drive> drives;
  std::vector<FileRule> files;                 // filesystem.files
  std::vector<RegistryKey> registry_keys;      // registry.keys
  std::map<std::string, std::string> dns_names = {  // network.dns.names; "default" answers the rest
      {"speakeasy_host", "127.0.0.1"}, {"default", "10.1.2.3"},
      {"google.com", "8.8.8.8"}, {"localhost", "127.0.0.1"}};
  std::vector<std::pair<std::string, ContentSource>> dns_txt;  // name ("default" for the rest) -> content
  std::vector<HttpResponseRule> http_responses;
  std::vector<FileRule> winsock_responses;
  std::vector<NetworkAdapter> adapters;
  std::vector<ProcessEntry> processes;         // the other processes Process32First/Next show

  // Arguments given on the command line (--argv): appended to the image path
  // to form the guest's command line when set.
  std::optional<std::vector<std::string>> argv;
};

// Speakeasy's test profile (../shared/corpus/speakeasy-tests/CASES.md):
// hostname "mybox", user "user", unknown files read as 0x90 bytes.
Config speakeasy_test_profile();

}  // namespace emu::winapi
