// The token information classes handlers answer (TOKEN_INFORMATION_CLASS):
// shared by advapi32's GetTokenInformation and ntdll's
// NtQueryInformationToken, which differ only in how they report errors.
#pragma once

#include <cstdint>

namespace emu::winapi {

class Session;

// Bytes the answer for class `cls` needs.
uint32_t token_info_size(const Session& s, uint32_t cls);
// Writes the answer for class `cls` at `buf` (token_info_size bytes).
void write_token_info(Session& s, uint32_t cls, uint64_t buf);

}  // namespace emu::winapi
