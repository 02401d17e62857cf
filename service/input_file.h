// Reading an input sample safely: size-checked before it is read, named
// errors for missing, unreadable, directory, empty and oversized inputs.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "service/exit_codes.h"

namespace emu::service {

struct InputRejected : std::runtime_error {
  InputRejected(ExitCode c, const std::string& msg) : std::runtime_error(msg), code(c) {}
  ExitCode code;
};

constexpr uint64_t kDefaultMaxFileSize = 256ull << 20;

// Reads a whole regular file of at most max_size bytes; throws InputRejected.
std::vector<uint8_t> read_input_file(const std::string& path, uint64_t max_size);

// Expands the command line's inputs: files stay as given, directories become
// the regular files below them (sorted, recursive, symlinks not followed).
// A missing input is kept so that reading it reports the error.
std::vector<std::string> expand_inputs(const std::vector<std::string>& args);

}  // namespace emu::service
