// The Assemblyline manifest (service/assemblyline/service_manifest.yml) must
// list the C++ heuristic table exactly, and its config defaults must be the
// C++ defaults. The manifest is read by a reader for the subset of YAML it
// is written in (block mappings, "- " list items, plain / double-quoted
// scalars, [a, b] flow lists); anything else is an error naming the line,
// so a reformatted manifest fails loudly instead of comparing wrongly.
#include <boost/test/unit_test.hpp>

#include <map>
#include <optional>

#include "tests/triage/fixture.h"

using namespace emu::triage;
using namespace emu::triage::test;

namespace {

struct YamlError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Line {
  int number;
  size_t indent;
  std::string text;  // without indentation and trailing comment
};

std::string strip(std::string s) {
  size_t b = s.find_first_not_of(" \t\r");
  size_t e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

std::vector<Line> lines_of(const std::string& text) {
  std::vector<Line> out;
  std::istringstream in(text);
  int n = 0;
  for (std::string raw; std::getline(in, raw);) {
    ++n;
    size_t indent = raw.find_first_not_of(' ');
    if (indent == std::string::npos || raw[indent] == '#') continue;
    std::string t = raw.substr(indent);
    // A comment starts at " #" outside double quotes.
    bool quoted = false;
    for (size_t i = 0; i < t.size(); ++i) {
      if (t[i] == '"' && (i == 0 || t[i - 1] != '\\')) quoted = !quoted;
      if (!quoted && t[i] == '#' && i > 0 && t[i - 1] == ' ') {
        t = t.substr(0, i);
        break;
      }
    }
    out.push_back({n, indent, strip(t)});
  }
  return out;
}

std::string scalar(const std::string& v, int line) {
  if (v.empty() || v[0] != '"') {
    if (!v.empty() && (v[0] == '\'' || v[0] == '{' || v[0] == '|' || v[0] == '>' || v[0] == '&' || v[0] == '*'))
      throw YamlError("line " + std::to_string(line) + ": unsupported YAML form: " + v);
    return v;
  }
  std::string out;
  size_t i = 1;
  for (; i < v.size() && v[i] != '"'; ++i) {
    if (v[i] == '\\' && i + 1 < v.size()) {
      char c = v[++i];
      out += c == 'n' ? '\n' : c == 't' ? '\t' : c;
    } else {
      out += v[i];
    }
  }
  if (i != v.size() - 1) throw YamlError("line " + std::to_string(line) + ": bad quoted string");
  return out;
}

std::vector<std::string> flow_list(const std::string& v, int line) {
  if (v.size() < 2 || v.front() != '[' || v.back() != ']')
    throw YamlError("line " + std::to_string(line) + ": expected [a, b]");
  std::vector<std::string> out;
  std::string inner = v.substr(1, v.size() - 2);
  size_t start = 0;
  while (start <= inner.size()) {
    size_t comma = inner.find(',', start);
    std::string item = strip(inner.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (!item.empty()) out.push_back(scalar(item, line));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

// "key: value" -> (key, value)
std::pair<std::string, std::string> key_value(const Line& l, const std::string& text) {
  size_t colon = text.find(':');
  if (colon == std::string::npos || colon == 0)
    throw YamlError("line " + std::to_string(l.number) + ": expected key: value");
  return {strip(text.substr(0, colon)), strip(text.substr(colon + 1))};
}

// The lines of a top-level block "name:" up to the next top-level key.
std::vector<Line> block(const std::vector<Line>& lines, const std::string& name) {
  std::vector<Line> out;
  bool in = false;
  for (const Line& l : lines) {
    if (l.indent == 0) {
      in = l.text == name + ":";
      continue;
    }
    if (in) out.push_back(l);
  }
  if (out.empty()) throw YamlError("no top-level block " + name);
  return out;
}

using Item = std::map<std::string, std::string>;  // raw values

std::vector<Item> list_of_mappings(const std::vector<Line>& body) {
  std::vector<Item> items;
  size_t item_indent = body.front().indent;
  for (const Line& l : body) {
    std::string text = l.text;
    if (l.indent == item_indent) {
      if (text.rfind("- ", 0) != 0) throw YamlError("line " + std::to_string(l.number) + ": expected a list item");
      items.emplace_back();
      text = strip(text.substr(2));
    } else if (items.empty() || l.indent != item_indent + 2) {
      throw YamlError("line " + std::to_string(l.number) + ": unexpected indentation");
    }
    auto [k, v] = key_value(l, text);
    if (v.empty()) throw YamlError("line " + std::to_string(l.number) + ": nested value not supported under " + k);
    if (!items.back().emplace(k, v).second) throw YamlError("line " + std::to_string(l.number) + ": duplicate " + k);
  }
  return items;
}

// config: scalars and block lists of scalars.
std::map<std::string, std::vector<std::string>> config_of(const std::vector<Line>& body) {
  std::map<std::string, std::vector<std::string>> cfg;
  size_t key_indent = body.front().indent;
  std::string current;
  for (const Line& l : body) {
    if (l.indent == key_indent) {
      auto [k, v] = key_value(l, l.text);
      current = k;
      cfg[k];
      if (!v.empty()) cfg[k].push_back(scalar(v, l.number));
    } else if (l.text.rfind("- ", 0) == 0 && !current.empty()) {
      cfg[current].push_back(scalar(strip(l.text.substr(2)), l.number));
    } else {
      throw YamlError("line " + std::to_string(l.number) + ": unexpected line in config");
    }
  }
  return cfg;
}

std::string manifest_path() { return std::string(EMU_SOURCE_DIR) + "/service/assemblyline/service_manifest.yml"; }

}  // namespace

BOOST_AUTO_TEST_SUITE(manifest)

BOOST_AUTO_TEST_CASE(heuristics_equal_the_cpp_table) {
  auto lines = lines_of(read_text(manifest_path()));
  std::vector<Item> items = list_of_mappings(block(lines, "heuristics"));
  BOOST_TEST_REQUIRE(items.size() == heuristics().size());
  for (size_t i = 0; i < items.size(); ++i) {
    const Item& m = items[i];
    const Heuristic& h = heuristics()[i];
    BOOST_TEST_CONTEXT("manifest heuristic #" << i + 1) {
      BOOST_TEST_REQUIRE(m.count("heur_id") == 1u);
      BOOST_TEST(std::stoi(m.at("heur_id")) == h.id);
      BOOST_TEST(scalar(m.at("name"), 0) == h.name);
      BOOST_TEST(std::stoi(m.at("score")) == h.score);
      // Each heuristic scores once however many signatures it carries,
      // as evaluate() counts it.
      BOOST_TEST_REQUIRE(m.count("max_score") == 1u);
      BOOST_TEST(std::stoi(m.at("max_score")) == h.score);
      BOOST_TEST(scalar(m.at("description"), 0) == h.description);
      std::vector<std::string> attack = m.count("attack_id") ? flow_list(m.at("attack_id"), 0) : std::vector<std::string>{};
      BOOST_TEST(attack == h.attack_ids);
      BOOST_TEST(m.count("filetype") == 1u);
    }
  }
}

BOOST_AUTO_TEST_CASE(config_defaults_equal_the_cpp_defaults) {
  auto cfg = config_of(block(lines_of(read_text(manifest_path())), "config"));
  Settings s = default_settings();
  BOOST_TEST(cfg["SUS_APIS"] == s.sus_apis);
  BOOST_TEST(cfg["SUS_DLLS"] == s.sus_dlls);
  BOOST_TEST_REQUIRE(cfg["GETPROCADDR_THRESHOLD"].size() == 1u);
  BOOST_TEST(std::stoi(cfg["GETPROCADDR_THRESHOLD"][0]) == s.getprocaddr_threshold);
}

BOOST_AUTO_TEST_CASE(reader_rejects_what_it_does_not_understand) {
  auto parse = [](const std::string& text) { return list_of_mappings(block(lines_of(text), "heuristics")); };
  BOOST_TEST(parse("heuristics:\n  - heur_id: 1\n    name: \"a # b\"  # c\n").at(0).at("name") == "\"a # b\"");
  BOOST_CHECK_THROW(parse("heuristics:\n  - heur_id: 1\n    description: >-\n      text\n"), YamlError);
  BOOST_CHECK_THROW(parse("heuristics:\n  - heur_id: 1\n      name: x\n"), YamlError);
  BOOST_CHECK_THROW(parse("heuristics:\n  - heur_id: 1\n    heur_id: 2\n"), YamlError);
  BOOST_CHECK_THROW(scalar("'single'", 1), YamlError);
  BOOST_TEST((flow_list("[T1055, \"T1055.001\"]", 1) == std::vector<std::string>{"T1055", "T1055.001"}));
}

BOOST_AUTO_TEST_SUITE_END()
