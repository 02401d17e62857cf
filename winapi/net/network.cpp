// Network APIs: wininet, winhttp, urlmon, ws2_32/wsock32, dnsapi. Answers
// come from the configuration (Network); every contact is recorded as a
// net_dns / net_http / net_traffic event.
#include "winapi/core/handler.h"
#include "winapi/net/crack_url.h"

namespace emu::winapi {
namespace {

std::shared_ptr<GenericObject> obj(Call& c, uint64_t h) { return c.s.handles.get<GenericObject>(h); }
uint64_t make(Call& c, const char* kind, std::map<std::string, std::string> props) {
  auto o = std::make_shared<GenericObject>(kind);
  o->props = std::move(props);
  return c.s.handles.add(o);
}
void dns_event(Call& c, const std::string& host) {
  if (host.empty() || Network::ipv4(host)) return;
  c.s.emit("net_dns", {{"query", host}, {"response", c.s.net.resolve(host)}});
}

struct Url { std::string scheme = "http", host, path = "/"; uint32_t port = 80; };
Url parse_url(const std::string& u) {
  Url r;
  std::string rest = u;
  const size_t p = rest.find("://");
  if (p != std::string::npos) { r.scheme = lower(rest.substr(0, p)); rest = rest.substr(p + 3); }
  r.port = r.scheme == "https" ? 443 : r.scheme == "ftp" ? 21 : 80;
  const size_t slash = rest.find('/');
  std::string hostport = slash == std::string::npos ? rest : rest.substr(0, slash);
  if (slash != std::string::npos) r.path = rest.substr(slash);
  const size_t at = hostport.rfind('@');
  if (at != std::string::npos) hostport = hostport.substr(at + 1);
  const size_t colon = hostport.rfind(':');
  if (colon != std::string::npos) {
    r.port = static_cast<uint32_t>(std::strtoul(hostport.c_str() + colon + 1, nullptr, 10));
    hostport.resize(colon);
  }
  r.host = hostport;
  return r;
}

void http_event(Call& c, GenericObject& req, const std::string& extra_headers) {
  auto& p = req.props;
  std::string headers = p["verb"] + " " + p["path"] + " HTTP/1.1\r\nHost: " + p["server"] + "\r\n";
  if (!p["agent"].empty()) headers += "User-Agent: " + p["agent"] + "\r\n";
  headers += extra_headers;
  c.s.emit("net_http", {{"server", p["server"]}, {"port", std::strtoul(p["port"].c_str(), nullptr, 10)},
                        {"proto", p["proto"]}, {"headers", headers}});
  req.data = c.s.net.http_response(p["verb"], p["path"]);
  req.cursor = 0;
}

// ---- wininet ----
template <class S> uint64_t InternetOpen(Call& c, S agent, uint32_t, S, S, uint32_t) { return make(c, "inet.session", {{"agent", agent.str}}); }
template <class S> uint64_t InternetConnect(Call& c, Handle session, S server, uint32_t port, S, S, uint32_t service, uint32_t, Ptr) {
  dns_event(c, server.str);
  auto s = obj(c, session);
  return make(c, "inet.connect", {{"server", server.str}, {"port", std::to_string(port ? port : 80)},
                                  {"agent", s ? s->props["agent"] : ""}, {"service", std::to_string(service)}});
}
template <class S> uint64_t HttpOpenRequest(Call& c, Handle conn, S verb, S path, S, S, Ptr, uint32_t flags, Ptr) {
  auto k = obj(c, conn);
  if (!k) return fail(c, kErrInvalidHandle);
  auto props = k->props;
  props["verb"] = verb.null() ? "GET" : verb.str;
  props["path"] = path.null() ? "/" : path.str;
  props["proto"] = (flags & 0x00800000) || props["port"] == "443" ? "https" : "http";
  return make(c, "inet.request", props);
}
template <class S> uint64_t HttpSendRequest(Call& c, Handle req, S headers, uint32_t, Ptr, uint32_t) {
  auto r = obj(c, req);
  if (!r) return fail(c, kErrInvalidHandle);
  http_event(c, *r, headers.str);
  return 1;
}
template <class S> uint64_t HttpSendRequestEx(Call& c, Handle req, Ptr, Ptr, uint32_t, Ptr) {
  auto r = obj(c, req);
  if (!r) return fail(c, kErrInvalidHandle);
  http_event(c, *r, "");
  return 1;
}
template <class S> uint64_t InternetOpenUrl(Call& c, Handle session, S url, S headers, uint32_t, uint32_t, Ptr) {
  const Url u = parse_url(url.str);
  dns_event(c, u.host);
  auto s = obj(c, session);
  auto o = std::make_shared<GenericObject>("inet.request");
  o->props = {{"server", u.host}, {"port", std::to_string(u.port)}, {"path", u.path}, {"verb", "GET"},
              {"proto", u.scheme}, {"agent", s ? s->props["agent"] : ""}};
  http_event(c, *o, headers.str);
  return c.s.handles.add(o);
}
uint64_t InternetReadFile(Call& c, Handle h, Ptr buf, uint32_t n, Ptr read) {
  auto r = obj(c, h);
  if (!r) return fail(c, kErrInvalidHandle);
  const uint64_t left = r->data.size() - std::min<uint64_t>(r->cursor, r->data.size());
  const uint64_t got = std::min<uint64_t>(n, left);
  c.s.mem.write(buf, r->data.data() + r->cursor, got);
  r->cursor += got;
  c.s.write_u32(read, static_cast<uint32_t>(got));
  return 1;
}
uint64_t InternetQueryDataAvailable(Call& c, Handle h, Ptr avail, uint32_t, Ptr) {
  auto r = obj(c, h);
  const uint64_t left = r ? r->data.size() - std::min<uint64_t>(r->cursor, r->data.size()) : 0;
  if (avail) c.s.write_u32(avail, static_cast<uint32_t>(left));
  return 1;
}
uint64_t InternetWriteFile(Call& c, Handle, Ptr, uint32_t n, Ptr written) { if (written) c.s.write_u32(written, n); return 1; }
template <class S> uint64_t HttpQueryInfo(Call& c, Handle, uint32_t level, Ptr buf, Ptr len, Ptr) {
  const uint32_t info = level & 0xFFFF;
  const bool number = level & 0x20000000;  // HTTP_QUERY_FLAG_NUMBER
  if (info == 19 && number) { c.s.write_u32(buf, 200); c.s.write_u32(len, 4); return 1; }
  std::string v = info == 19 ? "200" : info == 5 ? "256" : "";
  if (!len) return 0;
  const uint32_t cap = c.s.read_u32(len);
  const uint32_t need = static_cast<uint32_t>((v.size() + 1) * (S::wide ? 2 : 1));
  if (cap < need) { c.s.write_u32(len, need); return fail(c, kErrInsufficientBuffer); }
  c.s.write_str<S>(buf, v);
  c.s.write_u32(len, need - (S::wide ? 2 : 1));
  return 1;
}
uint64_t true_h(Call&, Handle) { return 1; }
uint64_t InternetSetOption(Call&, Handle, uint32_t, Ptr, uint32_t) { return 1; }
uint64_t InternetQueryOption(Call& c, Handle, uint32_t, Ptr buf, Ptr len) { if (buf && len) c.s.write_u32(buf, 0); return 1; }
uint64_t InternetGetConnectedState(Call& c, Ptr flags, uint32_t) { if (flags) c.s.write_u32(flags, 0x40); return 1; }
template <class S> uint64_t InternetCheckConnection(Call&, S, uint32_t, uint32_t) { return 1; }
template <class S> uint64_t HttpAddRequestHeaders(Call&, Handle, S, uint32_t, uint32_t) { return 1; }
template <class S> uint64_t InternetCrackUrl(Call& c, S url, uint32_t, uint32_t, Ptr comps) {
  return crack_url(c, url.str, url.ptr, S::wide, comps);
}

// ---- winhttp ----
uint64_t WinHttpOpen(Call& c, WStr agent, uint32_t, WStr, WStr, uint32_t) { return make(c, "inet.session", {{"agent", agent.str}}); }
uint64_t WinHttpConnect(Call& c, Handle session, WStr server, uint32_t port, uint32_t) {
  dns_event(c, server.str);
  auto s = obj(c, session);
  return make(c, "inet.connect", {{"server", server.str}, {"port", std::to_string(port ? port : 80)}, {"agent", s ? s->props["agent"] : ""}});
}
uint64_t WinHttpOpenRequest(Call& c, Handle conn, WStr verb, WStr path, WStr, WStr, Ptr, uint32_t flags) {
  auto k = obj(c, conn);
  if (!k) return fail(c, kErrInvalidHandle);
  auto props = k->props;
  props["verb"] = verb.null() ? "GET" : verb.str;
  props["path"] = path.null() ? "/" : path.str;
  props["proto"] = (flags & 0x00800000) || props["port"] == "443" ? "https" : "http";
  return make(c, "inet.request", props);
}
uint64_t WinHttpSendRequest(Call& c, Handle req, WStr headers, uint32_t, Ptr, uint32_t, uint32_t, Ptr) {
  auto r = obj(c, req);
  if (!r) return fail(c, kErrInvalidHandle);
  http_event(c, *r, headers.str);
  return 1;
}
uint64_t WinHttpReceiveResponse(Call&, Handle, Ptr) { return 1; }
uint64_t WinHttpQueryDataAvailable(Call& c, Handle h, Ptr avail) { return InternetQueryDataAvailable(c, h, avail, 0, Ptr{}); }
uint64_t WinHttpReadData(Call& c, Handle h, Ptr buf, uint32_t n, Ptr read) { return InternetReadFile(c, h, buf, n, read); }
uint64_t WinHttpSetOption(Call&, Handle, uint32_t, Ptr, uint32_t) { return 1; }
uint64_t WinHttpQueryHeaders(Call& c, Handle, uint32_t level, WStr, Ptr buf, Ptr len, Ptr) {
  if ((level & 0xFFFF) == 19 && (level & 0x20000000)) { c.s.write_u32(buf, 200); return 1; }
  if (len) c.s.write_u32(len, 0);
  return fail(c, 12150);
}
uint64_t WinHttpCrackUrl(Call& c, WStr url, uint32_t, uint32_t f, Ptr comps) { return InternetCrackUrl<WStr>(c, url, 0, f, comps); }
uint64_t WinHttpGetIEProxyConfigForCurrentUser(Call& c, Ptr cfg) { std::vector<uint8_t> z(4 * 8, 0); c.s.mem.write(cfg, z.data(), c.s.x64 ? 32 : 16); return 1; }

// ---- urlmon ----
template <class S> uint64_t URLDownloadToFile(Call& c, Ptr, S url, S file, uint32_t, Ptr) {
  const Url u = parse_url(url.str);
  dns_event(c, u.host);
  GenericObject req("inet.request");
  req.props = {{"server", u.host}, {"port", std::to_string(u.port)}, {"path", u.path}, {"verb", "GET"}, {"proto", u.scheme}};
  http_event(c, req, "");
  auto f = c.s.vfs.create(file.str, true);
  f->data = req.data;
  c.s.emit("file_create", {{"path", f->path}});
  c.s.emit("file_write", {{"path", f->path}, {"size", f->data.size()}});
  return 0;
}
template <class S> uint64_t URLDownloadToCacheFile(Call& c, Ptr caller, S url, Ptr buf, uint32_t n, uint32_t, Ptr cb) {
  const std::string path = "C:\\Users\\" + c.s.cfg.user_name + "\\AppData\\Local\\Temp\\download.tmp";
  S file;
  file.str = path;
  c.s.write_str<S>(buf, path, n);
  return URLDownloadToFile<S>(c, caller, url, file, 0, cb);
}

// ---- winsock ----
uint64_t WSAStartup(Call& c, uint32_t ver, Ptr data) {
  std::vector<uint8_t> z(c.s.x64 ? 408 : 400, 0);
  c.s.mem.write(data, z.data(), z.size());
  c.s.write_u16(data, static_cast<uint16_t>(ver));
  c.s.write_u16(data + 2, 0x0202);
  return 0;
}
uint64_t socket_(Call& c, int32_t af, int32_t type, int32_t proto) {
  return make(c, "socket", {{"af", std::to_string(af)}, {"type", std::to_string(type)}, {"proto", std::to_string(proto)}});
}
uint64_t WSASocket(Call& c, int32_t af, int32_t type, int32_t proto, Ptr, uint32_t, uint32_t) { return socket_(c, af, type, proto); }
std::pair<std::string, uint32_t> sockaddr(Call& c, uint64_t sa) {
  const uint16_t port = c.s.read_u16(sa + 2);
  const uint32_t ip = c.s.read_u32(sa + 4);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", ip & 0xFF, (ip >> 8) & 0xFF, (ip >> 16) & 0xFF, ip >> 24);
  return {buf, static_cast<uint32_t>((port >> 8) | ((port & 0xFF) << 8))};
}
uint64_t connect_(Call& c, Handle s, Ptr sa, int32_t) {
  auto o = obj(c, s);
  auto [ip, port] = sockaddr(c, sa);
  if (o) { o->props["server"] = ip; o->props["port"] = std::to_string(port); }
  c.s.emit("net_traffic", {{"server", ip}, {"port", port}, {"proto", o && o->props["type"] == "2" ? "udp" : "tcp"}, {"type", "connect"}});
  return 0;
}
uint64_t send_(Call& c, Handle s, Ptr buf, int32_t len, int32_t) {
  auto o = obj(c, s);
  c.s.emit("net_traffic", {{"server", o ? o->props["server"] : ""}, {"port", o ? std::strtoul(o->props["port"].c_str(), nullptr, 10) : 0},
                           {"proto", "tcp"}, {"type", "data_out"}});
  (void)buf;
  return static_cast<uint32_t>(len);
}
uint64_t sendto_(Call& c, Handle s, Ptr buf, int32_t len, int32_t flags, Ptr sa, int32_t) {
  if (sa) connect_(c, s, sa, 16);
  return send_(c, s, buf, len, flags);
}
uint64_t recv_(Call& c, Handle s, Ptr buf, int32_t len, int32_t) {
  auto o = obj(c, s);
  if (!o) return static_cast<uint32_t>(-1);
  if (o->props["rx"].empty()) { o->data = c.s.net.winsock_response(); o->cursor = 0; o->props["rx"] = "1"; }
  const uint64_t left = o->data.size() - std::min<uint64_t>(o->cursor, o->data.size());
  const uint64_t got = std::min<uint64_t>(left, static_cast<uint32_t>(std::max(len, 0)));
  c.s.mem.write(buf, o->data.data() + o->cursor, got);
  o->cursor += got;
  c.s.emit("net_traffic", {{"server", o->props["server"]}, {"port", std::strtoul(o->props["port"].c_str(), nullptr, 10)},
                           {"proto", "tcp"}, {"type", "data_in"}});
  return got;
}
uint64_t recvfrom_(Call& c, Handle s, Ptr buf, int32_t len, int32_t f, Ptr, Ptr) { return recv_(c, s, buf, len, f); }
uint64_t closesocket_(Call& c, Handle s) { c.s.handles.close(s); return 0; }
uint64_t hostent(Call& c, const std::string& name, const std::string& ip) {
  Session& s = c.s;
  const uint64_t b = s.static_buffer("ws.hostent", 0x200);
  const unsigned ps = s.ptr_size;
  const uint64_t name_at = b + 0x80, list = b + 0x40, addr = b + 0x60;
  s.write_astr(name_at, name.substr(0, 0x7F));
  s.write_u32(addr, Network::ipv4(ip));
  s.write_ptr(list, addr);
  s.write_ptr(list + ps, 0);
  s.write_ptr(b, name_at);
  s.write_ptr(b + ps, b + 0x50);
  s.write_ptr(b + 0x50, 0);
  s.write_u16(b + 2 * ps, 2);
  s.write_u16(b + 2 * ps + 2, 4);
  s.write_ptr(b + (ps == 8 ? 24 : 12), list);
  return b;
}
uint64_t gethostbyname_(Call& c, AStr name) {
  dns_event(c, name.str);
  return hostent(c, name.str, c.s.net.resolve(name.str));
}
uint64_t getaddrinfo_(Call& c, AStr node, AStr, Ptr, Ptr out) {
  dns_event(c, node.str);
  Session& s = c.s;
  const unsigned ps = s.ptr_size;
  const uint64_t ai = s.heap_alloc(0x60, true);
  const uint64_t sa = s.heap_alloc(0x20, true);
  s.write_u16(sa, 2);
  s.write_u32(sa + 4, Network::ipv4(s.net.resolve(node.str)));
  s.write_u32(ai + 4, 2);   // AF_INET
  s.write_u32(ai + 8, 1);   // SOCK_STREAM
  s.write_ptr(ai + 16, 16); // ai_addrlen (size_t)
  s.write_ptr(ai + 16 + 2 * ps, sa);
  s.write_ptr(out, ai);
  return 0;
}
uint64_t GetAddrInfoW_(Call& c, WStr node, WStr svc, Ptr hints, Ptr out) {
  AStr a; a.str = node.str; a.ptr = node.ptr;
  AStr b; b.str = svc.str;
  return getaddrinfo_(c, a, b, hints, out);
}
uint64_t inet_addr_(Call&, AStr s) { const uint32_t v = Network::ipv4(s.str); return v ? v : 0xFFFFFFFF; }
uint64_t inet_ntoa_(Call& c, uint32_t ip) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", ip & 0xFF, (ip >> 8) & 0xFF, (ip >> 16) & 0xFF, ip >> 24);
  const uint64_t b = c.s.static_buffer("ws.ntoa", 32);
  c.s.write_astr(b, buf);
  return b;
}
uint64_t htons_(Call&, uint32_t v) { return ((v & 0xFF) << 8) | ((v >> 8) & 0xFF); }
uint64_t htonl_(Call&, uint32_t v) { return __builtin_bswap32(v); }
uint64_t gethostname_(Call& c, Ptr buf, int32_t n) { c.s.write_astr(buf, c.s.cfg.hostname, std::max(n, 0)); return 0; }
uint64_t accept_(Call&, Handle, Ptr, Ptr) { return static_cast<uint32_t>(-1); }
uint64_t WSAGetLastError(Call& c) { return c.s.last_error(); }
// The thread's last error, as WSAGetLastError reads it back (void; one argument).
uint64_t WSASetLastError(Call& c, uint32_t error) { c.s.set_last_error(error); return 0; }
uint64_t DnsQuery(Call& c, WStr name, uint32_t, uint32_t, Ptr, Ptr results, Ptr) {
  dns_event(c, name.str);
  if (results) c.s.write_ptr(results, 0);
  return 9003;  // DNS_ERROR_RCODE_NAME_ERROR: no records to walk
}
uint64_t DnsQueryA(Call& c, AStr name, uint32_t t, uint32_t o, Ptr e, Ptr r, Ptr res) {
  WStr w; w.str = name.str; w.ptr = name.ptr;
  return DnsQuery(c, w, t, o, e, r, res);
}

}  // namespace

void register_network(ApiRegistry& r) {
  auto t = r.table("wininet");
  t.add<&InternetOpen<AStr>>("InternetOpenA");
  t.add<&InternetOpen<WStr>>("InternetOpenW");
  t.add<&InternetConnect<AStr>>("InternetConnectA");
  t.add<&InternetConnect<WStr>>("InternetConnectW");
  t.add<&HttpOpenRequest<AStr>>("HttpOpenRequestA");
  t.add<&HttpOpenRequest<WStr>>("HttpOpenRequestW");
  t.add<&HttpSendRequest<AStr>>("HttpSendRequestA");
  t.add<&HttpSendRequest<WStr>>("HttpSendRequestW");
  t.add<&HttpSendRequestEx<AStr>>("HttpSendRequestExA");
  t.add<&HttpSendRequestEx<WStr>>("HttpSendRequestExW");
  t.add<&InternetOpenUrl<AStr>>("InternetOpenUrlA");
  t.add<&InternetOpenUrl<WStr>>("InternetOpenUrlW");
  t.add<&InternetReadFile>("InternetReadFile");
  t.add<&InternetQueryDataAvailable>("InternetQueryDataAvailable");
  t.add<&InternetWriteFile>("InternetWriteFile");
  t.add<&HttpQueryInfo<AStr>>("HttpQueryInfoA");
  t.add<&HttpQueryInfo<WStr>>("HttpQueryInfoW");
  t.add<&true_h>("InternetCloseHandle");
  t.add<&true_h>("HttpEndRequestA");
  t.add<&true_h>("HttpEndRequestW");
  t.add<&InternetSetOption>("InternetSetOptionA");
  t.add<&InternetSetOption>("InternetSetOptionW");
  t.add<&InternetQueryOption>("InternetQueryOptionA");
  t.add<&InternetQueryOption>("InternetQueryOptionW");
  t.add<&InternetGetConnectedState>("InternetGetConnectedState");
  t.add<&InternetCheckConnection<AStr>>("InternetCheckConnectionA");
  t.add<&InternetCheckConnection<WStr>>("InternetCheckConnectionW");
  t.add<&HttpAddRequestHeaders<AStr>>("HttpAddRequestHeadersA");
  t.add<&HttpAddRequestHeaders<WStr>>("HttpAddRequestHeadersW");
  t.add<&InternetCrackUrl<AStr>>("InternetCrackUrlA");
  t.add<&InternetCrackUrl<WStr>>("InternetCrackUrlW");

  auto h = r.table("winhttp");
  h.add<&WinHttpOpen>("WinHttpOpen");
  h.add<&WinHttpConnect>("WinHttpConnect");
  h.add<&WinHttpOpenRequest>("WinHttpOpenRequest");
  h.add<&WinHttpSendRequest>("WinHttpSendRequest");
  h.add<&WinHttpReceiveResponse>("WinHttpReceiveResponse");
  h.add<&WinHttpQueryDataAvailable>("WinHttpQueryDataAvailable");
  h.add<&WinHttpReadData>("WinHttpReadData");
  h.add<&true_h>("WinHttpCloseHandle");
  h.add<&WinHttpSetOption>("WinHttpSetOption");
  h.add<&WinHttpQueryHeaders>("WinHttpQueryHeaders");
  h.add<&WinHttpCrackUrl>("WinHttpCrackUrl");
  h.add<&WinHttpGetIEProxyConfigForCurrentUser>("WinHttpGetIEProxyConfigForCurrentUser");
  h.add<constant_result<1, 5>>("WinHttpSetTimeouts");

  auto u = r.table("urlmon");
  u.add<&URLDownloadToFile<AStr>>("URLDownloadToFileA");
  u.add<&URLDownloadToFile<WStr>>("URLDownloadToFileW");
  u.add<&URLDownloadToCacheFile<AStr>>("URLDownloadToCacheFileA");
  u.add<&URLDownloadToCacheFile<WStr>>("URLDownloadToCacheFileW");

  auto w = r.table("ws2_32");
  w.add<&WSAStartup>("WSAStartup");
  w.add<constant_result<0, 0>>("WSACleanup");
  w.add<&socket_>("socket");
  w.add<&WSASocket>("WSASocketA");
  w.add<&WSASocket>("WSASocketW");
  w.add<&connect_>("connect");
  w.add<&send_>("send");
  w.add<&sendto_>("sendto");
  w.add<&recv_>("recv");
  w.add<&recvfrom_>("recvfrom");
  w.add<&closesocket_>("closesocket");
  w.add<&gethostbyname_>("gethostbyname");
  w.add<&getaddrinfo_>("getaddrinfo");
  w.add<&GetAddrInfoW_>("GetAddrInfoW");
  w.add<&inet_addr_>("inet_addr");
  w.add<&inet_ntoa_>("inet_ntoa");
  w.add<&htons_>("htons");
  w.add<&htons_>("ntohs");
  w.add<&htonl_>("htonl");
  w.add<&htonl_>("ntohl");
  w.add<&gethostname_>("gethostname");
  w.add<constant_result<0, 3>>("bind");
  w.add<constant_result<0, 2>>("listen");
  w.add<constant_result<0, 2>>("shutdown");
  w.add<&accept_>("accept");
  w.add<constant_result<1, 5>>("select");
  w.add<constant_result<0, 5>>("setsockopt");
  w.add<constant_result<0, 5>>("getsockopt");
  w.add<constant_result<0, 3>>("ioctlsocket");
  w.add<constant_result<0, 3>>("getsockname");
  w.add<constant_result<0, 3>>("getpeername");
  w.add<&WSAGetLastError>("WSAGetLastError");
  w.add<&WSASetLastError>("WSASetLastError");

  auto d = r.table("dnsapi");
  d.add<&DnsQuery>("DnsQuery_W");
  d.add<&DnsQueryA>("DnsQuery_A");
  d.add<&DnsQuery>("DnsQuery_UTF8");
}

}  // namespace emu::winapi
