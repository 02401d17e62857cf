// Runs the command's inputs, several at once (--jobs), with progress on
// stderr when there is more than one, and returns the overall exit code.
#pragma once

#include <atomic>

#include "service/cli_options.h"
#include "triage/triage.h"
#include "winapi/config.h"

namespace emu::service {

int run_inputs(const Options& opts, const winapi::Config& cfg, const triage::Settings& triage_settings,
               const std::atomic<bool>* cancel);

}  // namespace emu::service
