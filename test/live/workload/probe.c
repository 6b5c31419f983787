/* probe: the latency victim of the near-OOM scenarios.
 *
 * usage: probe <summary.json> <file> <duration_ms> [anon_mib=8] [period_ms=10]
 *
 * Wakes on an absolute CLOCK_MONOTONIC grid; each tick writes 4 random pages
 * of its own anon buffer and reads 4 random pages of a MAP_SHARED mapping of
 * <file> (the first 64 MiB, or all of it if smaller). A reclaim stall shows up
 * as lateness against the grid and as long gaps between wake-ups, whether the
 * stall hit the sleep, the wake-up or the page accesses.
 *
 * The JSON summary is rewritten every second (tmp + rename, by a separate
 * thread so file I/O never delays a tick) and once more on exit, so a SIGKILL
 * loses at most the last second. Lateness and gaps are measured before missed
 * ticks are skipped, so one long stall counts once, at its full length. */
#include "common.h"
#include <fcntl.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/stat.h>

#define TOUCHES 4
#define GAP_MS 100.0

struct second {
  long s;
  int64_t wall_ms;
  long ticks;
  double worst_lateness_ms, worst_gap_ms;
};

static struct {
  int64_t start_ns, start_wall_ms, last_ns;
  long ticks, missed, gaps_over;
  double worst_gap_ms, worst_gap_at_ms, worst_lateness_ms, total_lateness_ms;
  int first_gap_seen;
  double first_gap_at_ms, first_gap_ms;
  int64_t first_gap_wall_ms;
  struct second *timeline;
  long timeline_len, timeline_cap;
} st;

static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t file_lock = PTHREAD_MUTEX_INITIALIZER;
static const char *summary_path;
static char *json_buf;
static size_t json_cap;
static long period_ms, anon_mib, file_mib;

static double ms_since_start(int64_t t) { return (double)(t - st.start_ns) / 1e6; }

static size_t format_summary(int final) {
  size_t n = 0;
#define OUT(...) n += (size_t)snprintf(json_buf + n, n < json_cap ? json_cap - n : 0, __VA_ARGS__)
  OUT("{\"version\":1,\"final\":%s,\"pid\":%d,\"periodMs\":%ld,\"anonMiB\":%ld,\"fileMiB\":%ld,",
      final ? "true" : "false", (int)getpid(), period_ms, anon_mib, file_mib);
  OUT("\"startMonoMs\":%.3f,\"startWallMs\":%lld,\"elapsedMs\":%.1f,",
      (double)st.start_ns / 1e6, (long long)st.start_wall_ms, ms_since_start(st.last_ns));
  OUT("\"ticks\":%ld,\"missedTicks\":%ld,\"worstGapMs\":%.3f,\"worstGapAtMs\":%.1f,",
      st.ticks, st.missed, st.worst_gap_ms, st.worst_gap_at_ms);
  OUT("\"gapsOver100ms\":%ld,\"totalLatenessMs\":%.3f,\"worstLatenessMs\":%.3f,",
      st.gaps_over, st.total_lateness_ms, st.worst_lateness_ms);
  if (st.first_gap_seen)
    OUT("\"firstGapOver100ms\":{\"atMs\":%.1f,\"wallMs\":%lld,\"gapMs\":%.3f},",
        st.first_gap_at_ms, (long long)st.first_gap_wall_ms, st.first_gap_ms);
  else
    OUT("\"firstGapOver100ms\":null,");
  OUT("\"timeline\":[");
  for (long i = 0; i < st.timeline_len; i++) {
    struct second *e = &st.timeline[i];
    OUT("%s{\"s\":%ld,\"wallMs\":%lld,\"ticks\":%ld,\"worstLatenessMs\":%.3f,\"worstGapMs\":%.3f}",
        i ? "," : "", e->s, (long long)e->wall_ms, e->ticks, e->worst_lateness_ms, e->worst_gap_ms);
  }
  OUT("]}\n");
#undef OUT
  return n < json_cap ? n : json_cap - 1;
}

static void write_summary(int final) {
  pthread_mutex_lock(&file_lock);
  pthread_mutex_lock(&stats_lock);
  size_t n = format_summary(final);
  pthread_mutex_unlock(&stats_lock);
  char tmp[4096];
  snprintf(tmp, sizeof tmp, "%s.tmp", summary_path);
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd >= 0) {
    ssize_t w = write(fd, json_buf, n);
    close(fd);
    if (w == (ssize_t)n) rename(tmp, summary_path);
  }
  pthread_mutex_unlock(&file_lock);
}

static void *writer(void *arg) {
  (void)arg;
  int64_t next = mono_ns();
  for (;;) {
    next += 1000000000LL;
    sleep_until_ns(next);
    write_summary(0);
  }
  return NULL;
}

static void record_tick(int64_t now, int64_t scheduled) {
  double lateness = (double)(now - scheduled) / 1e6;
  double gap = (double)(now - st.last_ns) / 1e6;
  double at = ms_since_start(now);
  pthread_mutex_lock(&stats_lock);
  st.ticks++;
  st.total_lateness_ms += lateness;
  if (lateness > st.worst_lateness_ms) st.worst_lateness_ms = lateness;
  if (gap > st.worst_gap_ms) { st.worst_gap_ms = gap; st.worst_gap_at_ms = at; }
  if (gap > GAP_MS) {
    st.gaps_over++;
    if (!st.first_gap_seen) {
      st.first_gap_seen = 1;
      st.first_gap_at_ms = at;
      st.first_gap_ms = gap;
      st.first_gap_wall_ms = wall_ms();
    }
  }
  long s = (long)(at / 1000.0);
  struct second *e = st.timeline_len ? &st.timeline[st.timeline_len - 1] : NULL;
  if ((!e || e->s != s) && st.timeline_len < st.timeline_cap) {
    e = &st.timeline[st.timeline_len++];
    memset(e, 0, sizeof *e);
    e->s = s;
    e->wall_ms = wall_ms();
  }
  if (e && e->s == s) {
    e->ticks++;
    if (lateness > e->worst_lateness_ms) e->worst_lateness_ms = lateness;
    if (gap > e->worst_gap_ms) e->worst_gap_ms = gap;
  }
  st.last_ns = now;
  pthread_mutex_unlock(&stats_lock);
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: probe <summary.json> <file> <duration_ms> [anon_mib=8] [period_ms=10]\n");
    return 2;
  }
  summary_path = argv[1];
  long duration_ms = arg_long(argv[3], "duration_ms");
  anon_mib = argc > 4 ? arg_long(argv[4], "anon_mib") : 8;
  period_ms = argc > 5 ? arg_long(argv[5], "period_ms") : 10;
  if (anon_mib < 1 || period_ms < 1) { fprintf(stderr, "anon_mib and period_ms must be >= 1\n"); return 2; }
  catch_stop_signals();
  set_comm("nr-probe");
  rng_state ^= (uint64_t)getpid() * 0x9E3779B97F4A7C15ULL;

  size_t anon_len = (size_t)anon_mib * MIB;
  volatile char *anon = mmap(NULL, anon_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (anon == MAP_FAILED) die("mmap anon");
  memset((char *)anon, 1, anon_len);

  int fd = open(argv[2], O_RDONLY);
  if (fd < 0) die("open file");
  struct stat sb;
  if (fstat(fd, &sb) < 0) die("fstat");
  size_t file_len = (size_t)sb.st_size < 64 * MIB ? (size_t)sb.st_size : 64 * MIB;
  if (file_len < PAGE) { fprintf(stderr, "file too small\n"); return 2; }
  file_mib = (long)(file_len / MIB);
  volatile const char *map = mmap(NULL, file_len, PROT_READ, MAP_SHARED, fd, 0);
  if (map == MAP_FAILED) die("mmap file");
  unsigned sum = 0;
  for (size_t off = 0; off < file_len; off += PAGE) sum += (unsigned char)map[off];

  st.timeline_cap = duration_ms / 1000 + 4;
  st.timeline = calloc((size_t)st.timeline_cap, sizeof *st.timeline);
  json_cap = 512 + (size_t)st.timeline_cap * 128;
  json_buf = malloc(json_cap);
  if (!st.timeline || !json_buf) die("malloc");
  memset(json_buf, 0, json_cap); /* fault it in now, not while holding a lock */

  size_t anon_pages = anon_len / PAGE, file_pages = file_len / PAGE;
  int64_t period = period_ms * 1000000LL;
  st.start_ns = st.last_ns = mono_ns();
  st.start_wall_ms = wall_ms();
  int64_t end = st.start_ns + duration_ms * 1000000LL;
  write_summary(0);
  pthread_t th;
  if (pthread_create(&th, NULL, writer, NULL) != 0) die("pthread_create");
  say_ready();

  int64_t next = st.start_ns + period;
  while (!stop_requested) {
    sleep_until_ns(next);
    if (stop_requested) break;
    int64_t now = mono_ns();
    if (now < next) continue; /* woken early by a signal that was not a stop */
    record_tick(now, next);
    next += period;
    long skipped = 0;
    while (next <= now) { next += period; skipped++; }
    if (skipped) {
      pthread_mutex_lock(&stats_lock);
      st.missed += skipped;
      pthread_mutex_unlock(&stats_lock);
    }
    for (int i = 0; i < TOUCHES; i++) anon[(rnd() % anon_pages) * PAGE] = (char)i;
    for (int i = 0; i < TOUCHES; i++) sum += (unsigned char)map[(rnd() % file_pages) * PAGE];
    if (now >= end) break;
  }
  write_summary(1);
  return sum == 0xFFFFFFFFu ? 1 : 0; /* keeps the reads from being optimised away */
}
