// Config-file reader: any bytes either parse into a Config or raise a
// ConfigError; nothing else may escape, crash or leak.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "service/config_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  emu::winapi::Config cfg;
  try {
    emu::service::apply_config_json(std::string_view(reinterpret_cast<const char*>(data), size), cfg, "/root");
  } catch (const emu::service::ConfigError&) {
  }
  return 0;
}
