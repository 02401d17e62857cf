; ALU loop: 10 register-only integer instructions per iteration,
; 12 M iterations (~120 M instructions).
%include "common.inc"
  SAVE
  mov ecx, 12000000
  mov eax, 1
  mov ebx, 2
  mov edx, 3
  mov esi, 4
  mov edi, 5
.loop:
  add zax, zbx
  xor zbx, zcx
  sub zdx, zax
  rol zsi, 3
  and zdi, zdx
  or zsi, zcx
  lea zax, [zax + zsi*2 + 7]
  adc zdi, zax
  dec zcx
  jnz .loop
  add zax, zbx
  add zax, zdx
  add zax, zsi
  add zax, zdi
  RESTORE
  ret
