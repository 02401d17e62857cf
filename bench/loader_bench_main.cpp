// loader-bench FILE [N]: median time to load FILE with its process
// environment (decoys, PEB/TEB, imports bound) over N loads.
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <vector>

#include "loader/loader.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE [N]\n", argv[0]);
    return 2;
  }
  std::ifstream f(argv[1], std::ios::binary);
  const std::vector<uint8_t> file{std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
  const int n = argc > 2 ? std::max(1, std::atoi(argv[2])) : 200;
  using clock = std::chrono::steady_clock;
  // CPU time of this thread too: on a shared machine wall time includes
  // waiting for a core.
  auto cpu_ms = [] {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
  };
  std::vector<double> ms, cpu;
  size_t modules = 0;
  for (int i = 0; i <= n; ++i) {
    const auto t0 = clock::now();
    const double c0 = cpu_ms();
    try {
      auto p = emu::loader::load_pe(file, {});
      modules = p->modules().size();
    } catch (const emu::loader::LoadError& e) {
      std::fprintf(stderr, "%s\n", e.what());
      return 1;
    }
    const double d = std::chrono::duration<double, std::milli>(clock::now() - t0).count();
    if (i == 0) {
      std::printf("first load (builds decoy templates): %.3f ms\n", d);
    } else {
      ms.push_back(d);
      cpu.push_back(cpu_ms() - c0);
    }
  }
  std::sort(ms.begin(), ms.end());
  std::sort(cpu.begin(), cpu.end());
  std::printf("%s: %zu modules, %d loads, wall median %.3f ms (min %.3f, p90 %.3f), cpu median %.3f ms\n",
              argv[1], modules, n, ms[ms.size() / 2], ms.front(), ms[ms.size() * 9 / 10], cpu[cpu.size() / 2]);
  return 0;
}
