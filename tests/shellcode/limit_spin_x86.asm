; Spins forever: only an instruction budget or the timeout ends it.
bits 32
spin:
    inc eax
    jmp spin
