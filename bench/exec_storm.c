/*
 * exec_storm: runs PROGRAM as fast as it can (or at a set rate) from several
 * worker processes for a fixed time and prints what it achieved as one JSON
 * line. The load generator of bench/live.sh.
 *
 *   exec_storm [-j WORKERS] [-t SECONDS] [-r EXECS_PER_SECOND] [-m fork|vfork] PROGRAM
 *
 * Each worker loops { vfork (or fork) + execve(PROGRAM) + waitpid }. With -r
 * the workers share the rate and pace themselves on absolute deadlines, so a
 * slow period is not made up by a burst. Output:
 *   {"workers":2,"seconds":5.000,"execs":12345,"failed":0,"rate":2469.0}
 * "failed" counts children that did not exit 0 (exec failure, signals).
 *
 * Build: gcc -O2 -o exec_storm exec_storm.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct slot {
  long execs;
  long failed;
  char pad[48]; /* one cache line per worker */
};

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_until(double t) {
  struct timespec ts;
  ts.tv_sec = (time_t)t;
  ts.tv_nsec = (long)((t - (double)ts.tv_sec) * 1e9);
  while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR) {
  }
}

static void usage(void) {
  fprintf(stderr,
          "usage: exec_storm [-j WORKERS] [-t SECONDS] [-r EXECS_PER_SECOND] "
          "[-m fork|vfork] PROGRAM\n");
  exit(2);
}

static void worker(struct slot *s, const char *prog, double end, double interval,
                   int use_fork) {
  char *argv[] = {(char *)prog, NULL};
  char *envp[] = {NULL};
  double due = now();
  while (now() < end) {
    if (interval > 0) {
      due += interval;
      if (due > end) break;
      sleep_until(due);
    }
    pid_t pid = use_fork ? fork() : vfork();
    if (pid == 0) {
      execve(prog, argv, envp);
      _exit(127);
    }
    if (pid < 0) {
      s->failed++;
      continue;
    }
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
      s->execs++;
    } else {
      s->failed++;
    }
  }
}

int main(int argc, char **argv) {
  long workers = sysconf(_SC_NPROCESSORS_ONLN);
  double seconds = 5, rate = 0;
  int use_fork = 0, opt;
  while ((opt = getopt(argc, argv, "j:t:r:m:")) != -1) {
    switch (opt) {
      case 'j': workers = atol(optarg); break;
      case 't': seconds = atof(optarg); break;
      case 'r': rate = atof(optarg); break;
      case 'm':
        if (strcmp(optarg, "fork") == 0) use_fork = 1;
        else if (strcmp(optarg, "vfork") == 0) use_fork = 0;
        else usage();
        break;
      default: usage();
    }
  }
  if (optind != argc - 1 || workers < 1 || seconds <= 0 || rate < 0) usage();
  const char *prog = argv[optind];
  if (access(prog, X_OK) != 0) {
    fprintf(stderr, "exec_storm: %s: %s\n", prog, strerror(errno));
    return 2;
  }
  struct slot *slots = mmap(NULL, sizeof(struct slot) * (size_t)workers,
                            PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (slots == MAP_FAILED) {
    perror("exec_storm: mmap");
    return 1;
  }
  double interval = rate > 0 ? (double)workers / rate : 0;
  double start = now(), end = start + seconds;
  for (long i = 0; i < workers; i++) {
    pid_t pid = fork();
    if (pid < 0) {
      perror("exec_storm: fork");
      return 1;
    }
    if (pid == 0) {
      worker(&slots[i], prog, end, interval, use_fork);
      _exit(0);
    }
  }
  for (long i = 0; i < workers; i++) {
    while (wait(NULL) < 0 && errno == EINTR) {
    }
  }
  double took = now() - start;
  long execs = 0, failed = 0;
  for (long i = 0; i < workers; i++) {
    execs += slots[i].execs;
    failed += slots[i].failed;
  }
  printf("{\"workers\":%ld,\"seconds\":%.3f,\"execs\":%ld,\"failed\":%ld,\"rate\":%.1f}\n",
         workers, took, execs, failed, (double)execs / took);
  return 0;
}
