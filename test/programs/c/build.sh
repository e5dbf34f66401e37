#!/bin/sh
# Rebuilds the C test programs of the DWARF reader tests. The .wasm files are
# committed so that CI needs no compiler; rerun this after editing a source.
# Needs Debian's clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32.
set -eu
cd "$(dirname "$0")"
CC=${CC:-clang-19}
FLAGS="--target=wasm32-wasi -gdwarf-5 -fdebug-compilation-dir=."
$CC $FLAGS -O0 shapes.c -o shapes-O0.wasm
$CC $FLAGS -O1 shapes.c -o shapes-O1.wasm
# DWARF 4 variant (the last -gdwarf-N wins), so both header and form families are exercised.
$CC $FLAGS -gdwarf-4 -O0 shapes.c -o shapes-dwarf4.wasm
# Split debug info: a copy without DWARF whose external_debug_info custom
# section names shapes-O1.wasm (beside it) as the file holding the DWARF.
node split-debug.mjs shapes-O1.wasm shapes-O1.wasm shapes-split.wasm
node big-gen.mjs > big.c
$CC $FLAGS -O0 big.c -o big.wasm
