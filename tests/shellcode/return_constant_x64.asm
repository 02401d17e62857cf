; Returns 0x1337 in rax.
bits 64
    mov rax, 0x1337
    ret
