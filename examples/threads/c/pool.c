// Four wasi-threads workers sum slices of an array with atomic adds; main
// waits for them with memory.atomic.wait32 and prints the total.
// Expected stdout: "total = 500500 from 4 workers\n", exit code 0.
// Build: ./build.sh (clang-19 + Debian's wasi-libc; see docs in build.sh).
#include <stdint.h>
#include <stdio.h>

#define WORKERS 4
#define N 1000
#define STACK_SIZE 16384

__attribute__((import_module("wasi"), import_name("thread-spawn")))
int32_t thread_spawn(void *arg);

struct start {
  uint8_t *stack_top;   // read by wasi_thread_start (thread_start.s) before any C runs
  int index;
};

static int values[N];
static int total;
static int done;
static uint8_t stacks[WORKERS][STACK_SIZE] __attribute__((aligned(16)));
static struct start starts[WORKERS];

// Called from wasi_thread_start once the new thread has its own stack.
void thread_main(int tid, struct start *s) {
  (void)tid;
  int sum = 0;
  for (int i = s->index; i < N; i += WORKERS) sum += values[i];
  __atomic_fetch_add(&total, sum, __ATOMIC_SEQ_CST);
  __atomic_fetch_add(&done, 1, __ATOMIC_SEQ_CST);
  __builtin_wasm_memory_atomic_notify(&done, 1);
}

int main(void) {
  for (int i = 0; i < N; i++) values[i] = i + 1;
  for (int k = 0; k < WORKERS; k++) {
    starts[k].stack_top = stacks[k] + STACK_SIZE;
    starts[k].index = k;
    if (thread_spawn(&starts[k]) <= 0) {
      fprintf(stderr, "thread-spawn failed\n");
      return 1;
    }
  }
  for (;;) {
    int d = __atomic_load_n(&done, __ATOMIC_SEQ_CST);
    if (d == WORKERS) break;
    __builtin_wasm_memory_atomic_wait32(&done, d, -1);
  }
  printf("total = %d from %d workers\n", total, WORKERS);
  return 0;
}
