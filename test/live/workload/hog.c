/* hog: the runaway process of the near-OOM scenario.
 *
 * usage: hog <rate_mib_s> <cap_mib> [delay_ms=0] [comm=nr-hog]
 *
 * After <delay_ms>, touches new anonymous pages one at a time at <rate_mib_s>
 * until <cap_mib> (0 = no cap: only for use inside a limited cgroup), then
 * holds them, re-touching them every second so they stay in use. Keeps the
 * default SIGTERM action on purpose: the harness reads who signalled it from
 * the wait status. */
#include "common.h"
#include <sys/mman.h>

#define STEP_NS 2000000LL /* touch in 2 ms steps: smooth growth, cheap loop */
#define RESERVE (64UL * 1024 * MIB)

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: hog <rate_mib_s> <cap_mib> [delay_ms] [comm]\n");
    return 2;
  }
  long rate = arg_long(argv[1], "rate_mib_s");
  long cap_mib = arg_long(argv[2], "cap_mib");
  long delay_ms = argc > 3 ? arg_long(argv[3], "delay_ms") : 0;
  if (rate < 1) { fprintf(stderr, "rate must be >= 1\n"); return 2; }
  set_comm(argc > 4 ? argv[4] : "nr-hog");

  size_t cap = cap_mib ? (size_t)cap_mib * MIB : RESERVE;
  /* Reserve address space only; pages are charged as they are touched. */
  volatile char *mem = mmap(NULL, cap, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (mem == MAP_FAILED) die("mmap");
  say_ready();
  if (delay_ms) sleep_until_ns(mono_ns() + delay_ms * 1000000LL);

  size_t pages_cap = cap / PAGE, touched = 0;
  double pages_per_ns = (double)rate * MIB / PAGE / 1e9;
  int64_t start = mono_ns(), next = start;
  while (touched < pages_cap) {
    size_t target = (size_t)((double)(mono_ns() - start) * pages_per_ns);
    if (target > pages_cap) target = pages_cap;
    while (touched < target) mem[touched++ * PAGE] = 1;
    next += STEP_NS;
    sleep_until_ns(next);
  }
  fputs("capped\n", stdout);
  fflush(stdout);
  for (;;) {
    for (size_t i = 0; i < pages_cap; i++) mem[i * PAGE]++;
    sleep_until_ns(mono_ns() + 1000000000LL);
  }
}
