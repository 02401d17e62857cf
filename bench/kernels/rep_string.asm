; REP string operations: per iteration a 64-byte rep movsb, a 16-dword
; rep stosd, a repne scasb over a 32-byte string and a repe cmpsb
; (18 instructions), 6 M iterations (~108 M instructions).
%include "common.inc"
  SAVE
  cld
  ; a 32-byte string with its terminator at the end
  mov zdi, DATA
  mov ecx, 31
  mov al, 'A'
  rep stosb
  mov byte [DATA + 31], 0
  mov ebp, 6000000
  xor edx, edx
.loop:
  mov zsi, DATA
  mov zdi, DATA + 0x1000
  mov ecx, 64
  rep movsb
  mov eax, ebp
  mov ecx, 16
  rep stosd
  mov zdi, DATA
  xor eax, eax
  mov ecx, 64
  repne scasb
  add edx, ecx
  mov zsi, DATA
  mov zdi, DATA + 0x1000
  mov ecx, 32
  repe cmpsb
  add edx, ecx
  dec ebp
  jnz .loop
  mov eax, edx
  RESTORE
  ret
