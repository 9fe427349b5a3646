// bench-pauses: how often, and for how long, this machine stops running a busy thread.
//
//   bench-pauses SECONDS [CORES]
//
// Runs one thread pinned to each of the first CORES cores (default: all), each reading
// CLOCK_MONOTONIC in a loop for SECONDS, and counts every gap over 1 ms between two readings:
// time the thread did not run. On an otherwise idle machine nothing should take a core from a
// spinning thread for that long; a virtual machine whose host deschedules or throttles it does.
// (On the 2-core development VM, 2026-12-06: one core spinning for 10 s, twice, lost no more
// than 2.9 ms at a time; both cores spinning lost 3 and 13 gaps of ~100 ms each, 188 and 680 ms
// a core in all: as if the host capped the VM below two whole CPUs in 100 ms periods; a load that
// keeps both cores busy, as wrk -t2 does, meets those pauses.) Prints one line, times in ms:
//
//   cores C seconds S gaps_over_1ms N gaps_over_10ms M longest L lost_per_core P together T
//
// lost_per_core is the gaps' total averaged over the cores; together counts the gaps over 10 ms
// of the first core that every other core had too, beginning within 5 ms of it: pauses of the
// whole machine.
// bench/run prints it beside its figures: in a 10 s wrk run, one such pause of P ms adds about
// 16 x P / 0.5 ms slow samples to wrk's latency histogram (coordinated-omission correction),
// which moves its p99 by itself.
#include <pthread.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

namespace {

double now_ms() {
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

struct Gap {
  double start, length;  // ms
};

// Spins for `seconds` on `core`, returning every gap over 1 ms.
std::vector<Gap> spin(int core, double seconds) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(core, &set);
  pthread_setaffinity_np(pthread_self(), sizeof set, &set);
  std::vector<Gap> gaps;
  const double start = now_ms();
  double last = start;
  while (last - start < seconds * 1e3) {
    double t = now_ms();
    if (t - last > 1.0) gaps.push_back({last, t - last});
    last = t;
  }
  return gaps;
}

}  // namespace

int main(int argc, char** argv) {
  const int online = static_cast<int>(std::max(1L, sysconf(_SC_NPROCESSORS_ONLN)));
  const int cores = argc == 3 ? std::atoi(argv[2]) : online;
  if (argc < 2 || argc > 3 || std::atof(argv[1]) <= 0 || cores < 1 || cores > online) {
    std::fprintf(stderr, "usage: bench-pauses SECONDS [CORES]\n");
    return 2;
  }
  const double seconds = std::atof(argv[1]);
  std::vector<std::vector<Gap>> found(cores);
  std::vector<std::thread> threads;
  for (int core = 0; core < cores; ++core) {
    threads.emplace_back([&found, core, seconds] { found[core] = spin(core, seconds); });
  }
  for (auto& t : threads) t.join();

  int over_1 = 0, over_10 = 0, together = 0;
  double longest = 0, lost = 0;
  for (const auto& gaps : found) {
    for (const Gap& gap : gaps) {
      ++over_1;
      lost += gap.length;
      longest = std::max(longest, gap.length);
      if (gap.length > 10) ++over_10;
    }
  }
  for (const Gap& gap : found[0]) {
    if (gap.length <= 10) continue;
    bool everywhere = std::all_of(found.begin() + 1, found.end(), [&](const auto& gaps) {
      return std::any_of(gaps.begin(), gaps.end(), [&](const Gap& g) {
        return g.length > 10 && std::abs(g.start - gap.start) < 5;
      });
    });
    if (everywhere) ++together;
  }
  std::printf(
      "cores %d seconds %g gaps_over_1ms %d gaps_over_10ms %d longest %.1f lost_per_core %.1f "
      "together %d\n",
      cores, seconds, over_1, over_10, longest, lost / cores, together);
  return 0;
}
