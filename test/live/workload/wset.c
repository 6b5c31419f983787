/* wset: a file-backed working set that behaves like program text.
 *
 * usage: wset <file> [period_ms=2000] [shared|private] [comm=nr-wset]
 *
 * Maps the whole file PROT_READ|PROT_EXEC and reads one byte of every page
 * each period (absolute schedule). These pages are what reclaim evicts and the
 * process re-faults at once under memcg pressure: the refault livelock that
 * makes a near-OOM stall. */
#include "common.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: wset <file> [period_ms=2000] [shared|private] [comm]\n");
    return 2;
  }
  long period_ms = argc > 2 ? arg_long(argv[2], "period_ms") : 2000;
  int private_map = argc > 3 && strcmp(argv[3], "private") == 0;
  if (argc > 3 && !private_map && strcmp(argv[3], "shared") != 0) {
    fprintf(stderr, "mapping must be shared or private\n");
    return 2;
  }
  if (period_ms < 1) { fprintf(stderr, "period_ms must be >= 1\n"); return 2; }
  catch_stop_signals();
  set_comm(argc > 4 ? argv[4] : "nr-wset");

  int fd = open(argv[1], O_RDONLY);
  if (fd < 0) die("open");
  struct stat sb;
  if (fstat(fd, &sb) < 0) die("fstat");
  size_t len = (size_t)sb.st_size;
  if (len < PAGE) { fprintf(stderr, "file too small\n"); return 2; }
  volatile const char *map = mmap(NULL, len, PROT_READ | PROT_EXEC,
                                  private_map ? MAP_PRIVATE : MAP_SHARED, fd, 0);
  if (map == MAP_FAILED) die("mmap");

  unsigned sum = 0;
  int64_t period = period_ms * 1000000LL;
  int64_t next = mono_ns();
  int ready = 0;
  while (!stop_requested) {
    for (size_t off = 0; off < len && !stop_requested; off += PAGE) sum += (unsigned char)map[off];
    if (!ready) { say_ready(); ready = 1; }
    next += period;
    int64_t now = mono_ns();
    while (next <= now) next += period; /* a stalled pass does not queue extra passes */
    sleep_until_ns(next);
  }
  return sum == 0xFFFFFFFFu ? 1 : 0;
}
