#!/usr/bin/env python3
"""Writes loader/data/<dll>.exports from real PE DLLs.

Source: Debian's wine build (package libwine, directory
usr/lib/x86_64-linux-gnu/wine/x86_64-windows/), whose DLLs are PE files with
the Windows export names and ordinals. Usage:

    apt-get download libwine && dpkg-deb -x libwine_*.deb /tmp/wine
    scripts/gen_exports.py /tmp/wine/usr/lib/x86_64-linux-gnu/wine/x86_64-windows loader/data [/usr]

With the optional third argument (a prefix holding mingw-w64's import
libraries, {prefix}/{i686,x86_64}-w64-mingw32/lib/lib<dll>.a), names that the
Windows DLL exports but Wine does not are appended after Wine's highest
ordinal, so GetProcAddress finds them too (their ordinals are ours).

Output format, one export a line, sorted by ordinal:
    <ordinal> <name>          named export
    <ordinal>                 ordinal-only export
Forwarders of the source DLL are kept as plain exports: a decoy implements
every export itself (shellcode that resolves by hash must land on code).

loader/data/<dll>_x86.exports (32-bit-only names) are maintained by hand and
not written here.
"""
import re
import struct
import subprocess
import sys
from pathlib import Path

DLLS = [
    "ntdll.dll", "kernel32.dll", "kernelbase.dll", "user32.dll", "advapi32.dll",
    "gdi32.dll", "ws2_32.dll", "wsock32.dll", "wininet.dll", "winhttp.dll",
    "urlmon.dll", "msvcrt.dll", "ucrtbase.dll", "vcruntime140.dll", "shell32.dll",
    "shlwapi.dll", "ole32.dll", "oleaut32.dll", "crypt32.dll", "bcrypt.dll",
    "iphlpapi.dll", "netapi32.dll", "psapi.dll", "dnsapi.dll", "secur32.dll",
    "mpr.dll", "version.dll", "userenv.dll", "ntoskrnl.exe", "hal.dll",
    "msvcp140.dll", "comctl32.dll", "rpcrt4.dll", "winmm.dll", "wtsapi32.dll",
    "mscoree.dll", "dbghelp.dll", "setupapi.dll", "ncrypt.dll", "sspicli.dll",
    "advpack.dll", "gdiplus.dll", "shcore.dll", "winspool.drv",
    "comdlg32.dll", "imm32.dll", "wtsapi32.dll", "cabinet.dll", "wintrust.dll",
    "odbc32.dll", "rasapi32.dll", "netutils.dll", "mswsock.dll", "fltmgr.sys",
]


class PeError(Exception):
    pass


def rva_to_off(sections, rva):
    for va, vsize, raw, rsize in sections:
        if va <= rva < va + max(vsize, rsize):
            if rva - va >= rsize:
                raise PeError("rva in bss")
            return raw + rva - va
    raise PeError(f"rva {rva:#x} not in a section")


def cstr(data, off):
    end = data.index(b"\0", off)
    return data[off:end].decode("ascii")


def read_exports(path):
    data = path.read_bytes()
    if data[:2] != b"MZ":
        raise PeError("not MZ")
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    if data[pe:pe + 4] != b"PE\0\0":
        raise PeError("not PE")
    nsec, = struct.unpack_from("<H", data, pe + 6)
    opt_size, = struct.unpack_from("<H", data, pe + 20)
    opt = pe + 24
    magic, = struct.unpack_from("<H", data, opt)
    dd = opt + (96 if magic == 0x10B else 112)
    exp_rva, exp_size = struct.unpack_from("<II", data, dd)
    sec_off = opt + opt_size
    sections = []
    for i in range(nsec):
        va_size, va, rsize, raw = struct.unpack_from("<IIII", data, sec_off + 40 * i + 8)
        sections.append((va, va_size, raw, rsize))
    if not exp_rva:
        return []
    e = rva_to_off(sections, exp_rva)
    (_, _, _, _, _name, base, nfuncs, nnames, funcs, names, ords) = struct.unpack_from("<IIHHIIIIIII", data, e)
    by_index = {}
    for i in range(nnames):
        name_rva, = struct.unpack_from("<I", data, rva_to_off(sections, names) + 4 * i)
        idx, = struct.unpack_from("<H", data, rva_to_off(sections, ords) + 2 * i)
        by_index.setdefault(idx, []).append(cstr(data, rva_to_off(sections, name_rva)))
    out = []
    for idx in range(nfuncs):
        addr, = struct.unpack_from("<I", data, rva_to_off(sections, funcs) + 4 * idx)
        if addr == 0:
            continue
        for name in by_index.get(idx, [None]):
            out.append((base + idx, name))
    return out


def mingw_names(prefix, stem):
    names = set()
    for triple, strip in (("i686-w64-mingw32", "__imp__"), ("x86_64-w64-mingw32", "__imp_")):
        lib = Path(prefix) / triple / "lib" / f"lib{stem}.a"
        if not lib.exists():
            continue
        out = subprocess.run(["nm", str(lib)], capture_output=True, text=True).stdout
        for m in re.finditer(r" I (__imp_\S+)", out):
            sym = m.group(1)
            if not sym.startswith(strip):
                continue
            name = sym[len(strip):].split("@")[0]
            if name and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
                names.add(name)
    return names


def main():
    src, dst = Path(sys.argv[1]), Path(sys.argv[2])
    prefix = sys.argv[3] if len(sys.argv) > 3 else None
    dst.mkdir(parents=True, exist_ok=True)
    for dll in dict.fromkeys(DLLS):
        path = src / dll
        if not path.exists():
            print(f"skip {dll}: not in {src}", file=sys.stderr)
            continue
        exports = read_exports(path)
        stem = dll.rsplit(".", 1)[0]
        ext = dll.rsplit(".", 1)[1]
        lines = [f"# {dll}: exports of Wine 8.0 (Debian libwine 8.0~repack-4, x86_64-windows)"]
        if ext != "dll":
            lines.append(f"# file: {dll}")
        for ordinal, name in sorted(exports, key=lambda x: (x[0], x[1] or "")):
            lines.append(f"{ordinal} {name}" if name else f"{ordinal}")
        if prefix and ext == "dll":
            known = {n for _, n in exports if n}
            extra = sorted(mingw_names(prefix, stem) - known)
            if extra:
                lines.append(f"# below: names from mingw-w64's import library lib{stem}.a, ordinals assigned here")
                next_ord = max((o for o, _ in exports), default=0) + 1
                for i, name in enumerate(extra):
                    lines.append(f"{next_ord + i} {name}")
                print(f"{dll}: +{len(extra)} from mingw-w64")
        (dst / f"{stem}.exports").write_text("\n".join(lines) + "\n")
        print(f"{dll}: {len(exports)} exports")


if __name__ == "__main__":
    main()
