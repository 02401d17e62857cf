// Network activity (17, T1071 / T1071.001), downloads (18, T1105) and
// dropped executables (19, T1105).
#include <array>
#include <cctype>
#include <map>

#include "triage/detectors.h"

namespace emu::triage {

namespace {

// "GET /path HTTP/1.1\r\nHost: ...\r\nUser-Agent: ..." -> path, user agent
struct HttpHeaders {
  std::string verb, path, host, user_agent;
};

HttpHeaders parse_headers(std::string_view text) {
  HttpHeaders h;
  size_t line_start = 0;
  bool first = true;
  while (line_start < text.size()) {
    size_t end = text.find('\n', line_start);
    std::string_view line = text.substr(line_start, end == std::string_view::npos ? std::string_view::npos : end - line_start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (first) {
      size_t sp1 = line.find(' ');
      size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
      if (sp1 != std::string_view::npos) {
        h.verb = line.substr(0, sp1);
        h.path = line.substr(sp1 + 1, sp2 == std::string_view::npos ? std::string_view::npos : sp2 - sp1 - 1);
      }
      first = false;
    } else if (size_t colon = line.find(':'); colon != std::string_view::npos) {
      std::string_view key = line.substr(0, colon), val = line.substr(colon + 1);
      while (!val.empty() && val.front() == ' ') val.remove_prefix(1);
      if (iequals(key, "User-Agent")) h.user_agent = val;
      if (iequals(key, "Host")) h.host = val;
    }
    if (end == std::string_view::npos) break;
    line_start = end + 1;
  }
  return h;
}

// scheme://host[:port]/path -> host
std::string host_of_url(std::string_view url) {
  size_t s = url.find("://");
  if (s == std::string_view::npos) return {};
  std::string_view rest = url.substr(s + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (size_t at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  return std::string(rest.substr(0, rest.find(':')));
}

std::string path_of_url(std::string_view url) {
  size_t s = url.find("://");
  if (s == std::string_view::npos) return {};
  size_t slash = url.find('/', s + 3);
  return slash == std::string_view::npos ? std::string() : std::string(url.substr(slash));
}

bool readable(const std::string& s) { return !s.empty() && !parse_uint(s); }

// Adds the tags of one URL; false when it is not a URL.
bool tag_url(TagSet& tags, const std::string& url) {
  if (!tags.add("network.dynamic.uri", url) && !is_uri(url)) return false;
  add_host_tag(tags, host_of_url(url));
  tags.add("network.dynamic.uri_path", path_of_url(url));
  return true;
}

}  // namespace

void detect_network_activity(const ReportView& r, const Settings&, Hit& hit) {
  TagSet& tags = hit.tags();
  bool http = false;
  // Host and port of the last InternetConnect / WinHttpConnect per entry
  // point, to build full URLs from the object names opened on them.
  std::map<size_t, std::pair<std::string, std::string>> connection;
  for (const EventView& ev : r.events()) {
    if (ev.kind == "net_dns") {
      std::string q = ev.str("query");
      hit.add_signature("dns:" + lower(q));
      hit.add_evidence(ev, "resolved " + q);
      add_host_tag(tags, q);
      if (std::string resp = ev.str("response"); is_ipv4(resp)) tags.add("network.dynamic.ip", resp);
      tags.add("network.protocol", "DNS");
    } else if (ev.kind == "net_http") {
      http = true;
      std::string server = ev.str("server");
      auto port = ev.integer("port");
      std::string proto = lower(ev.str("proto"));
      bool https = proto.find("https") != std::string::npos || port == 443;
      HttpHeaders h = parse_headers(ev.str("headers"));
      hit.add_signature("http:" + lower(server));
      hit.add_evidence(ev, (h.verb.empty() ? "HTTP request to " : h.verb + " ") + server + h.path);
      add_host_tag(tags, server);
      if (port) tags.add("network.port", std::to_string(*port));
      tags.add("network.protocol", https ? "HTTPS" : "HTTP");
      tags.add("network.user_agent", h.user_agent);
      if (!h.path.empty() && h.path.front() == '/') {
        bool default_port = !port || *port == (https ? 443 : 80);
        tag_url(tags, std::string(https ? "https://" : "http://") + server +
                          (default_port ? "" : ":" + std::to_string(*port)) + h.path);
      }
    } else if (ev.kind == "net_traffic") {
      std::string server = ev.str("server");
      hit.add_signature("traffic:" + lower(server));
      hit.add_evidence(ev, ev.str("proto") + " " + ev.str("type") + " " + server);
      add_host_tag(tags, server);
      if (auto port = ev.integer("port")) tags.add("network.port", std::to_string(*port));
      // "tcp", "udp", "tcp.ssl": the transport, upper case as Assemblyline shows protocols
      if (std::string p = ev.str("proto"); !p.empty()) {
        std::string t = p.substr(0, p.find('.'));
        for (char& c : t) c = char(std::toupper(static_cast<unsigned char>(c)));
        tags.add("network.protocol", t);
      }
    } else if (ev.is_api()) {
      // Calls name hosts and URLs even when the engine logs no network event.
      if (ev.api_is_any({"InternetOpenUrl", "URLDownloadToFile", "URLDownloadToCacheFile", "URLOpenBlockingStream",
                         "URLOpenStream"})) {
        std::string url = ev.arg(1);
        if (readable(url) && tag_url(tags, url)) {
          http = true;
          hit.add_signature("url:" + host_of_url(url));
          hit.add_evidence(ev, "opens " + url);
        }
      } else if (ev.api_is_any({"InternetConnect", "WinHttpConnect"})) {
        std::string server = ev.arg(1);
        if (!readable(server)) continue;
        http = true;
        connection[ev.ep->index] = {server, ev.arg(2)};
        hit.add_signature("connect:" + lower(server));
        hit.add_evidence(ev, "connects to " + server);
        add_host_tag(tags, server);
        if (auto port = ev.arg_uint(2); port && *port) tags.add("network.port", std::to_string(*port));
      } else if (ev.api_is_any({"HttpOpenRequest", "WinHttpOpenRequest"})) {
        auto it = connection.find(ev.ep->index);
        std::string object = ev.arg(2);
        if (it == connection.end() || !readable(object)) continue;
        if (object.front() != '/') object = "/" + object;
        auto port = parse_uint(it->second.second);
        bool https = port == 443u;
        bool default_port = !port || *port == 0 || *port == 80 || *port == 443;
        tag_url(tags, std::string(https ? "https://" : "http://") + it->second.first +
                          (default_port ? "" : ":" + std::to_string(*port)) + object);
        hit.add_evidence(ev, "requests " + object);
      } else if (ev.api_is_any({"gethostbyname", "getaddrinfo", "GetAddrInfo", "GetAddrInfoEx", "DnsQuery",
                                "DnsQuery_", "DnsQuery_UTF8", "DnsQueryEx"})) {
        std::string host = ev.arg(0);
        if (!readable(host)) continue;
        hit.add_signature("dns:" + lower(host));
        hit.add_evidence(ev, "resolves " + host);
        add_host_tag(tags, host);
      } else if (ev.api_is_any({"InternetOpen", "WinHttpOpen"})) {
        if (readable(ev.arg(0))) tags.add("network.user_agent", ev.arg(0));
      }
    }
  }
  if (hit.empty()) return;
  if (http) hit.add_attack_id("T1071.001");
}

void detect_download(const ReportView& r, const Settings&, Hit& hit) {
  // A network read followed by a file write in the same entry point.
  std::map<size_t, const EventView*> net_read;
  for (const EventView& ev : r.events()) {
    if (ev.is_api() && ev.api_is_any({"URLDownloadToFile", "URLDownloadToCacheFile"})) {
      hit.add_signature("urldownloadtofile");
      hit.add_evidence(ev, "downloads " + ev.arg(1) + " to " + ev.arg(2));
      tag_url(hit.tags(), ev.arg(1));
      continue;
    }
    if (ev.is_api() && ev.api_is_any({"InternetReadFile", "InternetReadFileEx", "WinHttpReadData", "recv",
                                      "WSARecv"})) {
      if (!net_read.count(ev.ep->index)) net_read[ev.ep->index] = &ev;
      continue;
    }
    bool file_write = ev.kind == "file_write" || (ev.is_api() && ev.api_is_any({"WriteFile", "NtWriteFile"}));
    if (file_write) {
      auto it = net_read.find(ev.ep->index);
      if (it == net_read.end()) continue;
      hit.add_signature("network_data_written_to_file");
      hit.add_evidence(*it->second, "read from the network");
      hit.add_evidence(ev, "then wrote a file");
      net_read.erase(it);  // one pair per read burst
      continue;
    }
    std::string cmd = process_command(ev);
    if (cmd.empty()) continue;
    std::string l = lower(cmd);
    bool certutil = l.find("certutil") != std::string::npos && l.find("urlcache") != std::string::npos;
    bool bits = l.find("bitsadmin") != std::string::npos && l.find("/transfer") != std::string::npos;
    bool ps = l.find("powershell") != std::string::npos &&
              (l.find("downloadfile") != std::string::npos || l.find("invoke-webrequest") != std::string::npos ||
               l.find("downloadstring") != std::string::npos);
    if (certutil || bits || ps) {
      hit.add_signature("download_command");
      hit.add_evidence(ev, "command downloads a file");
      hit.tags().add("dynamic.process.command_line", cmd);
    }
  }
}

namespace {

constexpr std::array kExecutableExtensions = {".exe", ".dll", ".sys", ".scr", ".com", ".cpl", ".ocx", ".bat", ".cmd",
                                              ".ps1", ".vbs", ".vbe", ".js",  ".jse", ".wsf", ".hta", ".msi", ".pif"};

bool executable_name(std::string_view path) {
  std::string b = basename_of(path);
  for (const char* ext : kExecutableExtensions)
    if (iends_with(b, ext) && b.size() > std::string_view(ext).size()) return true;
  return false;
}

}  // namespace

void detect_dropped_executable(const ReportView& r, const Settings&, Hit& hit) {
  std::map<std::string, bool> seen;
  auto note = [&](const std::string& path) {
    bool first = !seen[lower(path)];
    seen[lower(path)] = true;
    return first;
  };
  for (const EventView& ev : r.events()) {
    std::string path;
    if (ev.kind == "file_write" || ev.kind == "file_create") path = ev.str("path");
    else if (ev.is_api() && ev.api_is_any({"CopyFile", "CopyFileEx", "MoveFile", "MoveFileEx"})) path = ev.arg(1);
    if (path.empty() || !executable_name(path)) continue;
    hit.add_signature("drops_executable");
    if (note(path)) hit.add_evidence(ev, "writes " + path);
  }
  for (const EntryPointView& ep : r.entry_points())
    for (const boost::json::object* d : ep.dropped_files) {
      auto it = d->find("path");
      if (it == d->end() || !it->value().is_string()) continue;
      std::string path(it->value().get_string());
      if (!executable_name(path)) continue;
      hit.add_signature("drops_executable");
      if (note(path)) {
        boost::json::object e = *d;
        e.erase("data_ref");
        e["event"] = "dropped_file";
        e["entry_point"] = ep.index;
        e["ep_type"] = ep.ep_type;
        e["detail"] = "dropped " + path;
        hit.add_raw_evidence(std::move(e));
      }
    }
}

}  // namespace emu::triage
