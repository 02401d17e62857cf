// Small helpers shared by the loader: bounds-checked little-endian readers
// over host bytes and over a mapped image, load errors, name handling.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "cpu/memory.h"
#include "loader/loader.h"

namespace emu::loader {

[[noreturn]] inline void fail(std::string_view what) {
  throw LoadError("load_error: " + std::string(what));
}

// Reads from a byte span; out-of-range reads yield zero bytes (the image
// mapper sees a zero-filled page beyond the end of the file).
class ByteReader {
 public:
  explicit ByteReader(std::span<const uint8_t> b) : b_(b) {}
  template <class T> T get(uint64_t off) const {
    T v{};
    if (off < b_.size()) {
      const size_t n = std::min<uint64_t>(sizeof(T), b_.size() - off);
      std::memcpy(&v, b_.data() + off, n);
    }
    return v;
  }
  uint16_t u16(uint64_t off) const { return get<uint16_t>(off); }
  uint32_t u32(uint64_t off) const { return get<uint32_t>(off); }
  uint64_t u64(uint64_t off) const { return get<uint64_t>(off); }

 private:
  std::span<const uint8_t> b_;
};

// Reads a mapped image through guest memory, by RVA, refusing anything
// outside [base, base + size).
class ImageView {
 public:
  ImageView(const cpu::Memory& m, uint64_t base, uint64_t size) : m_(m), base_(base), size_(size) {}
  uint64_t base() const { return base_; }
  uint64_t size() const { return size_; }
  bool contains(uint64_t rva, uint64_t n) const { return rva <= size_ && n <= size_ - rva; }
  template <class T> std::optional<T> get(uint64_t rva) const {
    if (!contains(rva, sizeof(T))) return std::nullopt;
    return m_.read_as<T>(base_ + rva);
  }
  std::optional<uint64_t> ptr(uint64_t rva, bool pe64) const {
    if (pe64) return get<uint64_t>(rva);
    auto v = get<uint32_t>(rva);
    if (!v) return std::nullopt;
    return uint64_t{*v};
  }
  // NUL-terminated string inside the image, at most max chars; nullopt if
  // it starts outside.
  std::optional<std::string> cstring(uint64_t rva, size_t max = 512) const {
    if (!contains(rva, 1)) return std::nullopt;
    const uint64_t room = size_ - rva;
    return m_.read_cstring(base_ + rva, static_cast<size_t>(std::min<uint64_t>(max, room)));
  }

 private:
  const cpu::Memory& m_;
  uint64_t base_, size_;
};

std::string lower(std::string_view s);
// "C:\\a\\B.DLL" -> "B.DLL"
std::string_view base_name(std::string_view path);
// "kernel32.dll" -> "kernel32"
std::string_view strip_extension(std::string_view name);
std::u16string widen(std::string_view s);  // Latin-1 / ASCII to UTF-16
std::string hex(uint64_t v);

}  // namespace emu::loader
