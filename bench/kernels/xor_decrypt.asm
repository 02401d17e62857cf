; Rolling-XOR decryption of a 64 KiB buffer at DATA, 240 passes
; (7 instructions per byte, ~110 M instructions). The key rolls with the
; ciphertext as in common packers.
%include "common.inc"
  SAVE
  mov ebp, 240
  mov ebx, 0x5A
.pass:
  mov zsi, DATA
  mov ecx, 65536
.byte:
  mov al, [zsi]
  xor al, bl
  mov [zsi], al
  add bl, al
  inc zsi
  dec ecx
  jnz .byte
  dec ebp
  jnz .pass
  ; checksum: sum of the first 64 dwords
  xor eax, eax
  mov zsi, DATA
  mov ecx, 64
.sum:
  add eax, [zsi]
  add zsi, 4
  dec ecx
  jnz .sum
  add eax, ebx
  RESTORE
  ret
