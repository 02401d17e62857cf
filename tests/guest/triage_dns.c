// Heuristic 17 (network activity, T1071) and 3: loads ws2_32 at run time,
// resolves a host and connects to it.
#include <winsock2.h>
#include <windows.h>

typedef int(WSAAPI* startup_fn)(WORD, LPWSADATA);
typedef struct hostent*(WSAAPI* gethost_fn)(const char*);
typedef SOCKET(WSAAPI* socket_fn)(int, int, int);
typedef int(WSAAPI* connect_fn)(SOCKET, const struct sockaddr*, int);
typedef int(WSAAPI* send_fn)(SOCKET, const char*, int, int);
typedef int(WSAAPI* close_fn)(SOCKET);

int main(void) {
  HMODULE ws = LoadLibraryA("ws2_32.dll");
  if (!ws) return 1;
  startup_fn startup = (startup_fn)GetProcAddress(ws, "WSAStartup");
  gethost_fn gethost = (gethost_fn)GetProcAddress(ws, "gethostbyname");
  socket_fn sock = (socket_fn)GetProcAddress(ws, "socket");
  connect_fn conn = (connect_fn)GetProcAddress(ws, "connect");
  send_fn snd = (send_fn)GetProcAddress(ws, "send");
  close_fn cls = (close_fn)GetProcAddress(ws, "closesocket");
  if (!startup || !gethost || !sock || !conn || !snd || !cls) return 2;
  WSADATA wsa;
  if (startup(MAKEWORD(2, 2), &wsa) != 0) return 3;
  struct hostent* h = gethost("c2.example.net");
  SOCKET s = sock(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  if (h && h->h_addr_list[0] && s != INVALID_SOCKET) {
    struct sockaddr_in addr;
    ZeroMemory(&addr, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = (u_short)((8443 >> 8) | ((8443 & 0xff) << 8));  // htons(8443)
    CopyMemory(&addr.sin_addr, h->h_addr_list[0], 4);
    if (conn(s, (struct sockaddr*)&addr, sizeof addr) == 0) snd(s, "hello", 5, 0);
  }
  if (s != INVALID_SOCKET) cls(s);
  return 0;
}
