#include "winapi/report/report.h"

#include <cstring>
#include <ctime>
#include <set>

#include "winapi/core/text.h"
#include "winapi/runtime/session.h"

namespace emu::winapi {

std::string api_hash(const std::vector<std::string>& names) {
  std::string joined;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i) joined += ',';
    joined += names[i];
  }
  return sha256_hex(joined);
}

boost::json::object report_header(const Input& in) {
  boost::json::object r;
  r["report_version"] = "3.0.0";
  r["emulation_total_runtime"] = 0.0;
  r["timestamp"] = static_cast<int64_t>(std::time(nullptr));
  r["filepath"] = in.path;
  r["sha256"] = sha256_hex(std::span<const uint8_t>(in.bytes));
  r["size"] = in.bytes.size();
  r["errors"] = boost::json::array();
  r["data"] = boost::json::object();
  r["entry_points"] = boost::json::array();
  r["emulator"] = boost::json::object{{"name", "emulate"}, {"version", EMU_VERSION}};
  r["limits_hit"] = boost::json::array();
  return r;
}

static std::string prot_string(uint8_t perms) {
  std::string s;
  s += (perms & cpu::kPermRead) ? 'r' : '-';
  s += (perms & cpu::kPermWrite) ? 'w' : '-';
  s += (perms & cpu::kPermExec) ? 'x' : '-';
  return s;
}

static boost::json::object memory_layout(Session& s) {
  boost::json::array layout;
  for (const auto& r : s.mem.regions()) {
    const cpu::Page* p = s.mem.page(r.base);
    boost::json::object o;
    o["tag"] = r.tag.empty() ? "region." + hex(r.base) : r.tag;
    o["address"] = r.base;
    o["size"] = r.size;
    o["prot"] = prot_string(p ? p->perms : r.initial_perms);
    layout.push_back(std::move(o));
  }
  boost::json::array mods;
  for (const auto& m : s.proc.modules()) {
    mods.push_back(boost::json::object{{"name", m->name}, {"path", m->path}, {"base", m->base}, {"size", m->size}});
  }
  return boost::json::object{{"layout", std::move(layout)}, {"modules", std::move(mods)}};
}

boost::json::object build_report(Session& s, const ReportInputs& in, std::vector<Artifact>& artifacts) {
  boost::json::object r = report_header(*in.input);
  r["emulation_total_runtime"] = in.runtime_seconds;
  r["arch"] = s.x64 ? "amd64" : "x86";
  r["filetype"] = in.filetype;
  r["image_base"] = s.proc.main_module().base;
  r["errors"] = s.errors;
  boost::json::array limits;
  for (auto& l : s.limits_hit) limits.push_back(boost::json::string(l));
  if (s.events_dropped) {
    limits.push_back(boost::json::string("max_report_bytes"));
    r["errors"].as_array().push_back(boost::json::object{
        {"type", "report_size_limit"},
        {"context_summary", "events past the report size limit (" + std::to_string(s.cfg.max_report_bytes) +
                                " bytes) were not recorded: " + std::to_string(s.events_dropped) + " of " +
                                std::to_string(s.events_dropped + s.events_stored) + " events dropped"}});
  }
  r["limits_hit"] = std::move(limits);

  std::set<uint64_t> dumped;
  bool dump_cut = false;
  boost::json::array eps;
  for (auto& run : s.runs) {
    boost::json::object ep;
    ep["ep_type"] = run.type;
    ep["start_addr"] = run.start;
    boost::json::array args;
    for (uint64_t a : run.args) args.push_back(boost::json::string(hex(a)));
    ep["ep_args"] = std::move(args);
    ep["pid"] = run.pid;
    ep["tid"] = run.tid;
    ep["instr_count"] = run.instr_count;
    ep["apihash"] = api_hash(run.api_order);
    if (run.ret_val) ep["ret_val"] = *run.ret_val;
    else ep["ret_val"] = nullptr;
    ep["error"] = run.error;
    // The session is finished: its events move into the report (no copy).
    if (run.events_cut && !run.events.empty()) run.events.pop_back();  // the scratch slot
    ep["events"] = std::move(run.events);
    boost::json::array dyn;
    for (size_t i = 0; i < run.dynamic.size(); ++i) {
      auto [base, size] = run.dynamic[i];
      dyn.push_back(boost::json::object{{"tag", run.dynamic_tags[i]}, {"base", base}, {"size", size}});
      if (dumped.insert(base).second) {
        Artifact a;
        a.kind = "dynamic_code";
        a.name = run.dynamic_tags[i];
        a.base = base;
        // Never hold more than the dump limit in memory; the command
        // enforces the limit over all artifacts together.
        const uint64_t n = std::min<uint64_t>(size, s.cfg.max_dump_bytes);
        if (n < size) dump_cut = true;
        a.bytes.resize(n);
        // Read page by page: parts may have been freed since.
        for (uint64_t off = 0; off < n; off += cpu::kPageSize)
          s.mem.read(base + off, a.bytes.data() + off, std::min<uint64_t>(cpu::kPageSize, n - off));
        artifacts.push_back(std::move(a));
      }
    }
    ep["dynamic_code_segments"] = std::move(dyn);
    boost::json::array dropped;
    for (auto& f : run.dropped) {
      const std::string sha = sha256_hex(std::span<const uint8_t>(f->data));
      dropped.push_back(boost::json::object{{"path", f->path}, {"size", f->data.size()}, {"sha256", sha}});
      Artifact a;
      a.kind = "dropped_file";
      a.name = f->path;
      a.bytes = f->data;
      artifacts.push_back(std::move(a));
    }
    ep["dropped_files"] = std::move(dropped);
    ep["memory"] = memory_layout(s);
    eps.push_back(std::move(ep));
  }
  r["entry_points"] = std::move(eps);
  if (dump_cut) r["limits_hit"].as_array().push_back(boost::json::string("max_dump_bytes"));

  if (s.cfg.strings) {
    std::vector<std::string> sa, su, ma, mu;
    const auto& b = in.input->bytes;
    extract_strings(b.data(), b.size(), 4, sa, su, 20000);
    std::set<std::string> known(sa.begin(), sa.end());
    known.insert(su.begin(), su.end());
    // Most of a region is untouched zero pages (stacks, heaps). A zero or
    // unmapped page holds no string and ends any run, so only the runs of
    // non-zero pages are scanned, each on its own, with the same result as
    // scanning the whole region and without copying the zeros.
    std::vector<uint8_t> buf;
    auto zero_page = [&](uint64_t a) {
      const cpu::Page* p = s.mem.page(a);
      if (!p) return true;
      uint64_t acc = 0;
      for (size_t i = 0; i < cpu::kPageSize; i += 8) {
        uint64_t w;
        std::memcpy(&w, p->data + i, 8);
        acc |= w;
      }
      return acc == 0;
    };
    std::vector<std::string> a, u;  // one region's strings, in address order
    auto scan = [&] {
      if (!buf.empty()) extract_strings(buf.data(), buf.size(), 4, a, u, 20000);
      buf.clear();
    };
    for (const auto& reg : s.mem.regions()) {
      const loader::Module* m = s.proc.module_at(reg.base);
      if ((m && m->decoy) || reg.base == s.trap_page) continue;
      if (reg.size > (16u << 20)) continue;
      for (uint64_t off = 0; off < reg.size; off += cpu::kPageSize) {
        if (zero_page(reg.base + off)) { scan(); continue; }
        const size_t at = buf.size();
        buf.resize(at + cpu::kPageSize);
        std::memcpy(buf.data() + at, s.mem.page(reg.base + off)->data, cpu::kPageSize);
      }
      scan();
      for (auto& x : a) if (known.insert(x).second && ma.size() < 20000) ma.push_back(x);
      for (auto& x : u) if (known.insert(x).second && mu.size() < 20000) mu.push_back(x);
      a.clear();
      u.clear();
    }
    auto arr = [](const std::vector<std::string>& v) {
      boost::json::array a;
      for (auto& x : v) a.push_back(boost::json::string(x));
      return a;
    };
    r["strings"] = boost::json::object{
        {"static", boost::json::object{{"ansi", arr(sa)}, {"unicode", arr(su)}}},
        {"in_memory", boost::json::object{{"ansi", arr(ma)}, {"unicode", arr(mu)}}}};
  }
  return r;
}

}  // namespace emu::winapi
