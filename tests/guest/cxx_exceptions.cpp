// C++ exceptions thrown and caught inside the program. Every step is one
// puts() call, so the report's api events list the order in which the
// catch clauses and destructors ran. (printf would not do: libstdc++ for
// mingw-w64 routes it to mingw's own formatter, which writes piecemeal.)
//
// mingw-w64 g++ on x64 unwinds through the Windows function tables
// (__gxx_personality_seh0 is called by the OS dispatcher as the language
// handler and finishes with RtlUnwindEx); on x86 it uses DWARF-2 tables or
// setjmp/longjmp and needs nothing from the OS but the C runtime.
//
// Expected order (the C++ standard: the first matching handler of the
// innermost try block; destructors of the automatic objects constructed
// since the try block, in reverse order of construction, run before the
// handler; `throw;` rethrows the exception object being handled):
//   caught int 7
//   caught std::exception: runtime boom
//   rethrow inner 3
//   rethrow outer 3
//   ctor a, ctor b, ctor c, ctor d, dtor d, dtor c, dtor b, dtor a,
//   caught deep 42
//   caught ...
//   ctor e, dtor e, no throw
//   done
#include <cstdarg>
#include <cstdio>
#include <stdexcept>

namespace {

__attribute__((format(printf, 1, 2))) void say(const char* fmt, ...) {
  char line[128];
  va_list ap;
  va_start(ap, fmt);
  std::vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  std::puts(line);
}

struct Noisy {
  const char* name;
  explicit Noisy(const char* n) : name(n) { say("ctor %s", name); }
  ~Noisy() { say("dtor %s", name); }
};

struct Unrelated {
  int v;
};

// noinline keeps every level a real frame with its own unwind data.
__attribute__((noinline)) void throw_int(int v) { throw v; }

__attribute__((noinline)) void throw_runtime_error() { throw std::runtime_error("runtime boom"); }

__attribute__((noinline)) void level3(int v) {
  Noisy d("d");
  if (v) throw v;
  say("level3 not reached");
}

__attribute__((noinline)) void level2(int v) {
  Noisy c("c");
  level3(v);
  say("level2 not reached");
}

__attribute__((noinline)) void level1(int v) {
  Noisy a("a");
  {
    Noisy b("b");
    level2(v);
  }
  say("level1 not reached");
}

__attribute__((noinline)) void rethrow_level(int v) {
  try {
    throw_int(v);
  } catch (int x) {
    say("rethrow inner %d", x);
    throw;
  }
}

__attribute__((noinline)) void throw_unrelated() { throw Unrelated{5}; }

}  // namespace

int main() {
  try {
    throw_int(7);
  } catch (const std::exception&) {
    say("wrong: int caught as std::exception");
  } catch (int v) {
    say("caught int %d", v);
  }

  try {
    throw_runtime_error();
  } catch (const std::exception& e) {
    say("caught std::exception: %s", e.what());
  }

  try {
    rethrow_level(3);
  } catch (int v) {
    say("rethrow outer %d", v);
  }

  try {
    level1(42);
  } catch (const std::exception&) {
    say("wrong: deep caught as std::exception");
  } catch (int v) {
    say("caught deep %d", v);
  }

  try {
    throw_unrelated();
  } catch (int) {
    say("wrong: Unrelated caught as int");
  } catch (...) {
    say("caught ...");
  }

  try {
    Noisy e("e");
    (void)e;
  } catch (...) {
    say("wrong: nothing was thrown");
  }
  say("no throw");

  say("done");
  return 0;
}
