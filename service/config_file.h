// Reads an emulation profile in Speakeasy's configuration format (version
// 0.2 keys) into winapi::Config. Keys not given keep their defaults. An
// unknown key or a value of the wrong type or range is a ConfigError whose
// message names the key by its path ("network.dns.names.example.com: ...").
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "triage/triage.h"
#include "winapi/config.h"

namespace emu::service {

struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// `root_dir` replaces "$ROOT$" in host paths (Speakeasy's convention); by
// default the folder of the config file. Our own top-level key "triage"
// ({"sus_apis": [..], "sus_dlls": [..], "getprocaddr_threshold": N}) goes
// into `triage` when given (and is checked either way).
void apply_config_json(std::string_view json_text, winapi::Config& cfg, const std::string& root_dir,
                       triage::Settings* triage = nullptr);
void apply_config_file(const std::string& path, winapi::Config& cfg, triage::Settings* triage = nullptr);

}  // namespace emu::service
