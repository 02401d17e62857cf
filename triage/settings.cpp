// Defaults of the settings the service configuration can override. The
// manifest's config block repeats them (a test checks).
#include <algorithm>
#include <stdexcept>

#include "triage/triage.h"

namespace json = boost::json;

namespace emu::triage {

Settings default_settings() {
  Settings s;
  // Function names without module; an A/W suffix is implied.
  s.sus_apis = {
      // process injection and hollowing
      "CreateRemoteThread", "CreateRemoteThreadEx", "NtCreateThreadEx", "RtlCreateUserThread",
      "WriteProcessMemory", "NtWriteVirtualMemory", "VirtualAllocEx", "QueueUserAPC", "NtQueueApcThread",
      "SetThreadContext", "NtSetContextThread", "NtUnmapViewOfSection", "ZwUnmapViewOfSection",
      // hooks and key logging
      "SetWindowsHookEx", "GetAsyncKeyState",
      // network
      "URLDownloadToFile", "URLDownloadToCacheFile", "InternetOpenUrl", "InternetConnect", "HttpSendRequest",
      "InternetReadFile", "WinHttpConnect", "WinHttpSendRequest", "WinHttpReadData", "connect", "WSAConnect",
      // registry changes
      "RegSetValueEx", "RegSetValue", "RegCreateKeyEx", "RegCreateKey", "NtSetValueKey",
      // services, processes, privileges
      "CreateService", "StartService", "ControlService", "WinExec", "ShellExecute", "ShellExecuteEx",
      "CreateProcess", "AdjustTokenPrivileges",
  };
  s.sus_dlls = {"SHELL32.dll", "ADVAPI32.dll", "ntdll.dll",   "WININET.dll", "WS2_32.dll", "URLMON.dll",
                "WINHTTP.dll", "DNSAPI.dll",  "CRYPT32.dll", "WSOCK32.dll", "MSWSOCK.dll"};
  s.getprocaddr_threshold = 30;
  return s;
}

namespace {

std::vector<std::string> string_list(const json::value& v, const char* key) {
  if (!v.is_array()) throw std::invalid_argument(std::string("triage.") + key + ": expected a list of strings");
  std::vector<std::string> out;
  for (const json::value& e : v.get_array()) {
    if (!e.is_string()) throw std::invalid_argument(std::string("triage.") + key + ": expected a list of strings");
    out.emplace_back(e.get_string());
  }
  return out;
}

}  // namespace

Settings settings_from_json(const json::value& v, Settings base) {
  const json::object* o = v.if_object();
  if (!o) throw std::invalid_argument("triage: expected an object");
  for (const auto& kv : *o) {
    if (kv.key() == "sus_apis") {
      base.sus_apis = string_list(kv.value(), "sus_apis");
    } else if (kv.key() == "sus_dlls") {
      base.sus_dlls = string_list(kv.value(), "sus_dlls");
    } else if (kv.key() == "getprocaddr_threshold") {
      const json::value& t = kv.value();
      if (!t.is_int64() && !t.is_uint64())
        throw std::invalid_argument("triage.getprocaddr_threshold: expected an integer");
      int64_t n = t.is_int64() ? t.get_int64() : int64_t(std::min<uint64_t>(t.get_uint64(), 1u << 30));
      if (n < 1 || n > (1 << 30)) throw std::invalid_argument("triage.getprocaddr_threshold: expected 1 or more");
      base.getprocaddr_threshold = int(n);
    } else {
      throw std::invalid_argument("triage." + std::string(kv.key()) + ": unknown key");
    }
  }
  return base;
}

}  // namespace emu::triage
