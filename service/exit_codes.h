// Exit codes of the `emulate` command (documented in --help and README.md).
// 3..7 are the ways an input can be rejected before emulation starts.
#pragma once

namespace emu::service {

enum ExitCode : int {
  kExitRan = 0,            // emulation ran, whatever the sample did
  kExitUsage = 2,          // bad command line or bad --config
  kExitUnreadable = 3,     // missing or unreadable input
  kExitEmpty = 4,          // empty input file
  kExitNotLoadable = 5,    // not a PE (without --raw), or a PE the loader rejects
  kExitTooLarge = 6,       // input larger than --max-file-size
  kExitNoInputs = 7,       // a directory with no regular files in it
  kExitInternal = 70,      // a bug in the emulator: please report it
};

}  // namespace emu::service
