// GDI objects as handles: a DIB section's bits are writable guest memory
// that GetObject describes; brushes, fonts and palettes; stock objects
// survive DeleteObject; SelectObject returns the previous selection.
// Returns 0, or the number of the first failed check.
// guest-flags: -lgdi32
#include <windows.h>

#define CHECK(n, cond) if (!(cond)) return n

int main(void) {
  BITMAPINFO bi;
  ZeroMemory(&bi, sizeof bi);
  bi.bmiHeader.biSize = sizeof(BITMAPINFOHEADER);
  bi.bmiHeader.biWidth = 10;
  bi.bmiHeader.biHeight = -4;  // top-down
  bi.bmiHeader.biPlanes = 1;
  bi.bmiHeader.biBitCount = 24;
  bi.bmiHeader.biCompression = BI_RGB;
  void* bits = (void*)1;
  HDC dc = CreateCompatibleDC(NULL);
  CHECK(1, dc != NULL);
  HBITMAP bmp = CreateDIBSection(dc, &bi, DIB_RGB_COLORS, &bits, NULL, 0);
  CHECK(2, bmp != NULL && bits != NULL);
  // 10 pixels x 3 bytes = 30, rounded up to 32 bytes a row; 4 rows.
  ((unsigned char*)bits)[32 * 4 - 1] = 0xAB;
  DIBSECTION ds;
  CHECK(3, GetObjectA(bmp, sizeof ds, &ds) == sizeof ds);
  CHECK(4, ds.dsBm.bmWidth == 10 && ds.dsBm.bmHeight == 4 && ds.dsBm.bmWidthBytes == 32);
  CHECK(5, ds.dsBm.bmBitsPixel == 24 && ds.dsBm.bmBits == bits && ds.dsBmih.biHeight == -4);
  BITMAP bm;
  CHECK(6, GetObjectA(bmp, sizeof bm, &bm) == sizeof bm && bm.bmBits == bits);
  CHECK(7, GetObjectType(bmp) == OBJ_BITMAP);
  // Invalid headers fail and clear *ppvBits.
  bi.bmiHeader.biBitCount = 7;
  bits = (void*)1;
  CHECK(8, CreateDIBSection(dc, &bi, DIB_RGB_COLORS, &bits, NULL, 0) == NULL && bits == NULL);
  // Selection: the first SelectObject returns the DC's default bitmap.
  HGDIOBJ old = SelectObject(dc, bmp);
  CHECK(9, old != NULL && old != bmp && GetObjectType(old) == OBJ_BITMAP);
  CHECK(10, DeleteObject(bmp) == 0);              // still selected
  CHECK(11, SelectObject(dc, old) == bmp);
  CHECK(12, DeleteObject(bmp) != 0);
  CHECK(13, GetObjectType(bmp) == 0);             // gone
  CHECK(14, DeleteObject(bmp) == 0);
  // Brushes.
  HBRUSH br = CreateSolidBrush(RGB(1, 2, 3));
  LOGBRUSH lb;
  CHECK(15, br && GetObjectA(br, sizeof lb, &lb) == sizeof lb);
  CHECK(16, lb.lbStyle == BS_SOLID && lb.lbColor == RGB(1, 2, 3));
  HGDIOBJ white = GetStockObject(WHITE_BRUSH);
  CHECK(17, SelectObject(dc, br) == white);       // a new DC holds the white brush
  CHECK(18, SelectObject(dc, white) == br);
  CHECK(19, DeleteObject(br) != 0);
  CHECK(20, DeleteObject(white) != 0 && GetObjectType(white) == OBJ_BRUSH);  // stock: survives
  CHECK(21, GetStockObject(WHITE_BRUSH) == white && GetStockObject(9) == NULL);
  // Fonts: GetObjectW gives the face name back as wide text.
  LOGFONTA lf;
  ZeroMemory(&lf, sizeof lf);
  lf.lfHeight = -12;
  lf.lfWeight = FW_BOLD;
  lstrcpyA(lf.lfFaceName, "Tahoma");
  HFONT font = CreateFontIndirectA(&lf);
  LOGFONTW lfw;
  CHECK(22, font && GetObjectW(font, sizeof lfw, &lfw) == sizeof lfw);
  CHECK(23, lfw.lfHeight == -12 && lfw.lfWeight == FW_BOLD && lstrcmpW(lfw.lfFaceName, L"Tahoma") == 0);
  CHECK(24, GetObjectType(font) == OBJ_FONT && DeleteObject(font));
  // Palettes.
  struct { WORD ver, n; PALETTEENTRY e[3]; } pal = {0x300, 3, {{1, 2, 3, 0}, {4, 5, 6, 0}, {7, 8, 9, 0}}};
  HPALETTE hp = CreatePalette((LOGPALETTE*)&pal);
  WORD entries = 0;
  CHECK(25, hp && GetObjectA(hp, sizeof entries, &entries) == sizeof entries && entries == 3);
  CHECK(26, GetObjectType(hp) == OBJ_PAL && DeleteObject(hp));
  pal.ver = 0x200;
  CHECK(27, CreatePalette((LOGPALETTE*)&pal) == NULL);
  CHECK(28, DeleteDC(dc));
  return 0;
}
