; AVX memcpy: 64 KiB from DATA to DATA+64K with 256-bit VEX loads/stores
; (vmovdqa, vmovdqu, vmovntdq) and a running vpaddq checksum, 64 bytes per
; iteration (9 instructions), 12500 passes (~115 M instructions). Measures
; the VEX.256 paths against sse2_memcpy.
%include "common.inc"
  SAVE
  ; seed the source with a pattern
  mov zdi, DATA
  mov ecx, 16384
  mov eax, 0x01020304
.seed:
  mov [zdi], eax
  add eax, 0x11111111
  add zdi, 4
  dec ecx
  jnz .seed
  vpxor ymm2, ymm2, ymm2
  mov ebp, 12500
.pass:
  mov zsi, DATA
  mov zdi, DATA + 0x10000
  mov ecx, 1024
.copy:
  vmovdqa ymm0, [zsi]
  vmovdqu ymm1, [zsi + 32]
  vmovntdq [zdi], ymm0
  vmovdqu [zdi + 32], ymm1
  vpaddq ymm2, ymm2, ymm1
  add zsi, 64
  add zdi, 64
  dec ecx
  jnz .copy
  dec ebp
  jnz .pass
  vpmovmskb eax, ymm2
  vzeroupper
  add eax, [DATA + 0x10000 + 0xFFFC]
  add eax, [DATA + 0x10000 + 0x100]
  RESTORE
  ret
