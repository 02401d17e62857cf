; Call/return heavy loop: a leaf call and a framed call per iteration
; (13 instructions), 9 M iterations (~117 M instructions).
%include "common.inc"
  SAVE
  mov ebx, 9000000
  xor eax, eax
.loop:
  mov ecx, ebx
  call leaf
  push zcx
  call framed
  pop zcx
  dec ebx
  jnz .loop
  RESTORE
  ret
leaf:
  lea eax, [zax + zcx*2]
  ret
framed:
  push zbp
  mov zbp, zsp
  sub eax, [zbp + 2 * (BITS / 8)]
  pop zbp
  ret
