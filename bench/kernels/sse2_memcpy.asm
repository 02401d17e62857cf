; SSE2 memcpy: 64 KiB from DATA to DATA+64K with movdqa/movdqu, 32 bytes
; per iteration (8 instructions), 7000 passes (~115 M instructions).
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
  mov ebp, 7000
.pass:
  mov zsi, DATA
  mov zdi, DATA + 0x10000
  mov ecx, 2048
.copy:
  movdqa xmm0, [zsi]
  movdqu xmm1, [zsi + 16]
  movdqa [zdi], xmm0
  movdqu [zdi + 16], xmm1
  add zsi, 32
  add zdi, 32
  dec ecx
  jnz .copy
  dec ebp
  jnz .pass
  mov eax, [DATA + 0x10000 + 0xFFFC]
  add eax, [DATA + 0x10000 + 0x100]
  RESTORE
  ret
