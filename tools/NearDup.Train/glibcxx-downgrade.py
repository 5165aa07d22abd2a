"""Rewrites libLibTorchSharp.so's need of GLIBCXX_3.4.32 (GCC 13) as GLIBCXX_3.4.30 (Debian 12's GCC 12), in place.
The one symbol of that version, std::ios_base_library_init, has its version cleared by patchelf first and comes from
glibcxx-shim.c. ELF64 little-endian only; see run.sh."""
import struct, sys

def elf_hash(name: bytes) -> int:
    h = 0
    for c in name:
        h = ((h << 4) + c) & 0xFFFFFFFF
        g = h & 0xF0000000
        if g:
            h ^= g >> 24
        h &= ~g & 0xFFFFFFFF
    return h

path = sys.argv[1]
data = bytearray(open(path, 'rb').read())
shoff, = struct.unpack_from('<Q', data, 0x28)
shentsize, shnum = struct.unpack_from('<HH', data, 0x3A)
sections = [struct.unpack_from('<IIQQQQIIQQ', data, shoff + i * shentsize) for i in range(shnum)]
old, new = b'GLIBCXX_3.4.32', b'GLIBCXX_3.4.30'
for sh in sections:
    if sh[1] != 0x6FFFFFFE:  # SHT_GNU_verneed
        continue
    strtab = sections[sh[6]][4]
    entry = sh[4]
    while True:
        _, count, _, aux, nxt = struct.unpack_from('<HHIII', data, entry)
        a = entry + aux
        for _ in range(count):
            _, _, _, name, anext = struct.unpack_from('<IHHII', data, a)
            at = strtab + name
            if data[at:at + len(old) + 1] == old + b'\0':
                data[at:at + len(old)] = new
                struct.pack_into('<I', data, a, elf_hash(new))
                print(f'{path}: need of {old.decode()} rewritten as {new.decode()}')
            a += anext
        if nxt == 0:
            break
        entry += nxt
open(path, 'wb').write(data)
