// command-bench: the emulate command end to end, process start to report
// written, as an analyst or Assemblyline runs it.
//
//   command-bench [--runs N] FILE [emulate options...]
//
// Prints one JSON line: {"runs": N, "median_ms": M, "min_ms": m, "max_ms": x}.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

int main(int argc, char** argv) {
  int runs = 21;
  int i = 1;
  if (i + 1 < argc && std::string(argv[i]) == "--runs") {
    runs = std::max(1, std::atoi(argv[i + 1]));
    i += 2;
  }
  if (i >= argc) {
    std::fprintf(stderr, "usage: command-bench [--runs N] FILE [emulate options...]\n");
    return 2;
  }
  // emulate sits beside this program in bin/.
  std::string self = argv[0];
  const std::string emulate = self.substr(0, self.find_last_of('/') + 1) + "emulate";
  char dir_template[] = "/tmp/command-bench-XXXXXX";
  const std::string report = std::string(mkdtemp(dir_template)) + "/report.json";
  std::vector<std::string> args = {emulate, "-q", "-o", report};
  for (int k = i + 1; k < argc; ++k) args.push_back(argv[k]);
  args.push_back(argv[i]);
  std::vector<char*> cargs;
  for (auto& a : args) cargs.push_back(a.data());
  cargs.push_back(nullptr);

  std::vector<double> ms;
  for (int r = 0; r < runs; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    pid_t pid = fork();
    if (pid == 0) {
      execv(emulate.c_str(), cargs.data());
      _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      std::fprintf(stderr, "emulate exited with status %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
      return 1;
    }
  }
  unlink(report.c_str());
  std::sort(ms.begin(), ms.end());
  std::printf("{\"runs\": %d, \"median_ms\": %.2f, \"min_ms\": %.2f, \"max_ms\": %.2f}\n", runs, ms[ms.size() / 2],
              ms.front(), ms.back());
  return 0;
}
