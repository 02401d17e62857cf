; Returns 0x1337 in eax.
bits 32
    mov eax, 0x1337
    ret
