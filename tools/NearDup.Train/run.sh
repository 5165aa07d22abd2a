#!/usr/bin/env bash
# Builds and runs the cross-encoder trainer (arguments pass through; see Program.cs and docs/EVALUATION.md).
# On Debian 12 (libstdc++ of GCC 12) TorchSharp's native library needs one GCC 13 symbol: a copy of the library next to
# TorchSharp.dll gets that symbol's version cleared (patchelf) and a no-op stands in for it (glibcxx-shim.c).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dotnet build "$here" -c Release -v q -nologo >/dev/null
out="$here/bin/Release/net10.0"
if ! strings /usr/lib/x86_64-linux-gnu/libstdc++.so.6 | grep -q GLIBCXX_3.4.32; then
  command -v patchelf >/dev/null || { echo "patchelf is needed (apt-get install patchelf)"; exit 1; }
  packages=${NUGET_PACKAGES:-$HOME/.nuget/packages}
  # Patched in a copy then renamed into place: writing over the library a running trainer has mapped kills it.
  tmp="$out/libLibTorchSharp.so.$$"
  cp "$packages/torchsharp/0.107.0/runtimes/linux-x64/native/libLibTorchSharp.so" "$tmp"
  chmod u+w "$tmp"
  patchelf --clear-symbol-version _ZSt21ios_base_library_initv "$tmp"
  python3 "$here/glibcxx-downgrade.py" "$tmp" >/dev/null
  mv -f "$tmp" "$out/libLibTorchSharp.so"
  gcc -shared -fPIC -o "$out/glibcxx-shim.so.$$" "$here/glibcxx-shim.c" && mv -f "$out/glibcxx-shim.so.$$" "$out/glibcxx-shim.so"
  export LD_PRELOAD="$out/glibcxx-shim.so"
  export LD_LIBRARY_PATH="$packages/libtorch-cpu-linux-x64/2.10.0/runtimes/linux-x64/native${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
# Niceness is the caller's to choose (`nice -n 10 tools/NearDup.Train/run.sh ...`): a nice here added to the
# caller's and left the trainer at 19, starved on a shared machine.
exec dotnet "$out/NearDup.Train.dll" "$@"
