#!/bin/sh
# Rebuilds the C thread examples (Debian: apt-get install clang-19 lld-19
# wasi-libc libclang-rt-19-dev-wasm32). Debian's wasi-libc has no pthreads and
# no atomics build, so our objects use -matomics and the link forces a shared,
# imported memory (see /work/shared/notes/c-to-wasm.md).
set -e
cd "$(dirname "$0")"
clang-19 --target=wasm32-wasi -O1 -g -matomics -mbulk-memory -c pool.c -o pool.o
clang-19 --target=wasm32-wasi -matomics -mbulk-memory -c thread_start.s -o thread_start.o
clang-19 --target=wasm32-wasi -matomics -mbulk-memory pool.o thread_start.o -o pool.wasm \
  -Wl,--shared-memory -Wl,--import-memory -Wl,--max-memory=4194304 -Wl,--no-check-features
rm -f pool.o thread_start.o
