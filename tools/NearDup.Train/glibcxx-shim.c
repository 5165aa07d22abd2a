/* libLibTorchSharp.so (TorchSharp 0.107.0) is built with GCC 13 and asks for std::ios_base_library_init()
   (GLIBCXX_3.4.32); Debian 12's libstdc++ (GCC 12) lacks it but initialises iostreams itself, so a no-op stands in.
   run.sh clears the symbol's version in a copy of the library and preloads this. */
void _ZSt21ios_base_library_initv(void) {}
