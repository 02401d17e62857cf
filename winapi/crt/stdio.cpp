// The C runtime's printf family and stdio streams. The report shows the
// formatted output in place of the format argument, as Speakeasy does.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

std::string out_text(const std::u16string& s) { return utf16_to_utf8(s); }

template <class S> std::u16string fmt_units(Call& c, uint64_t fmt) {
  if constexpr (S::wide) return c.s.read_wstr(fmt, 65536);
  else return widen_bytes(c.s.read_astr(fmt, 65536));
}

template <class S> std::u16string format(Call& c, uint64_t fmt, VarArgs va) {
  return format_printf(fmt_units<S>(c, fmt), S::wide, va, 1 << 20);
}

// Writes formatted output into a guest buffer of `count` characters
// (SIZE_MAX: unbounded); returns what sprintf returns.
template <class S> uint64_t write_out(Call& c, uint64_t buf, uint64_t count, const std::u16string& out, bool snprintf_style) {
  if (!buf) return out.size();
  const size_t n = count == SIZE_MAX ? out.size() + 1 : count;
  if (n == 0) return out.size();
  if constexpr (S::wide) c.s.write_wstr(buf, out, n);
  else c.s.write_astr(buf, narrow_units(out), n);
  if (out.size() >= n && !snprintf_style) return static_cast<uint64_t>(-1);
  return out.size();
}

// printf(fmt, ...) / wprintf
template <class S> uint64_t printf_(Call& c, S fmt) {
  const auto out = format<S>(c, fmt.ptr, c.varargs(1));
  c.set_arg_text(0, out_text(out));
  return out.size();
}
template <class S> uint64_t vprintf_(Call& c, S fmt, Ptr va) {
  const auto out = format<S>(c, fmt.ptr, c.valist(va));
  c.set_arg_text(0, out_text(out));
  return out.size();
}
template <class S> uint64_t fprintf_(Call& c, Ptr, S fmt) {
  const auto out = format<S>(c, fmt.ptr, c.varargs(2));
  c.set_arg_text(1, out_text(out));
  return out.size();
}
template <class S> uint64_t vfprintf_(Call& c, Ptr, S fmt, Ptr va) {
  const auto out = format<S>(c, fmt.ptr, c.valist(va));
  c.set_arg_text(1, out_text(out));
  return out.size();
}
template <class S> uint64_t sprintf_(Call& c, Ptr buf, S fmt) {
  const auto out = format<S>(c, fmt.ptr, c.varargs(2));
  c.set_arg_text(1, out_text(out));
  return write_out<S>(c, buf, SIZE_MAX, out, true);
}
template <class S> uint64_t vsprintf_(Call& c, Ptr buf, S fmt, Ptr va) {
  const auto out = format<S>(c, fmt.ptr, c.valist(va));
  c.set_arg_text(1, out_text(out));
  return write_out<S>(c, buf, SIZE_MAX, out, true);
}
template <class S, bool Snprintf> uint64_t snprintf_(Call& c, Ptr buf, uint64_t count, S fmt) {
  const auto out = format<S>(c, fmt.ptr, c.varargs(3));
  c.set_arg_text(2, out_text(out));
  return write_out<S>(c, buf, static_cast<uint32_t>(count), out, Snprintf);
}
template <class S, bool Snprintf> uint64_t vsnprintf_(Call& c, Ptr buf, uint64_t count, S fmt, Ptr va) {
  const auto out = format<S>(c, fmt.ptr, c.valist(va));
  c.set_arg_text(2, out_text(out));
  return write_out<S>(c, buf, static_cast<uint32_t>(count), out, Snprintf);
}

// UCRT: __stdio_common_vfprintf(unsigned __int64 options, FILE*, format, locale, va_list)
// The 64-bit options take two slots on x86; the report shows five arguments.
template <class S> uint64_t common_vfprintf(Call& c) {
  const size_t k = c.s.x64 ? 0 : 1;
  const uint64_t opts = c.arg(0) | (c.s.x64 ? 0 : (c.arg(1) << 32));
  const auto out = format<S>(c, c.arg(2 + k), c.valist(c.arg(4 + k)));
  c.args_text = {hex(opts), hex(c.arg(1 + k)), out_text(out), hex(c.arg(3 + k)), hex(c.arg(4 + k))};
  return out.size();
}
// __stdio_common_vsprintf(options, buffer, count, format, locale, va_list)
template <class S> uint64_t common_vsprintf(Call& c) {
  const size_t k = c.s.x64 ? 0 : 1;
  const uint64_t opts = c.arg(0) | (c.s.x64 ? 0 : (c.arg(1) << 32));
  const uint64_t buf = c.arg(1 + k), count = c.arg(2 + k);
  const auto out = format<S>(c, c.arg(3 + k), c.valist(c.arg(5 + k)));
  c.args_text = {hex(opts), hex(buf), hex(count), out_text(out), hex(c.arg(4 + k)), hex(c.arg(5 + k))};
  // _CRT_INTERNAL_PRINTF_STANDARD_SNPRINTF_BEHAVIOR (2): C99 return value.
  const uint64_t cnt = c.s.x64 ? count : (count & 0xFFFFFFFF);
  return write_out<S>(c, buf, cnt == (c.s.x64 ? ~0ull : 0xFFFFFFFFull) ? SIZE_MAX : cnt, out, (opts & 2) != 0);
}
// __stdio_common_vsnprintf_s(options, buffer, size, count, format, locale, va_list)
template <class S> uint64_t common_vsnprintf_s(Call& c) {
  const size_t k = c.s.x64 ? 0 : 1;
  const uint64_t buf = c.arg(1 + k), size = c.arg(2 + k);
  const auto out = format<S>(c, c.arg(4 + k), c.valist(c.arg(6 + k)));
  c.args_text = {hex(c.arg(0)), hex(buf), hex(size), hex(c.arg(3 + k)), out_text(out)};
  return write_out<S>(c, buf, size, out, false);
}
template <class S> uint64_t common_vsprintf_s(Call& c) {
  const size_t k = c.s.x64 ? 0 : 1;
  const uint64_t buf = c.arg(1 + k), size = c.arg(2 + k);
  const auto out = format<S>(c, c.arg(3 + k), c.valist(c.arg(5 + k)));
  c.args_text = {hex(c.arg(0)), hex(buf), hex(size), out_text(out)};
  return write_out<S>(c, buf, size, out, false);
}

uint64_t puts_(Call&, AStr s) { return s.str.size() + 1; }
uint64_t putws_(Call&, WStr s) { return s.str.size() + 1; }
uint64_t fputs_(Call&, AStr, Ptr) { return 0; }
uint64_t fputws_(Call&, WStr, Ptr) { return 0; }
uint64_t putchar_(Call&, uint32_t ch) { return ch & 0xFF; }
uint64_t fputc_(Call&, uint32_t ch, Ptr) { return ch & 0xFF; }
uint64_t fflush_(Call&, Ptr) { return 0; }
uint64_t scanf_(Call&, AStr) { return 0; }
uint64_t sscanf_(Call&, Ptr, AStr) { return 0; }
uint64_t getchar_(Call&) { return static_cast<uint32_t>(-1); }

// ---- file streams on the virtual file system ----
std::shared_ptr<FileObject> stream(Call& c, uint64_t f) {
  auto it = c.s.crt_streams.find(f);
  if (it == c.s.crt_streams.end()) return nullptr;
  return c.s.handles.get<FileObject>(it->second);
}
template <class S> uint64_t fopen_(Call& c, S path, S mode) {
  const bool write = mode.str.find_first_of("wa") != std::string::npos;
  const bool plus = mode.str.find('+') != std::string::npos;
  std::shared_ptr<VFile> f;
  if (mode.str.find('w') != std::string::npos) f = c.s.vfs.create(path.str, true);
  else if (mode.str.find('a') != std::string::npos) { f = c.s.vfs.find(path.str); if (!f) f = c.s.vfs.create(path.str, false); }
  else f = c.s.vfs.find(path.str);
  if (!f) {
    c.s.write_u32(c.s.static_buffer("crt.errno", 8), 2);
    return 0;
  }
  auto fo = std::make_shared<FileObject>();
  fo->file = f;
  fo->path = path.str;
  fo->access = write || plus ? 0xC0000000 : 0x80000000;
  if (mode.str.find('a') != std::string::npos) fo->pos = f->data.size();
  const uint64_t h = c.s.handles.add(fo);
  const uint64_t fp = c.s.heap_alloc(0x40, true);
  c.s.crt_streams[fp] = h;
  c.s.emit(write ? "file_create" : "file_open", {{"path", c.s.vfs.full_path(path.str)}, {"handle", hex(h)}});
  return fp;
}
uint64_t fclose_(Call& c, Ptr fp) {
  auto it = c.s.crt_streams.find(fp);
  if (it == c.s.crt_streams.end()) return static_cast<uint32_t>(-1);
  c.s.handles.close(it->second);
  c.s.crt_streams.erase(it);
  return 0;
}
uint64_t fread_(Call& c, Ptr buf, uint64_t size, uint64_t n, Ptr fp) {
  auto f = stream(c, fp);
  if (!f || !size) return 0;
  const uint64_t want = std::min<uint64_t>(size * n, 64u << 20);
  const uint64_t avail = f->pos < f->file->data.size() ? f->file->data.size() - f->pos : 0;
  const uint64_t got = std::min(want, avail);
  c.s.mem.write(buf, f->file->data.data() + f->pos, got);
  f->pos += got;
  c.s.emit("file_read", {{"path", f->file->path}, {"handle", hex(c.s.crt_streams[fp])}, {"size", got}, {"buffer", hex(buf)}});
  return got / size;
}
uint64_t fwrite_(Call& c, Ptr buf, uint64_t size, uint64_t n, Ptr fp) {
  auto f = stream(c, fp);
  if (!f) return n;  // stdout/stderr
  const uint64_t len = std::min<uint64_t>(size * n, 64u << 20);
  std::vector<uint8_t> data(len);
  c.s.mem.read(buf, data.data(), len);
  auto& d = f->file->data;
  if (d.size() < f->pos + len) d.resize(f->pos + len);
  std::copy(data.begin(), data.end(), d.begin() + f->pos);
  f->pos += len;
  f->file->written = true;
  c.s.emit("file_write", {{"path", f->file->path}, {"handle", hex(c.s.crt_streams[fp])}, {"size", len}, {"buffer", hex(buf)}});
  return size ? len / size : 0;
}
uint64_t fseek_(Call& c, Ptr fp, int32_t off, uint32_t whence) {
  auto f = stream(c, fp);
  if (!f) return static_cast<uint32_t>(-1);
  int64_t base = whence == 0 ? 0 : whence == 1 ? static_cast<int64_t>(f->pos) : static_cast<int64_t>(f->file->data.size());
  f->pos = static_cast<uint64_t>(std::max<int64_t>(0, base + off));
  return 0;
}
uint64_t ftell_(Call& c, Ptr fp) {
  auto f = stream(c, fp);
  return f ? f->pos : static_cast<uint32_t>(-1);
}
uint64_t feof_(Call& c, Ptr fp) {
  auto f = stream(c, fp);
  return f ? f->pos >= f->file->data.size() : 1;
}
uint64_t fgets_(Call& c, Ptr buf, int32_t n, Ptr fp) {
  auto f = stream(c, fp);
  if (!f || n <= 1 || f->pos >= f->file->data.size()) return 0;
  std::string line;
  while (f->pos < f->file->data.size() && static_cast<int32_t>(line.size()) < n - 1) {
    const char ch = static_cast<char>(f->file->data[f->pos++]);
    line.push_back(ch);
    if (ch == '\n') break;
  }
  c.s.write_astr(buf, line);
  return buf;
}

}  // namespace

void register_crt_stdio(ApiRegistry& r) {
  auto t = r.table("msvcrt", Conv::Cdecl);
  t.add_varargs<&printf_<AStr>>("printf");
  t.add_varargs<&printf_<WStr>>("wprintf");
  t.add<&vprintf_<AStr>>("vprintf");
  t.add<&vprintf_<WStr>>("vwprintf");
  t.add_varargs<&fprintf_<AStr>>("fprintf");
  t.add_varargs<&fprintf_<WStr>>("fwprintf");
  t.add<&vfprintf_<AStr>>("vfprintf");
  t.add<&vfprintf_<WStr>>("vfwprintf");
  t.add_varargs<&sprintf_<AStr>>("sprintf");
  t.add_varargs<&sprintf_<WStr>>("swprintf");
  t.add_varargs<&sprintf_<WStr>>("_swprintf");
  t.add<&vsprintf_<AStr>>("vsprintf");
  t.add<&vsprintf_<WStr>>("_vswprintf");
  t.add_varargs<&snprintf_<AStr, false>>("_snprintf");
  t.add_varargs<&snprintf_<AStr, true>>("snprintf");
  t.add_varargs<&snprintf_<AStr, false>>("sprintf_s");
  t.add_varargs<&snprintf_<WStr, false>>("_snwprintf");
  t.add_varargs<&snprintf_<WStr, false>>("swprintf_s");
  t.add<&vsnprintf_<AStr, false>>("_vsnprintf");
  t.add<&vsnprintf_<AStr, true>>("vsnprintf");
  t.add<&vsnprintf_<AStr, false>>("vsprintf_s");
  t.add<&vsnprintf_<WStr, false>>("_vsnwprintf");
  t.add<&vsnprintf_<WStr, false>>("vswprintf");
  t.add<&vsnprintf_<WStr, false>>("vswprintf_s");
  t.add_varargs<&common_vfprintf<AStr>>("__stdio_common_vfprintf");
  t.add_varargs<&common_vfprintf<WStr>>("__stdio_common_vfwprintf");
  t.add_varargs<&common_vsprintf<AStr>>("__stdio_common_vsprintf");
  t.add_varargs<&common_vsprintf<WStr>>("__stdio_common_vswprintf");
  t.add_varargs<&common_vsnprintf_s<AStr>>("__stdio_common_vsnprintf_s");
  t.add_varargs<&common_vsnprintf_s<WStr>>("__stdio_common_vsnwprintf_s");
  t.add_varargs<&common_vsprintf_s<AStr>>("__stdio_common_vsprintf_s");
  t.add_varargs<&common_vsprintf_s<WStr>>("__stdio_common_vswprintf_s");
  t.add<&puts_>("puts");
  t.add<&putws_>("_putws");
  t.add<&fputs_>("fputs");
  t.add<&fputws_>("fputws");
  t.add<&putchar_>("putchar");
  t.add<&fputc_>("fputc");
  t.add<&fputc_>("putc");
  t.add<&fputc_>("fputwc");
  t.add<&fflush_>("fflush");
  t.add_varargs<&scanf_>("scanf");
  t.add_varargs<&sscanf_>("sscanf");
  t.add<&getchar_>("getchar");
  t.add<&getchar_>("_getch");
  t.add<&fopen_<AStr>>("fopen");
  t.add<&fopen_<WStr>>("_wfopen");
  t.add<&fclose_>("fclose");
  t.add<&fread_>("fread");
  t.add<&fwrite_>("fwrite");
  t.add<&fseek_>("fseek");
  t.add<&ftell_>("ftell");
  t.add<&feof_>("feof");
  t.add<&fgets_>("fgets");
}

}  // namespace emu::winapi
