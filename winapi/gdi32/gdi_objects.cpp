// gdi32 objects: bitmaps (DIB sections with their bits in guest memory),
// fonts, palettes and brushes are handles in the handle table that
// GetObject describes, SelectObject swaps into a device context and
// DeleteObject frees. Stock objects are made once per emulation and survive
// DeleteObject, as on Windows. There is no display: nothing is drawn.
#include <array>
#include <map>

#include "winapi/core/handler.h"
#include "winapi/core/session_state.h"

namespace emu::winapi {
namespace {

enum class GdiType : uint8_t { Pen = 1, Brush = 2, Font = 6, Palette = 5, Bitmap = 7 };  // OBJ_* values

struct GdiObject : Object {
  explicit GdiObject(GdiType t) : type(t) {}
  const char* kind() const override {
    switch (type) {
      case GdiType::Pen: return "gdi_pen";
      case GdiType::Brush: return "gdi_brush";
      case GdiType::Font: return "gdi_font";
      case GdiType::Palette: return "gdi_palette";
      case GdiType::Bitmap: return "gdi_bitmap";
    }
    return "gdi";
  }
  GdiType type;
  bool stock = false;
  // Bitmap.
  int32_t width = 0, height = 0;
  uint16_t bpp = 1;
  uint32_t stride = 0;
  uint64_t bits = 0;             // DIB section: the guest address of the pixels
  bool dib = false;
  uint32_t compression = 0;
  // Brush and pen.
  uint32_t style = 0, color = 0;
  // Font: LOGFONTW fields before the face name, and the face name.
  std::array<uint8_t, 28> logfont{};
  std::string face;
  // Palette.
  std::vector<uint32_t> entries;
};

// Stock objects by GetStockObject index, and what each device context has
// selected.
struct GdiState : Object {
  const char* kind() const override { return "gdi_state"; }
  std::map<int, uint64_t> stock;
  std::map<uint64_t, std::map<GdiType, uint64_t>> selected;  // hdc -> type -> object
};

std::shared_ptr<GdiObject> gdi(Call& c, uint64_t h) { return c.s.handles.get<GdiObject>(h); }

uint64_t stock_object(Call& c, int index) {
  GdiState& st = session_state<GdiState>(c.s, "gdi");
  if (auto it = st.stock.find(index); it != st.stock.end()) return it->second;
  std::shared_ptr<GdiObject> o;
  static constexpr uint32_t kBrushColors[5] = {0xFFFFFF, 0xC0C0C0, 0x808080, 0x404040, 0x000000};
  if (index >= 0 && index <= 5) {                          // WHITE/LTGRAY/GRAY/DKGRAY/BLACK/NULL_BRUSH
    o = std::make_shared<GdiObject>(GdiType::Brush);
    if (index == 5) o->style = 1;                          // BS_NULL
    else o->color = kBrushColors[index];
  } else if (index >= 6 && index <= 8) {                   // WHITE/BLACK/NULL_PEN
    o = std::make_shared<GdiObject>(GdiType::Pen);
    o->color = index == 6 ? 0xFFFFFF : 0;
    if (index == 8) o->style = 5;                          // PS_NULL
  } else if ((index >= 10 && index <= 14) || index == 16 || index == 17) {
    o = std::make_shared<GdiObject>(GdiType::Font);
    o->face = index == 17 ? "MS Shell Dlg" : index == 13 ? "System" : "Courier";
  } else if (index == 15) {                                // DEFAULT_PALETTE: the 20 static colours
    o = std::make_shared<GdiObject>(GdiType::Palette);
    o->entries.assign(20, 0);
  } else if (index == 18) {                                // DC_BRUSH
    o = std::make_shared<GdiObject>(GdiType::Brush);
    o->color = 0xFFFFFF;
  } else if (index == 19) {                                // DC_PEN
    o = std::make_shared<GdiObject>(GdiType::Pen);
  } else if (index == -1) {                                // the 1x1 monochrome bitmap of a new memory DC
    o = std::make_shared<GdiObject>(GdiType::Bitmap);
    o->width = o->height = 1;
    o->stride = 2;
  } else {
    return 0;
  }
  o->stock = true;
  const uint64_t h = c.s.handles.add(o);
  st.stock[index] = h;
  return h;
}

uint64_t GetStockObject(Call& c, int32_t index) { return stock_object(c, index); }

uint64_t default_selection(Call& c, GdiType t) {
  switch (t) {
    case GdiType::Pen: return stock_object(c, 7);       // BLACK_PEN
    case GdiType::Brush: return stock_object(c, 0);     // WHITE_BRUSH
    case GdiType::Font: return stock_object(c, 13);     // SYSTEM_FONT
    case GdiType::Bitmap: return stock_object(c, -1);
    case GdiType::Palette: return stock_object(c, 15);
  }
  return 0;
}

// Returns the object of the same type that was selected before.
uint64_t SelectObject(Call& c, Handle dc, Handle h) {
  auto o = gdi(c, h);
  if (!dc || !o || o->type == GdiType::Palette) return fail(c, kErrInvalidHandle);  // palettes: SelectPalette
  GdiState& st = session_state<GdiState>(c.s, "gdi");
  auto& sel = st.selected[dc];
  auto it = sel.find(o->type);
  const uint64_t prev = it != sel.end() ? it->second : default_selection(c, o->type);
  sel[o->type] = h;
  return prev;
}

uint64_t DeleteObject(Call& c, Handle h) {
  auto o = gdi(c, h);
  if (!o) return fail(c, kErrInvalidHandle);
  if (o->stock) return 1;  // deleting a stock object does nothing and succeeds
  // An object still selected into a device context cannot be deleted.
  GdiState& st = session_state<GdiState>(c.s, "gdi");
  for (auto& [dc, sel] : st.selected)
    for (auto& [type, sh] : sel)
      if (sh == h) return 0;
  c.s.handles.close(h);
  return 1;
}

uint32_t dib_stride(int32_t width, uint16_t bpp) { return ((static_cast<uint32_t>(width) * bpp + 31) / 32) * 4; }

// CreateDIBSection(hdc, BITMAPINFO*, usage, void** bits, section, offset):
// the pixels live in guest memory the caller writes directly.
uint64_t CreateDIBSection(Call& c, Handle, Ptr info, uint32_t usage, Ptr bits_out, Handle, uint32_t) {
  if (bits_out) c.s.write_ptr(bits_out, 0);
  if (!info || usage > 1) return fail(c, kErrInvalidParameter);
  const uint32_t hsize = c.s.read_u32(info);
  int32_t width, height;
  uint16_t planes, bpp;
  uint32_t compression = 0;
  if (hsize == 12) {  // BITMAPCOREHEADER: 16-bit dimensions
    width = c.s.read_u16(info + 4);
    height = c.s.read_u16(info + 6);
    planes = c.s.read_u16(info + 8);
    bpp = c.s.read_u16(info + 10);
  } else if (hsize >= 40 && hsize <= 124) {  // BITMAPINFOHEADER, V4, V5
    width = static_cast<int32_t>(c.s.read_u32(info + 4));
    height = static_cast<int32_t>(c.s.read_u32(info + 8));
    planes = c.s.read_u16(info + 12);
    bpp = c.s.read_u16(info + 14);
    compression = c.s.read_u32(info + 16);
  } else {
    return fail(c, kErrInvalidParameter);
  }
  const bool bpp_ok = bpp == 1 || bpp == 4 || bpp == 8 || bpp == 16 || bpp == 24 || bpp == 32;
  // BI_RGB, or BI_BITFIELDS for 16 and 32 bits per pixel.
  const bool compression_ok = compression == 0 || (compression == 3 && (bpp == 16 || bpp == 32));
  if (planes != 1 || !bpp_ok || !compression_ok || width <= 0 || height == 0 || width > 0x100000 ||
      height < -0x100000 || height > 0x100000)
    return fail(c, kErrInvalidParameter);
  const uint32_t stride = dib_stride(width, bpp);
  const uint64_t size = static_cast<uint64_t>(stride) * static_cast<uint64_t>(height < 0 ? -height : height);
  if (size > (256ull << 20)) return fail(c, kErrNotEnoughMemory);
  const uint64_t bits = c.s.virtual_alloc(0, size, 0x04 /* PAGE_READWRITE */, "dib_section");
  if (!bits) return fail(c, kErrNotEnoughMemory);
  auto o = std::make_shared<GdiObject>(GdiType::Bitmap);
  o->width = width;
  o->height = height;
  o->bpp = bpp;
  o->stride = stride;
  o->bits = bits;
  o->dib = true;
  o->compression = compression;
  const uint64_t h = c.s.handles.add(o);
  if (bits_out) c.s.write_ptr(bits_out, bits);
  return h;
}

// Device-dependent bitmaps (no pixels the guest can reach).
uint64_t make_ddb(Call& c, int32_t w, int32_t h, uint16_t bpp) {
  if (w < 0 || h < 0) return fail(c, kErrInvalidParameter);
  auto o = std::make_shared<GdiObject>(GdiType::Bitmap);
  o->width = w;
  o->height = h;
  o->bpp = bpp;
  o->stride = ((static_cast<uint32_t>(w) * bpp + 15) / 16) * 2;  // WORD-aligned rows
  if (w == 0 || h == 0) return stock_object(c, -1);             // documented: the 1x1 monochrome bitmap
  return c.s.handles.add(o);
}
uint64_t CreateCompatibleBitmap(Call& c, Handle dc, int32_t w, int32_t h) {
  if (!dc) return fail(c, kErrInvalidHandle);
  return make_ddb(c, w, h, 32);
}
uint64_t CreateBitmap(Call& c, int32_t w, int32_t h, uint32_t planes, uint32_t bpp, Ptr) {
  if (planes != 1 || bpp == 0 || bpp > 32) return fail(c, kErrInvalidParameter);
  return make_ddb(c, w, h, static_cast<uint16_t>(bpp));
}

// A memory device context: a handle whose selections SelectObject tracks
// (a new one holds the stock pens, brush, font and the 1x1 bitmap).
uint64_t CreateCompatibleDC(Call& c, Handle) { return c.s.handles.add(std::make_shared<GenericObject>("gdi_dc")); }
// CreateDC / CreateIC for a driver ("DISPLAY", a printer name): a device
// context like a memory one; no driver name fails as documented.
template <class S> uint64_t CreateDC(Call& c, S driver, S device, S, Ptr) {
  if (driver.null() && device.null()) return fail(c, kErrInvalidParameter);
  auto dc = std::make_shared<GenericObject>("gdi_dc");
  dc->props["driver"] = driver.null() ? device.str : driver.str;
  return c.s.handles.add(dc);
}

uint64_t CreateSolidBrush(Call& c, uint32_t color) {
  auto o = std::make_shared<GdiObject>(GdiType::Brush);
  o->style = 0;  // BS_SOLID
  o->color = color & 0x00FFFFFF;
  return c.s.handles.add(o);
}

uint64_t CreatePen(Call& c, int32_t style, int32_t, uint32_t color) {
  if (style < 0 || style > 6) return fail(c, kErrInvalidParameter);
  auto o = std::make_shared<GdiObject>(GdiType::Pen);
  o->style = static_cast<uint32_t>(style);
  o->color = color & 0x00FFFFFF;
  return c.s.handles.add(o);
}

// LOGFONTA/W: five LONGs and eight BYTEs (28 bytes), then lfFaceName[32].
template <class S> uint64_t CreateFontIndirect(Call& c, Ptr lf) {
  if (!lf) return fail(c, kErrInvalidParameter);
  auto o = std::make_shared<GdiObject>(GdiType::Font);
  if (!c.s.mem.read(lf, o->logfont.data(), o->logfont.size())) return fail(c, kErrInvalidParameter);
  o->face = S::wide ? c.s.read_wstr_utf8(lf + 28, 31) : ansi_to_utf8(c.s.read_astr(lf + 28, 31));
  c.set_arg_text(0, o->face);
  return c.s.handles.add(o);
}

// LOGPALETTE: palVersion (0x300), palNumEntries, PALETTEENTRY[n].
uint64_t CreatePalette(Call& c, Ptr lp) {
  if (!lp || c.s.read_u16(lp) != 0x300) return fail(c, kErrInvalidParameter);
  const uint16_t n = c.s.read_u16(lp + 2);
  if (n == 0) return fail(c, kErrInvalidParameter);
  auto o = std::make_shared<GdiObject>(GdiType::Palette);
  o->entries.resize(n);
  for (uint16_t i = 0; i < n; ++i) o->entries[i] = c.s.read_u32(lp + 4 + 4ull * i);
  return c.s.handles.add(o);
}

// GetObject: the object's description (BITMAP, DIBSECTION, LOGBRUSH,
// LOGPEN, LOGFONT, palette entry count); the size needed when `out` is NULL.
template <class S> uint64_t GetObject(Call& c, Handle h, int32_t n, Ptr out) {
  auto o = gdi(c, h);
  if (!o || n < 0) return fail(c, kErrInvalidHandle);
  const bool x64 = c.s.x64;
  std::vector<uint8_t> d;
  auto put32 = [&d](size_t at, uint32_t v) { std::memcpy(d.data() + at, &v, 4); };
  auto put16 = [&d](size_t at, uint16_t v) { std::memcpy(d.data() + at, &v, 2); };
  switch (o->type) {
    case GdiType::Bitmap: {
      const size_t bm = x64 ? 32 : 24;                    // BITMAP
      const size_t ds = x64 ? 104 : 84;                   // DIBSECTION
      const bool want_ds = o->dib && static_cast<size_t>(n) >= ds;
      d.assign(want_ds ? ds : bm, 0);
      put32(4, static_cast<uint32_t>(o->width));
      put32(8, static_cast<uint32_t>(o->height < 0 ? -o->height : o->height));
      put32(12, o->stride);
      put16(16, 1);
      put16(18, o->bpp);
      if (x64) std::memcpy(d.data() + 24, &o->bits, 8);
      else put32(20, static_cast<uint32_t>(o->bits));
      if (want_ds) {                                      // dsBmih: the header as created
        put32(bm, 40);
        put32(bm + 4, static_cast<uint32_t>(o->width));
        put32(bm + 8, static_cast<uint32_t>(o->height));
        put16(bm + 12, 1);
        put16(bm + 14, o->bpp);
        put32(bm + 16, o->compression);
        put32(bm + 20, o->stride * static_cast<uint32_t>(o->height < 0 ? -o->height : o->height));
      }
      break;
    }
    case GdiType::Brush:                                  // LOGBRUSH
      d.assign(x64 ? 16 : 12, 0);
      put32(0, o->style);
      put32(4, o->color);
      break;
    case GdiType::Pen:                                    // LOGPEN: style, POINT width, colour
      d.assign(16, 0);
      put32(0, o->style);
      put32(4, 1);
      put32(12, o->color);
      break;
    case GdiType::Font: {                                 // LOGFONTA (60) / LOGFONTW (92)
      d.assign(S::wide ? 92 : 60, 0);
      std::memcpy(d.data(), o->logfont.data(), o->logfont.size());
      if (S::wide) {
        const std::u16string w = utf8_to_utf16(o->face).substr(0, 31);
        std::memcpy(d.data() + 28, w.data(), w.size() * 2);
      } else {
        const std::string a = utf8_to_ansi(o->face).substr(0, 31);
        std::memcpy(d.data() + 28, a.data(), a.size());
      }
      break;
    }
    case GdiType::Palette:                                // the number of entries
      d.assign(2, 0);
      put16(0, static_cast<uint16_t>(o->entries.size()));
      break;
  }
  if (!out) return d.size();
  const size_t len = std::min(d.size(), static_cast<size_t>(n));
  if (!c.s.mem.write(out, d.data(), len)) return fail(c, kErrInvalidParameter);
  return len;
}

uint64_t GetObjectType(Call& c, Handle h) {
  auto o = gdi(c, h);
  if (!o) return fail(c, kErrInvalidHandle);
  return static_cast<uint32_t>(o->type);
}

}  // namespace

// Registered after gdi32/device_context.cpp: these replace its placeholders
// of SelectObject, DeleteObject, GetStockObject, GetObject,
// CreateCompatibleDC and CreateCompatibleBitmap.
void register_gdi32_gdi_objects(ApiRegistry& r) {
  auto t = r.table("gdi32");
  t.add<&CreateDIBSection>("CreateDIBSection");
  t.add<&CreateCompatibleDC>("CreateCompatibleDC");
  t.add<&CreateDC<AStr>>("CreateDCA");
  t.add<&CreateDC<WStr>>("CreateDCW");
  t.add<&CreateDC<AStr>>("CreateICA");
  t.add<&CreateDC<WStr>>("CreateICW");
  t.add<&CreateCompatibleBitmap>("CreateCompatibleBitmap");
  t.add<&CreateBitmap>("CreateBitmap");
  t.add<&CreateSolidBrush>("CreateSolidBrush");
  t.add<&CreatePen>("CreatePen");
  t.add<&CreateFontIndirect<AStr>>("CreateFontIndirectA");
  t.add<&CreateFontIndirect<WStr>>("CreateFontIndirectW");
  t.add<&CreatePalette>("CreatePalette");
  t.add<&GetStockObject>("GetStockObject");
  t.add<&SelectObject>("SelectObject");
  t.add<&DeleteObject>("DeleteObject");
  t.add<&GetObject<AStr>>("GetObjectA");
  t.add<&GetObject<WStr>>("GetObjectW");
  t.add<&GetObjectType>("GetObjectType");
}

}  // namespace emu::winapi
