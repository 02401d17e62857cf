#include "service/input_file.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace emu::service {
namespace fs = std::filesystem;

std::vector<uint8_t> read_input_file(const std::string& path, uint64_t max_size) {
  // open + fstat on the same descriptor: the size checked is the size read.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    if (err == ENOENT) throw InputRejected(kExitUnreadable, path + ": no such file");
    throw InputRejected(kExitUnreadable, path + ": cannot open: " + std::strerror(err));
  }
  struct Closer { int fd; ~Closer() { ::close(fd); } } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) throw InputRejected(kExitUnreadable, path + ": cannot stat: " + std::strerror(errno));
  if (S_ISDIR(st.st_mode)) throw InputRejected(kExitUnreadable, path + ": is a directory");
  if (!S_ISREG(st.st_mode)) throw InputRejected(kExitUnreadable, path + ": not a regular file");
  if (st.st_size == 0) throw InputRejected(kExitEmpty, path + ": empty file");
  if (uint64_t(st.st_size) > max_size)
    throw InputRejected(kExitTooLarge, path + ": " + std::to_string(st.st_size) + " bytes is more than the limit of " +
                                           std::to_string(max_size) + " (--max-file-size)");
  std::vector<uint8_t> bytes(size_t(st.st_size));
  size_t got = 0;
  while (got < bytes.size()) {
    ssize_t n = ::read(fd, bytes.data() + got, bytes.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw InputRejected(kExitUnreadable, path + ": read failed: " + std::strerror(errno));
    if (n == 0) break;
    got += size_t(n);
  }
  bytes.resize(got);
  if (bytes.empty()) throw InputRejected(kExitEmpty, path + ": empty file");
  return bytes;
}

std::vector<std::string> expand_inputs(const std::vector<std::string>& args) {
  std::vector<std::string> out;
  for (const auto& a : args) {
    std::error_code ec;
    if (!fs::is_directory(a, ec)) {
      out.push_back(a);
      continue;
    }
    std::vector<std::string> found;
    for (fs::recursive_directory_iterator it(a, fs::directory_options::skip_permission_denied, ec), end;
         !ec && it != end; it.increment(ec)) {
      if (it->is_regular_file(ec) && !it->is_symlink(ec)) found.push_back(it->path().string());
    }
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

}  // namespace emu::service
