; A storm of exceptions: an SEH handler that returns
; ExceptionContinueExecution without repairing anything, so the faulting
; load runs and faults again forever. Only the timeout ends it.
bits 32
    call here
here:
    pop ebx                         ; ebx = address of `here`
    lea eax, [ebx + handler - here]
    push eax                        ; EXCEPTION_REGISTRATION.Handler
    push dword [fs:0]               ; EXCEPTION_REGISTRATION.Next
    mov [fs:0], esp
fault:
    mov eax, [0]                    ; access violation, again and again
    jmp fault
handler:
    xor eax, eax                    ; ExceptionContinueExecution
    ret
