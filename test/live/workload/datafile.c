/* datafile: test data that is really on disk and not in the page cache.
 *
 * usage: datafile create <path> <mib>   fill from /dev/urandom, fsync, evict
 *        datafile evict <path>...       fsync and evict existing files
 *
 * Page cache is charged to the memory cgroup that first faults a page in.
 * Evicting (posix_fadvise DONTNEED after fsync, so no page is dirty) makes
 * the test cgroup pay for these files when its processes read them. Random
 * content, not sparse: a hole would be served without I/O or cache. */
#include "common.h"
#include <fcntl.h>

static void evict(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) die(path);
  if (fdatasync(fd) < 0) die("fdatasync");
  int err = posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
  if (err) { errno = err; die("posix_fadvise"); }
  close(fd);
}

static void create(const char *path, long mib) {
  int in = open("/dev/urandom", O_RDONLY);
  if (in < 0) die("/dev/urandom");
  int out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (out < 0) die(path);
  char *buf = malloc(MIB);
  if (!buf) die("malloc");
  for (long i = 0; i < mib; i++) {
    size_t got = 0;
    while (got < MIB) {
      ssize_t r = read(in, buf + got, MIB - got);
      if (r <= 0) die("read /dev/urandom");
      got += (size_t)r;
    }
    if (write(out, buf, MIB) != (ssize_t)MIB) die("write");
    /* Evict as we go so the writer's own cgroup never holds the whole file. */
    if (i % 64 == 63) {
      if (fdatasync(out) < 0) die("fdatasync");
      posix_fadvise(out, 0, 0, POSIX_FADV_DONTNEED);
    }
  }
  close(in);
  close(out);
  free(buf);
  evict(path);
}

int main(int argc, char **argv) {
  if (argc >= 4 && strcmp(argv[1], "create") == 0) {
    create(argv[2], arg_long(argv[3], "mib"));
    return 0;
  }
  if (argc >= 3 && strcmp(argv[1], "evict") == 0) {
    for (int i = 2; i < argc; i++) evict(argv[i]);
    return 0;
  }
  fprintf(stderr, "usage: datafile create <path> <mib> | datafile evict <path>...\n");
  return 2;
}
