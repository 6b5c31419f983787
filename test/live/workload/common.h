/* Shared helpers for the near-OOM workload programs (test/live/workload).
 * Every program prints "ready" on stdout once its memory is set up, so the
 * harness can sequence a scenario without sleeping on guesses. */
#ifndef OOMTOP_WORKLOAD_COMMON_H
#define OOMTOP_WORKLOAD_COMMON_H
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096UL
#define MIB (1024UL * 1024UL)

static volatile sig_atomic_t stop_requested = 0;

static void on_stop(int sig) { (void)sig; stop_requested = 1; }

/* No SA_RESTART: a blocked clock_nanosleep/read returns EINTR so the loop
 * notices the stop request at once. */
static inline void catch_stop_signals(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_stop;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
}

static inline int64_t mono_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static inline int64_t wall_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (int64_t)ts.tv_sec * 1000LL + ts.tv_nsec / 1000000LL;
}

/* Sleeps until an absolute CLOCK_MONOTONIC time; returns early on a signal. */
static inline void sleep_until_ns(int64_t t) {
  struct timespec ts = { .tv_sec = t / 1000000000LL, .tv_nsec = t % 1000000000LL };
  clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
}

static inline void set_comm(const char *name) {
  if (name && *name) prctl(PR_SET_NAME, name, 0, 0, 0);
}

static inline void say_ready(void) {
  fputs("ready\n", stdout);
  fflush(stdout);
}

static inline void die(const char *what) {
  fprintf(stderr, "%s: %s\n", what, strerror(errno));
  exit(2);
}

/* Strict positive integer parse so a typo in an argument fails loudly. */
static inline long arg_long(const char *s, const char *what) {
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || end == s || *end || v < 0) {
    fprintf(stderr, "bad %s: %s\n", what, s);
    exit(2);
  }
  return v;
}

/* xorshift64*: cheap randomness for page choice, not for security. */
__attribute__((unused)) static uint64_t rng_state = 88172645463325252ULL;
static inline uint64_t rnd(void) {
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * 2685821657736338717ULL;
}
#endif
