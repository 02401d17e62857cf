// Small text helpers shared by handlers and the report: hex rendering,
// case folding, UTF-8 <-> UTF-16 and SHA-256.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "winapi/sha256.h"

namespace emu::winapi {

std::string hex(uint64_t v);                       // "0x1f"
std::string lower(std::string_view s);
std::string upper(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
bool istarts_with(std::string_view s, std::string_view prefix);
bool iends_with(std::string_view s, std::string_view suffix);
std::string utf16_to_utf8(std::u16string_view w);
std::u16string utf8_to_utf16(std::string_view s);
// Bytes as Latin-1 -> UTF-8 (guest ANSI strings are rendered this way so
// that the JSON stays valid whatever the bytes are).
std::string ansi_to_utf8(std::string_view s);
std::string utf8_to_ansi(std::string_view s);       // non-Latin-1 -> '?'
inline std::string sha256_hex(std::span<const uint8_t> data) { return sha256_hex(data.data(), data.size()); }

}  // namespace emu::winapi
