/* churner: page-cache traffic with little anon memory.
 *
 * usage: churner read <file> <rate_mib_s>
 *        churner write <path> <size_mib> [rate_mib_s=0]
 *
 * read: read(2)s <file> in 1 MiB chunks at the target rate, from the start
 *   again at EOF. A file larger than the cgroup limit keeps reclaim busy with
 *   clean cache (benign by itself: nothing maps it).
 * write: writes <size_mib> of pseudo-random data to <path> (truncating it),
 *   then reads it back, forever. Fills the cgroup with cache and dirty pages:
 *   the benign case an OOM killer must not act on.
 * A rate of 0 means as fast as possible. Behind schedule by over a second, it
 * resets the schedule instead of bursting to catch up. */
#include "common.h"
#include <fcntl.h>

#define CHUNK MIB

static int64_t chunk_ns, next_ns;

static void pace(void) {
  if (!chunk_ns) return;
  next_ns += chunk_ns;
  int64_t now = mono_ns();
  if (next_ns < now - 1000000000LL) next_ns = now;
  sleep_until_ns(next_ns);
}

static void read_loop(const char *path, char *buf) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) die("open");
  say_ready();
  while (!stop_requested) {
    ssize_t r = read(fd, buf, CHUNK);
    if (r < 0) { if (errno == EINTR) continue; die("read"); }
    if (r == 0) { lseek(fd, 0, SEEK_SET); continue; }
    pace();
  }
  close(fd);
}

static void write_loop(const char *path, long size_mib, char *buf) {
  for (size_t i = 0; i < CHUNK / 8; i++) ((uint64_t *)buf)[i] = rnd();
  int ready = 0;
  while (!stop_requested) {
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) die("open");
    if (!ready) { say_ready(); ready = 1; }
    for (long i = 0; i < size_mib && !stop_requested; i++) {
      ((uint64_t *)buf)[i % (CHUNK / 8)] ^= rnd(); /* each chunk differs */
      ssize_t w = write(fd, buf, CHUNK);
      if (w < 0) { if (errno == EINTR) continue; die("write"); }
      pace();
    }
    lseek(fd, 0, SEEK_SET);
    while (!stop_requested) {
      ssize_t r = read(fd, buf, CHUNK);
      if (r < 0) { if (errno == EINTR) continue; die("read"); }
      if (r == 0) break;
      pace();
    }
    close(fd);
  }
}

int main(int argc, char **argv) {
  int writing = argc >= 4 && strcmp(argv[1], "write") == 0;
  int reading = argc >= 4 && strcmp(argv[1], "read") == 0;
  if (!writing && !reading) {
    fprintf(stderr, "usage: churner read <file> <rate_mib_s> | churner write <path> <size_mib> [rate_mib_s]\n");
    return 2;
  }
  long rate = reading ? arg_long(argv[3], "rate") : (argc > 4 ? arg_long(argv[4], "rate") : 0);
  catch_stop_signals();
  set_comm(reading ? "nr-churn-read" : "nr-churn-write");
  rng_state ^= (uint64_t)getpid();
  char *buf = malloc(CHUNK);
  if (!buf) die("malloc");
  memset(buf, 0, CHUNK);
  if (rate > 0) chunk_ns = 1000000000LL / rate;
  next_ns = mono_ns();
  if (reading) read_loop(argv[2], buf);
  else write_loop(argv[2], arg_long(argv[3], "size_mib"), buf);
  return 0;
}
