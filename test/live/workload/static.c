/* static: a process holding a fixed amount of anon memory, then idle.
 *
 * usage: static <mib> [comm]
 *
 * Used as the "protected large" (nr-protected) and "preferred small"
 * (nr-pref) processes of the scenarios. Keeps the default SIGTERM action so
 * the wait status tells whether someone signalled it. */
#include "common.h"
#include <sys/mman.h>

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: static <mib> [comm]\n");
    return 2;
  }
  long mib = arg_long(argv[1], "mib");
  set_comm(argc > 2 ? argv[2] : "nr-static");
  if (mib > 0) {
    size_t len = (size_t)mib * MIB;
    char *mem = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED) die("mmap");
    for (size_t off = 0; off < len; off += PAGE) mem[off] = 1;
  }
  say_ready();
  for (;;) pause();
}
