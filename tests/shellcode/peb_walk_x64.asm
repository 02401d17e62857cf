; PEB walk, x64: finds kernel32 as the third entry of
; PEB->Ldr->InMemoryOrderModuleList (exe, ntdll, kernel32), resolves
; LoadLibraryA and GetProcAddress by ROR-13 hash of their export names,
; loads user32.dll, resolves MessageBoxA and calls it.
BITS 64
DEFAULT REL
ORG 0

start:
    cld
    sub rsp, 0x28
    mov rax, [gs:0x60]          ; PEB
    mov rax, [rax + 0x18]       ; PEB->Ldr
    mov rsi, [rax + 0x20]       ; InMemoryOrderModuleList.Flink: the exe
    lodsq                       ; ntdll
    xchg rax, rsi
    lodsq                       ; kernel32
    mov rbp, [rax + 0x20]       ; DllBase (entry + 0x30)

    mov edi, 0xEC0E4E8E         ; ror13("LoadLibraryA")
    call find_function
    mov rbx, rax
    mov edi, 0x7C0DFCAA         ; ror13("GetProcAddress")
    call find_function
    mov r12, rax

    lea rcx, [user32]
    call rbx                    ; LoadLibraryA("user32.dll")
    mov rcx, rax
    lea rdx, [message_box]
    call r12                    ; GetProcAddress(user32, "MessageBoxA")
    xor ecx, ecx
    xor edx, edx
    xor r8d, r8d
    xor r9d, r9d
    call rax                    ; MessageBoxA
    add rsp, 0x28
    ret

; rbp = module base, edi = hash; returns the export's address in rax (0 if absent)
find_function:
    push rbx
    push rcx
    push rdx
    push rsi
    mov eax, [rbp + 0x3C]       ; e_lfanew
    mov edx, [rbp + rax + 0x88] ; export directory RVA (PE32+)
    add rdx, rbp
    mov ecx, [rdx + 0x18]       ; NumberOfNames
    mov ebx, [rdx + 0x20]
    add rbx, rbp                ; AddressOfNames
.next_name:
    jecxz .not_found
    dec ecx
    mov esi, [rbx + rcx * 4]
    add rsi, rbp
    xor r8d, r8d
.hash:
    xor eax, eax
    lodsb
    test al, al
    jz .hashed
    ror r8d, 13
    add r8d, eax
    jmp .hash
.hashed:
    cmp r8d, edi
    jnz .next_name
    mov ebx, [rdx + 0x24]
    add rbx, rbp                ; AddressOfNameOrdinals
    movzx ecx, word [rbx + rcx * 2]
    mov ebx, [rdx + 0x1C]
    add rbx, rbp                ; AddressOfFunctions
    mov eax, [rbx + rcx * 4]
    add rax, rbp
    jmp .done
.not_found:
    xor eax, eax
.done:
    pop rsi
    pop rdx
    pop rcx
    pop rbx
    ret

user32:      db "user32.dll", 0
message_box: db "MessageBoxA", 0
