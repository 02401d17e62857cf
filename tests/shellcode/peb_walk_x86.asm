; PEB walk, x86: finds kernel32 as the third entry of
; PEB->Ldr->InMemoryOrderModuleList (exe, ntdll, kernel32), resolves
; LoadLibraryA and GetProcAddress by ROR-13 hash of their export names,
; loads user32.dll, resolves MessageBoxA and calls it.
BITS 32
ORG 0

start:
    cld
    mov eax, [fs:0x30]          ; PEB
    mov eax, [eax + 0x0C]       ; PEB->Ldr
    mov esi, [eax + 0x14]       ; InMemoryOrderModuleList.Flink: the exe
    lodsd                       ; ntdll
    xchg eax, esi
    lodsd                       ; kernel32
    mov ebp, [eax + 0x10]       ; DllBase (entry + 0x18)

    mov edi, 0xEC0E4E8E         ; ror13("LoadLibraryA")
    call find_function
    mov ebx, eax
    mov edi, 0x7C0DFCAA         ; ror13("GetProcAddress")
    call find_function
    mov esi, eax

    call .after_user32          ; pushes the string's address
    db "user32.dll", 0
.after_user32:
    call ebx                    ; LoadLibraryA("user32.dll")

    call .after_name
    db "MessageBoxA", 0
.after_name:
    push eax
    call esi                    ; GetProcAddress(user32, "MessageBoxA")

    xor ecx, ecx
    push ecx                    ; MB_OK
    push ecx                    ; caption
    push ecx                    ; text
    push ecx                    ; hWnd
    call eax                    ; MessageBoxA
    ret

; ebp = module base, edi = hash; returns the export's address in eax (0 if absent)
find_function:
    push ebx
    push ecx
    push edx
    push esi
    mov eax, [ebp + 0x3C]       ; e_lfanew
    mov edx, [ebp + eax + 0x78] ; export directory RVA
    add edx, ebp
    mov ecx, [edx + 0x18]       ; NumberOfNames
    mov ebx, [edx + 0x20]
    add ebx, ebp                ; AddressOfNames
.next_name:
    jecxz .not_found
    dec ecx
    mov esi, [ebx + ecx * 4]
    add esi, ebp
    push edx
    xor edx, edx
.hash:
    xor eax, eax
    lodsb
    test al, al
    jz .hashed
    ror edx, 13
    add edx, eax
    jmp .hash
.hashed:
    cmp edx, edi
    pop edx
    jnz .next_name
    mov ebx, [edx + 0x24]
    add ebx, ebp                ; AddressOfNameOrdinals
    movzx ecx, word [ebx + ecx * 2]
    mov ebx, [edx + 0x1C]
    add ebx, ebp                ; AddressOfFunctions
    mov eax, [ebx + ecx * 4]
    add eax, ebp
    jmp .done
.not_found:
    xor eax, eax
.done:
    pop esi
    pop edx
    pop ecx
    pop ebx
    ret
