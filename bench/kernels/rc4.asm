; RC4: key schedule with a 16-byte key, then the keystream XORed over a
; 64 KiB buffer at DATA + 0x1000, 97 times (~108 M instructions).
; S-box at DATA (256 bytes).
%include "common.inc"
  SAVE
  mov ebp, 97
.again:
  ; KSA: S[i] = i
  mov zdi, DATA
  xor ecx, ecx
.init:
  mov [zdi + zcx], cl
  inc ecx
  cmp ecx, 256
  jne .init
  ; j = (j + S[i] + key[i % 16]) & 255; swap
  xor ecx, ecx
  xor edx, edx
.ksa:
  movzx eax, byte [zdi + zcx]
  add edx, eax
  mov ebx, ecx
  and ebx, 15
  movzx ebx, byte [key + zbx]
  add edx, ebx
  and edx, 255
  movzx ebx, byte [zdi + zdx]
  mov [zdi + zcx], bl
  mov [zdi + zdx], al
  inc ecx
  cmp ecx, 256
  jne .ksa
  ; PRGA over the buffer
  xor ecx, ecx            ; i
  xor edx, edx            ; j
  mov zsi, DATA + 0x1000
  mov ebx, 65536
.prga:
  inc ecx
  and ecx, 255
  movzx eax, byte [zdi + zcx]
  add edx, eax
  and edx, 255
  push zbx
  movzx ebx, byte [zdi + zdx]
  mov [zdi + zcx], bl
  mov [zdi + zdx], al
  add eax, ebx
  and eax, 255
  pop zbx
  mov al, [zdi + zax]
  xor [zsi], al
  inc zsi
  dec ebx
  jnz .prga
  dec ebp
  jnz .again
  mov eax, [DATA + 0x1000]
  xor eax, [DATA + 0x1000 + 0xFFFC]
  RESTORE
  ret
key: db 0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF, 0xFE, 0xDC, 0xBA, 0x98, 0x76, 0x54, 0x32, 0x10
