// Runs a program with arguments, capturing its exit code, stdout and stderr
// (for tests of the emulate command as a user runs it).
#pragma once

#include <string>
#include <vector>

struct CommandResult {
  int exit_code = -1;  // -1: did not exit normally (killed by a signal)
  std::string out, err;
};

CommandResult run_command(const std::string& program, const std::vector<std::string>& args);
std::string emulate_bin();  // path of the built emulate command
